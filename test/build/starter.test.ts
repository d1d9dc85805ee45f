/**
 * The starter library (`policies/`) built into a standalone module, imported
 * from a folder outside the repository, decides exactly as the library does
 * with the same files (`loadPolicies`, on the compiled back end and on the
 * interpreter): every recorded fixture, sessions replayed; generated inputs
 * for every governed package; bad inputs; and `query` of every rule and
 * package gives what `policy.query` gives.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPolicies } from "../../src/api/load.js";
import type { CompiledPolicy } from "../../src/api/policy.js";
import { buildModule, type BuildResult } from "../../src/build/index.js";
import { SessionHistories } from "../../src/cli/records/session.js";
import type { Decision } from "../../src/decision/contract.js";
import { serializeDecision } from "../../src/decision/decide.js";
import { validateRecord } from "../../src/decision/validate.js";
import { parseJson } from "../../src/value/json.js";
import { propertySettings } from "../properties/settings.js";
import { decideInNode, importBuilt, importedSpecifiers, removeBuiltFolder, type BuiltExports } from "./helpers.js";
import { STARTER_INPUTS } from "./starter-inputs.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let compiled: CompiledPolicy;
let interpreter: CompiledPolicy;
let result: BuildResult;
let built: BuiltExports;

beforeAll(async () => {
  compiled = await loadPolicies([join(ROOT, "policies")]);
  interpreter = await loadPolicies([join(ROOT, "policies")], { backend: "interpreter" });
  result = await buildModule(compiled);
  built = await importBuilt(result.code);
});
afterAll(removeBuiltFolder);

/** Decide with all three, expect the same bytes (with hashes and without), and return the decision. */
function same(input: unknown): Decision {
  const expected = compiled.decide(input);
  const got = built.decide(input);
  expect(serializeDecision(got)).toBe(serializeDecision(expected));
  expect(serializeDecision(interpreter.decide(input))).toBe(serializeDecision(expected));
  const fast = built.decide(input, { hashes: false });
  expect(fast.input_hash).toBeUndefined();
  expect(serializeDecision(fast)).toBe(serializeDecision(compiled.decide(input, { hashes: false })));
  return expected;
}

describe("the starter library, built", () => {
  it("has the policy_hash loadPolicies computes, and imports nothing but Node's own modules", () => {
    expect(built.policy_hash).toBe(compiled.policyHash);
    expect(result.policyHash).toBe(compiled.policyHash);
    const specifiers = importedSpecifiers(result.code);
    expect(specifiers.length).toBeGreaterThan(0);
    for (const s of specifiers) expect(s).toMatch(/^node:/);
    expect(result.packages).toEqual(compiled.evaluator.governedPackages);
  });

  it("decides every recorded fixture as the library does, sessions replayed", () => {
    const dir = join(ROOT, "fixtures/sessions");
    const effects = new Set<string>();
    const inputs: unknown[] = [];
    const decisions: Decision[] = [];
    let n = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".jsonl"))) {
      const sessions = new SessionHistories();
      for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
        if (line.trim() === "") continue;
        const checked = validateRecord(parseJson(line));
        if (!checked.ok) throw new Error(`${file}: ${JSON.stringify(checked.issues)}`);
        const input = sessions.inputFor(checked.value);
        const d = same(input);
        effects.add(d.effect);
        // A snapshot: the session's history array grows with later records.
        inputs.push(JSON.parse(JSON.stringify(input)));
        decisions.push(d);
        sessions.add(checked.value, d.effect);
        n++;
      }
    }
    expect(n).toBeGreaterThan(50);
    expect([...effects].sort()).toEqual(["allow", "deny", "escalate"]);
    // The same, with the module imported by a plain `node` process in its folder outside the repository.
    expect(decideInNode(result.code, inputs).map((l) => JSON.parse(l))).toEqual(JSON.parse(JSON.stringify(decisions)));
  });

  it.each(Object.keys(STARTER_INPUTS))("decides generated inputs for %s as the library does, and they reach it", (pkg) => {
    let reached = 0;
    fc.assert(
      fc.property(STARTER_INPUTS[pkg]!, (input) => {
        const d = same(input);
        if (d.reasons.some((r) => r.package === pkg)) reached++;
      }),
      propertySettings(120),
    );
    // The generator is about this package: some of its inputs got a reason from it.
    expect(reached).toBeGreaterThan(0);
  });

  it("reaches every effect and obligations across the generated inputs", () => {
    const all = fc.oneof(...Object.values(STARTER_INPUTS));
    const seen = new Set<string>();
    fc.assert(
      fc.property(all, (input) => {
        const d = same(input);
        seen.add(d.effect);
        if (d.obligations.length > 0) seen.add("obligations");
      }),
      propertySettings(150),
    );
    // (The fail-closed default never shows: agent.tools denies whatever it does not allow.)
    expect([...seen].sort()).toEqual(["allow", "deny", "escalate", "obligations"]);
  });

  it("fails closed on bad inputs with the same errors", () => {
    const bad: unknown[] = [
      null,
      42,
      "text",
      {},
      { proposal: { id: "p-1", agent: "a" } },
      { proposal: { id: 7, agent: "a", tool: "t", args: {} } },
      { proposal: { id: "p-1", agent: "a", tool: "t", args: [] } },
      { proposal: { id: "p-1", agent: "a", tool: "payments.charge", args: { amount: Number.NaN } } },
      { proposal: { id: "p-1", agent: "a", tool: "t", args: { f: () => 1 } } },
      { proposal: { id: "p-1", agent: "a", tool: "t" }, context: { now: "yesterday" } },
      { proposal: { id: "p-1", agent: "a", tool: "t" }, history: [{ effect: "maybe" }] },
      { proposal: { id: "p-1", agent: "a", tool: "t", extra: 1 } },
      { proposal: { id: "p-1", agent: "billing-bot", tool: "payments.charge", args: { amount: 12345678901234567890n, currency: "EUR" } } },
    ];
    for (const input of bad) {
      const d = same(input);
      expect(d.effect).toBe("deny");
    }
  });

  it("answers `query` of every rule and package path as policy.query does", () => {
    const inputs = [
      { proposal: { id: "p-1", agent: "billing-bot", tool: "payments.charge", args: { amount: 740, currency: "EUR" }, idempotency_key: "k-1" } },
      { proposal: { id: "p-2", agent: "ops-bot", tool: "sql.execute", args: { query: "DELETE FROM t" } }, context: { now: "2026-11-02T10:00:00Z", env: "production", freeze: true } },
      undefined,
    ];
    const paths = new Set(["data", "data.governance", "data.governance.outbound.email_domains", "data.agent.nothing_here", "data.nothing.at.all"]);
    for (const r of compiled.rules) {
      paths.add(r.path);
      paths.add(`data.${r.package}`);
    }
    expect(paths.size).toBeGreaterThan(100);
    for (const input of inputs) {
      for (const path of paths) {
        const expected = compiled.query(path, input === undefined ? {} : { input });
        expect(built.query(path, input), path).toEqual(expected);
      }
    }
  });

  it("says when a query was not built in, and checks the input of a query", () => {
    expect(() => built.query("x := 1")).toThrow(expect.objectContaining({ code: "query_not_built" }));
    expect(() => built.query("data.agent.payments.allow", { f: () => 1 })).toThrow(expect.objectContaining({ code: "invalid_json" }));
  });
});
