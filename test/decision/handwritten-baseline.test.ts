/**
 * The hand-written baseline of the benchmarks (bench/handwritten/payments.mjs)
 * decides exactly as `decide` does with the same policy files loaded: on
 * every recorded fixture (sessions replayed, so the duplicate rule sees real
 * histories) and on generated proposals that reach every rule of both
 * packages. A benchmark against a function that decides differently would
 * measure nothing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { paymentInputs, twoKilobyteInput } from "../../bench/handwritten/inputs.mjs";
import { decideHandwritten, HANDWRITTEN_POLICY_FILES, HANDWRITTEN_POLICY_HASH } from "../../bench/handwritten/payments.mjs";
import { loadPolicies } from "../../src/api/load.js";
import type { CompiledPolicy } from "../../src/api/policy.js";
import { SessionHistories } from "../../src/cli/records/session.js";
import type { Decision } from "../../src/decision/contract.js";
import { validateInput, validateRecord } from "../../src/decision/validate.js";
import { parseJson } from "../../src/value/json.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let policy: CompiledPolicy;
const seenEffects = new Set<string>();
const seenLocations = new Set<string>();

beforeAll(async () => {
  // Locations are display paths relative to the working folder: load from the root, as the benchmarks do.
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    policy = await loadPolicies([...HANDWRITTEN_POLICY_FILES]);
  } finally {
    process.chdir(cwd);
  }
});

function same(input: unknown): Decision {
  expect(validateInput(input).ok).toBe(true);
  const expected = policy.decide(input, { hashes: false });
  const actual = decideHandwritten(input);
  expect(actual).toEqual(expected);
  seenEffects.add(expected.effect);
  for (const r of expected.reasons) seenLocations.add(r.location);
  return expected;
}

test("stands for the policy files it names (same policy_hash)", () => {
  expect(policy.evaluator.governedPackages).toEqual(["agent.idempotency", "agent.payments"]);
  expect(HANDWRITTEN_POLICY_HASH).toBe(policy.policyHash);
});

test("decides every recorded fixture record as decide does, sessions replayed", () => {
  const dir = join(ROOT, "fixtures/sessions");
  let n = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".jsonl"))) {
    const sessions = new SessionHistories();
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const checked = validateRecord(parseJson(line));
      if (!checked.ok) throw new Error(`${file}: ${JSON.stringify(checked.issues)}`);
      const input = sessions.inputFor(checked.value);
      sessions.add(checked.value, same(input).effect);
      n++;
    }
  }
  expect(n).toBeGreaterThan(50);
});

test("decides the benchmarks' own inputs as decide does", () => {
  for (const input of [...paymentInputs(), twoKilobyteInput()]) same(input);
});

// --- Generated proposals that reach every rule -------------------------------------------------

const ids = fc.constantFrom("p-1", "p-2", "p-3", "p-10", "p-1!", 'p-"q"');
const agents = fc.constantFrom("billing-bot", "support-bot");
const tools = fc.constantFrom("payments.charge", "payments.charge", "payments.refund", "crm.lookup");
const keys = fc.constantFrom("k-1", "k-2", "");
const amounts = fc.oneof(
  fc.integer({ min: -5, max: 1_600_000 }),
  fc.double({ min: -1, max: 2_000_000, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, 500, 501, 400, 10000, 10001, 75000, 1500000, 1500000.5, 0.00001, 0.5, 740.25, 12345678901234567890n, 1e21),
  fc.constantFrom("740", null, true, [740], { n: 1 }),
);
const currencies = fc.oneof(
  fc.constantFrom("EUR", "USD", "GBP", "JPY"),
  fc.constantFrom("XYZ", "eur", "constructor", "__proto__", "", "€"),
  fc.constantFrom(7, 1.5, 1234567.5, null, true, false, ["EUR"], { code: "EUR", n: [1, "x"] }),
);
const args = fc.record({ amount: amounts, currency: currencies, customer: fc.constant("c-9") }, { requiredKeys: [] });
const proposal = fc.record(
  { id: ids, agent: agents, tool: tools, args, idempotency_key: keys, session: fc.constant("s-1") },
  { requiredKeys: ["id", "agent", "tool"] },
);
const approval = fc.oneof(
  fc.record({ proposal_id: ids, by: fc.constantFrom("dana@acme.example", "billing-bot", "", 7) }, { requiredKeys: [] }),
  fc.constantFrom("p-1", null, ["p-1"]),
);
const context = fc.record(
  { now: fc.constant("2026-11-02T10:15:00Z"), env: fc.constant("production"), approvals: fc.array(approval, { maxLength: 3 }) },
  { requiredKeys: [] },
);
const historyEntry = fc.record(
  { proposal, effect: fc.constantFrom("allow", "allow", "deny", "escalate"), result: fc.constant({ status: "ok" }) },
  { requiredKeys: ["proposal", "effect"] },
);
const input = fc.record({ proposal, context, history: fc.array(historyEntry, { maxLength: 4 }) }, { requiredKeys: ["proposal"] });

describe("generated inputs", () => {
  test("decide the same, and reach every effect and every rule", () => {
    fc.assert(
      fc.property(input, (doc) => {
        same(doc);
      }),
      { numRuns: 3000 },
    );
    expect([...seenEffects].sort()).toEqual(["allow", "deny", "escalate"]);
    // Every rule that gives a reason was reached (plus the default reason).
    expect(seenLocations.size).toBe(9);
  });

  test("and through JSON text, as the CLI reads inputs", () => {
    fc.assert(
      fc.property(input, (doc) => {
        // Big integers as digits in the text, as a recorded file has them.
        const text = JSON.stringify(doc, (_k, v: unknown) => (typeof v === "bigint" ? `__big:${v}` : v)).replace(/"__big:(\d+)"/g, "$1");
        same(parseJson(text));
      }),
      { numRuns: 500 },
    );
  });
});
