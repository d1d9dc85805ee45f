// The large admission policy of fixtures/large/: it compiles in v0-compatible mode and decides as reasoned
// by hand from its rules (see the comments for why each message is expected).
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { loadPolicies } from "../../src/api/load.js";
import { toJson } from "../../src/value/json.js";

const dir = new URL("../../fixtures/large/", import.meta.url).pathname;
const input = (name: string) => JSON.parse(readFileSync(`${dir}inputs/${name}.json`, "utf8")) as unknown;
const load = () => loadPolicies([`${dir}core.rego`, `${dir}teams.rego`], { regoVersion: 0, data: [`${dir}data.json`] });

describe("fixtures/large admission policy", () => {
  test("is large: tens of kilobytes, hundreds of rules and functions", async () => {
    const p = await load();
    const bytes = p.sources.reduce((n, s) => n + s.text.length, 0);
    expect(bytes).toBeGreaterThan(50_000);
    expect(p.rules.length).toBeGreaterThan(300);
    expect(p.rules.filter((r) => r.kind === "function").length).toBeGreaterThan(40);
  });

  test("is v0 syntax: it does not parse as v1", async () => {
    await expect(loadPolicies([`${dir}core.rego`], { data: [`${dir}data.json`] })).rejects.toMatchObject({ name: "SnapError" });
  });

  test("a compliant pod of team-03 is admitted", async () => {
    const p = await load();
    expect(p.evaluatePath("k8s.admission.deny", { input: input("compliant-pod") })).toEqual(expect.objectContaining({ size: 0 }));
    expect(toJson(p.evaluatePath("k8s.admission.response", { input: input("compliant-pod") })!)).toEqual({
      uid: "7d2f9a1e-0001",
      allowed: true,
      status: { message: "" },
    });
  });

  test("a risky deployment of team-07 is denied for each broken rule", async () => {
    const p = await load();
    const deny = toJson(p.evaluatePath("k8s.admission.deny", { input: input("risky-deployment") })!);
    expect(deny).toEqual([
      // required_labels are app and owner; only app is set
      'Deployment "web" is missing the required label "owner"',
      // SYS_ADMIN is in dangerous_capabilities
      'container "web" adds the dangerous capability SYS_ADMIN',
      // no resources at all
      'container "web" has no cpu limit',
      'container "web" has no memory limit',
      'container "web" is privileged',
      // a Deployment with a containerPort needs a readinessProbe
      'container "web" must define a readinessProbe',
      'container "web" must drop ALL capabilities',
      'container "web" must set runAsNonRoot',
      'container "web" must use a read-only root filesystem',
      // "nginx" has no host part: docker.io, which is not allowed
      'container "web" pulls from "docker.io", which is not an allowed registry',
      // no tag and no digest: latest
      'container "web" uses the mutable tag `latest` (nginx)',
      // team-07's maximum is 3 + (7 * 7) % 20 = 12
      "team-07: 30 replicas exceed the team maximum of 12",
      'team-07: cost-center "" must look like cc-07NN',
      'team-07: image "nginx" is not from a team registry (registry.team-07.example.com/, ghcr.io/example/team-07/)',
      'team-07: missing annotation "admission.example.com/owner"',
    ]);
    expect(p.evaluatePath("k8s.admission.allowed", { input: input("risky-deployment") })).toBeUndefined();
  });

  test("an image from an allowed registry under the team's prefix, pinned by digest, removes exactly the three image messages", async () => {
    const p = await load();
    const base = input("risky-deployment") as { request: { object: { spec: { template: { spec: { containers: { image: string }[] } } } } } };
    base.request.object.spec.template.spec.containers[0]!.image = `ghcr.io/example/team-07/web@sha256:${"a".repeat(64)}`;
    const deny = toJson(p.evaluatePath("k8s.admission.deny", { input: base })!) as string[];
    expect(deny.filter((m) => m.includes("image") || m.includes("registry") || m.includes("latest"))).toEqual([]);
    expect(deny).toHaveLength(12);
  });
});
