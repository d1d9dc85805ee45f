/**
 * Properties of the decision layer, over the starter policy library and
 * generated proposals (DESIGN.md §7): determinism under key order and
 * repetition, stable canonical JSON, session isolation, and the agreement of
 * the fast structural check with the zod schemas.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { loadPolicies } from "../../src/api/load.js";
import type { CompiledPolicy } from "../../src/api/policy.js";
import { canonicalJson } from "../../src/decision/canonical.js";
import type { Decision } from "../../src/decision/contract.js";
import { serializeDecision } from "../../src/decision/decide.js";
import { EvalInputSchema, RecordSchema, type RecordedProposal } from "../../src/decision/schemas.js";
import { isPlainJsonValue, isWellFormedInput, isWellFormedRecord } from "../../src/decision/shape.js";
import { fromJs } from "../../src/value/json.js";
import { SessionHistories } from "../../src/cli/records/session.js";
import type { Value } from "../../src/value/types.js";
import { propertySettings } from "./settings.js";

const POLICIES = fileURLToPath(new URL("../../policies/", import.meta.url));
let policy: CompiledPolicy;
beforeAll(async () => {
  policy = await loadPolicies([POLICIES]);
});

// --- Generators: proposals the starter library has opinions about. -----------------------

const agents = fc.constantFrom("billing-bot", "ops-bot", "support-bot", "research-bot", "intern-bot");
const tools = fc.constantFrom("payments.charge", "payments.refund", "sql.execute", "deploy.release", "email.send", "http.request", "files.read", "files.delete", "crm.lookup", "slack.post");
const argsFor = fc.oneof(
  fc.record({ amount: fc.oneof(fc.integer({ min: -10, max: 20000 }), fc.double({ min: 0, max: 20000, noNaN: true })), currency: fc.constantFrom("EUR", "USD", "JPY", "XYZ") }),
  fc.record({ query: fc.constantFrom("SELECT 1", "DELETE FROM t", "DROP TABLE users", "UPDATE a SET b = 1 WHERE c = 2") }),
  fc.record({ to: fc.constantFrom("a@acme.example", "x@gmail.example", ["a@acme.example", "b@rival.example"]) }),
  fc.record({ url: fc.constantFrom("https://api.acme.example/x", "https://paste.example/y") }),
  fc.record({ path: fc.constantFrom("README.md", "/srv/app/.env", "id_rsa") }),
  fc.record({ workspace: fc.constantFrom("acme", "partner-co") }),
);

const proposal = (session?: fc.Arbitrary<string>) =>
  fc.record(
    {
      id: fc.stringMatching(/^p-[0-9]{1,4}$/),
      agent: agents,
      tool: tools,
      args: argsFor,
      idempotency_key: fc.constantFrom("k-1", "k-2", "k-3"),
      ...(session ? { session } : {}),
    },
    { requiredKeys: session ? ["id", "agent", "tool", "args", "session"] : ["id", "agent", "tool", "args"] },
  );

const context = fc.record(
  {
    now: fc.constantFrom("2026-11-02T10:00:00Z", "2026-11-02T10:09:00Z", "2026-11-03T08:00:00Z"),
    env: fc.constantFrom("production", "staging"),
    freeze: fc.boolean(),
    approvals: fc.array(fc.record({ proposal_id: fc.constantFrom("p-1", "p-2"), by: fc.constantFrom("dana@acme.example", "billing-bot") }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

const historyEntry = fc.record(
  { proposal: proposal(), effect: fc.constantFrom("allow", "deny", "escalate"), result: fc.record({ created: fc.constantFrom("2026-11-02T09:55:00Z", "2026-11-02T10:05:00Z") }) },
  { requiredKeys: ["proposal", "effect"] },
);

const input = fc.record({ proposal: proposal(), context, history: fc.array(historyEntry, { maxLength: 5 }) }, { requiredKeys: ["proposal"] });

/** The same JSON with every object's keys in another (seeded) order. */
function reorder(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => reorder(x, seed + i));
  if (v === null || typeof v !== "object") return v;
  const keys = Object.keys(v);
  const shuffled = keys.map((k, i) => ({ k, r: Math.sin(seed * 31 + i * 17) })).sort((a, b) => a.r - b.r);
  const out: Record<string, unknown> = {};
  for (const { k } of shuffled) out[k] = reorder((v as Record<string, unknown>)[k], seed + 1);
  return out;
}

