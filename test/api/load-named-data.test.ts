import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPolicies } from "../../src/api/index.js";

const dir = mkdtempSync(join(tmpdir(), "snapspace-named-data-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadPolicies with a data file named among the paths", () => {
  it("mounts a named JSON or YAML file at the root, as `opa eval -d limits.json` does", async () => {
    writeFileSync(join(dir, "p.snap"), "package t\n\nlimit := data.limits.charge\n\nzone := data.zone\n");
    writeFileSync(join(dir, "limits.json"), '{"limits": {"charge": 500}}');
    writeFileSync(join(dir, "zone.yaml"), "zone: eu\n");
    const policy = await loadPolicies([join(dir, "p.snap"), join(dir, "limits.json"), join(dir, "zone.yaml")]);
    expect(policy.query("data.t.limit")[0]!.expressions).toEqual([500]);
    expect(policy.query("data.t.zone")[0]!.expressions).toEqual(["eu"]);
  });

  it("still reads a named file of another extension as a policy", async () => {
    writeFileSync(join(dir, "policy.txt"), "package u\n\nok := true\n");
    const policy = await loadPolicies([join(dir, "policy.txt")]);
    expect(policy.query("data.u.ok")[0]!.expressions).toEqual([true]);
  });
});
