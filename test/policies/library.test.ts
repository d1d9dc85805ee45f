/**
 * The starter policy library (`policies/`): every `test_*` rule of its
 * `_test.snap` files passes, every governing package is exercised, and the
 * recorded sessions in `fixtures/sessions/` meet every expectation when
 * replayed with `--session`.
 */
import { readdirSync } from "node:fs";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadPolicies } from "../../src/api/load.js";
import { evaluateRecords } from "../../src/cli/eval.js";
import { findTests, runTests } from "../../src/cli/test.js";

const POLICIES = fileURLToPath(new URL("../../policies/", import.meta.url));
const SESSIONS = fileURLToPath(new URL("../../fixtures/sessions/", import.meta.url));
const policy = await loadPolicies([POLICIES]);

describe("the library's own tests", () => {
  const tests = findTests(policy);

  it("every policy file has a test file, and every test file has tests", () => {
    const files = readdirSync(POLICIES, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".snap"));
    const policiesOnly = files.filter((f) => !f.endsWith("_test.snap"));
    for (const f of policiesOnly) expect(files, f).toContain(f.replace(/\.snap$/, "_test.snap"));
    const testFiles = new Set(tests.map((t) => t.file.replace(/^.*policies\//, "")));
    for (const f of files.filter((x) => x.endsWith("_test.snap"))) expect(testFiles, f).toContain(f);
  });

  for (const t of tests) {
    it(t.name, () => {
      const [result] = runTests(policy, new RegExp(`^${t.name.replace(/\./g, "\\.")}$`));
      expect(result, JSON.stringify(result)).toMatchObject({ result: "pass" });
    });
  }
});

describe("the governing packages", () => {
  it("are the eight documented areas, and each that permits says allow", () => {
    expect(policy.evaluator.governedPackages).toEqual([
      "agent.budgets",
      "agent.exfiltration",
      "agent.freeze",
      "agent.idempotency",
      "agent.irreversible",
      "agent.outbound",
      "agent.payments",
      "agent.tools",
    ]);
    const allowing = new Set(policy.rules.filter((r) => r.name === "allow").map((r) => r.package));
    expect([...allowing].sort()).toEqual(["agent.freeze", "agent.irreversible", "agent.outbound", "agent.payments", "agent.tools"]);
  });

  it("use only deterministic built-ins (the policy set compiled, which rejects any other)", () => {
    expect(policy.policyHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe("the recorded sessions", () => {
  it("meet every expectation with session replay, exercising every package's deny, escalate and obligations", async () => {
    const files = readdirSync(SESSIONS).filter((f) => f.endsWith(".jsonl")).sort().map((f) => SESSIONS + f);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    let err = "";
    stdout.on("data", (c: Buffer) => (out += c.toString()));
    stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await evaluateRecords(files, policy, undefined, { format: "jsonl", session: true, failOn: new Set(), color: false }, { stdout, stderr, stdin: new PassThrough() });
    expect(err).toBe("");
    expect(code).toBe(0);
    const decisions = out.trim().split("\n").map((l) => JSON.parse(l) as { effect: string; reasons: { effect: string; package: string }[]; obligations: { tool: string }[] });
    const effects = new Set(decisions.map((d) => d.effect));
    expect([...effects].sort()).toEqual(["allow", "deny", "escalate"]);
    const hit = new Set(decisions.flatMap((d) => d.reasons.map((r) => `${r.effect} ${r.package}`)));
    for (const pkg of ["budgets", "exfiltration", "freeze", "idempotency", "outbound", "payments", "tools"]) expect(hit, pkg).toContain(`deny agent.${pkg}`);
    for (const pkg of ["budgets", "freeze", "irreversible", "outbound", "payments"]) expect(hit, pkg).toContain(`escalate agent.${pkg}`);
    expect(decisions.some((d) => d.obligations.some((o) => o.tool === "payments.refund"))).toBe(true);
  });
});