describe("decide is deterministic", () => {
  it("under key reordering of the input, and on repeated evaluation", () => {
    fc.assert(
      fc.property(input, fc.integer(), (inp, seed) => {
        const first = serializeDecision(policy.decide(inp));
        expect(serializeDecision(policy.decide(reorder(inp, seed)))).toBe(first);
        // Again, after other evaluations have run on the same policy.
        expect(serializeDecision(policy.decide(inp))).toBe(first);
        // The same effect and reasons without hashes.
        const fast = policy.decide(inp, { hashes: false });
        expect(fast.effect).toBe(JSON.parse(first).effect);
      }),
      propertySettings(150),
    );
  });

  it("never allows an input that is not valid", () => {
    const broken = input.chain((inp) =>
      fc.constantFrom<unknown>(
        { ...inp, proposal: { ...inp.proposal, tool: 7 } },
        { ...inp, proposal: { ...inp.proposal, id: undefined, agent: null } },
        { ...inp, extra: true },
        { ...inp, history: "none" },
        { ...inp, context: { ...inp.context, now: "tomorrow" } },
      ),
    );
    fc.assert(
      fc.property(broken, (inp) => {
        const d = policy.decide(inp);
        expect(d.effect).toBe("deny");
        expect(d.errors.length).toBeGreaterThan(0);
        expect(d.errors.every((e) => e.code === "invalid_input" && typeof e.field === "string")).toBe(true);
      }),
      propertySettings(100),
    );
  });
});

describe("canonical JSON", () => {
  it("is idempotent and the same for a decision read back from its bytes", () => {
    fc.assert(
      fc.property(input, (inp) => {
        const d = policy.decide(inp);
        const bytes = serializeDecision(d);
        expect(serializeDecision(JSON.parse(bytes) as Decision)).toBe(bytes);
        expect(canonicalJson(JSON.parse(canonicalJson(inp)))).toBe(canonicalJson(inp));
      }),
      propertySettings(100),
    );
  });

  it("any JSON value: idempotent, independent of key order", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (v, seed) => {
        const text = canonicalJson(v);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(canonicalJson(reorder(v, seed))).toBe(text);
      }),
      propertySettings(300),
    );
  });
});

describe("--session semantics", () => {
  /** Decide records in order with session replay; the decisions by proposal id. */
  function replay(records: readonly RecordedProposal[]): Map<string, string> {
    const sessions = new SessionHistories();
    const out = new Map<string, string>();
    for (const r of records) {
      const d = policy.decide(sessions.inputFor(r));
      sessions.add(r, d.effect);
      out.set(r.proposal.id, serializeDecision(d));
    }
    return out;
  }

  const sessionRecords = (session: string, prefix: string) =>
    fc.array(fc.record({ proposal: proposal(fc.constant(session)), context }, { requiredKeys: ["proposal"] }), { minLength: 1, maxLength: 6 }).map((rs) =>
      rs.map((r, i) => ({ ...r, proposal: { ...r.proposal, id: `${prefix}-${i}` } }) as RecordedProposal),
    );

  /** Merge two sequences keeping each one's order, choosing by `picks`. */
  function interleave<T>(a: readonly T[], b: readonly T[], picks: readonly boolean[]): T[] {
    const out: T[] = [];
    let i = 0;
    let j = 0;
    for (const pickA of picks) {
      if (i < a.length && (pickA || j >= b.length)) out.push(a[i++]!);
      else if (j < b.length) out.push(b[j++]!);
    }
    while (i < a.length) out.push(a[i++]!);
    while (j < b.length) out.push(b[j++]!);
    return out;
  }

  it("a record's decision does not depend on records of other sessions", () => {
    fc.assert(
      fc.property(sessionRecords("s-a", "a"), sessionRecords("s-b", "b"), fc.array(fc.boolean(), { maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), (a, b, p1, p2) => {
        const one = replay(interleave(a, b, p1));
        const two = replay(interleave(a, b, p2));
        const alone = replay(a);
        for (const [id, d] of one) expect(two.get(id)).toBe(d);
        for (const [id, d] of alone) expect(one.get(id)).toBe(d);
      }),
      propertySettings(60),
    );
  });
});

describe("the fast structural check agrees with the zod schemas", () => {
  /** Valid documents with one random field broken, removed or added. */
  const mutated = (base: fc.Arbitrary<Record<string, unknown>>) =>
    fc.tuple(base, fc.array(fc.constantFrom("proposal", "context", "history", "result", "expect", "id", "agent", "tool", "args", "session", "now", "messages", "approvals", "effect", "role"), { maxLength: 3 }), fc.jsonValue())
      .map(([doc, keys, junk]) => {
        // Replace the first matching field found at any depth, keys in turn.
        let out: unknown = doc;
        for (const key of keys) out = replaceFirst(out, key, junk);
        return out as Value;
      });

  function replaceFirst(v: unknown, key: string, junk: unknown): unknown {
    if (Array.isArray(v)) return v.length > 0 ? [replaceFirst(v[0], key, junk), ...v.slice(1)] : v;
    if (v === null || typeof v !== "object") return v;
    const o = { ...(v as Record<string, unknown>) };
    if (Object.hasOwn(o, key)) {
      if (junk === null) delete o[key];
      else o[key] = junk;
      return o;
    }
    for (const k of Object.keys(o)) o[k] = replaceFirst(o[k], key, junk);
    return o;
  }

  it("on inputs", () => {
    const withMessages = input.map((i) => ({ ...i, context: { ...i.context, messages: [{ role: "user", content: "ok" }] } }));
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(mutated(withMessages as fc.Arbitrary<Record<string, unknown>>), (doc) => {
        const ok = EvalInputSchema.safeParse(doc).success;
        seen[ok ? "valid" : "invalid"]++;
        expect(isWellFormedInput(doc)).toBe(ok);
      }),
      propertySettings(1000),
    );
    // The generator reaches both sides, or agreement would be trivial.
    expect(seen.valid).toBeGreaterThan(0);
    expect(seen.invalid).toBeGreaterThan(0);
  });

  it("on records", () => {
    const record = fc.record({ proposal: proposal(fc.constant("s-1")), context, result: fc.jsonValue(), expect: fc.constantFrom("allow", "deny", "escalate") }, { requiredKeys: ["proposal"] });
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(mutated(record as fc.Arbitrary<Record<string, unknown>>), (doc) => {
        const ok = RecordSchema.safeParse(doc).success;
        seen[ok ? "valid" : "invalid"]++;
        expect(isWellFormedRecord(doc)).toBe(ok);
      }),
      propertySettings(1000),
    );
    expect(seen.valid).toBeGreaterThan(0);
    expect(seen.invalid).toBeGreaterThan(0);
  });
});

describe("the fast JSON check", () => {
  it("says yes only for values fromJs returns unchanged", () => {
    const odd = fc.constantFrom<unknown>(2 ** 53, -(2 ** 60), 1.5, Number.NaN, Number.POSITIVE_INFINITY, undefined, 12n, () => 1, new Date(0), Object.create(null));
    const values = fc.oneof(fc.jsonValue(), fc.array(odd, { maxLength: 2 }), fc.dictionary(fc.string(), odd, { maxKeys: 2 }));
    fc.assert(
      fc.property(values, (v) => {
        if (!isPlainJsonValue(v)) return;
        expect(fromJs(v)).toBe(v);
      }),
      propertySettings(1000),
    );
    expect(isPlainJsonValue({ a: [1, "x", null, { b: true }] })).toBe(true);
    for (const v of [{ a: undefined }, [2 ** 53], { n: Number.NaN }, 5n, new Date(0)]) expect(isPlainJsonValue(v)).toBe(false);
  });
});
