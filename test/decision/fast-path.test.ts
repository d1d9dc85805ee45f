/**
 * `decide`'s fast path (docs/architecture.md, "Decisions"): the contract's
 * fields are checked in one pass, JSON-ness and `input_hash` in one walk of
 * the canonical writer, and neither shortcut lets a bad input through that
 * the full validation would refuse.
 */
import fc from "fast-check";
import { afterEach, describe, expect, test } from "vitest";
import { canonicalHash } from "../../src/decision/canonical.js";
import type { Reason } from "../../src/decision/contract.js";
import { decide } from "../../src/decision/decide.js";
import { compareReasons, sortReasons } from "../../src/decision/reasons.js";
import { RFC3339, isRfc3339 } from "../../src/decision/schemas.js";
import { isWellFormedInput } from "../../src/decision/shape.js";
import { validateInput } from "../../src/decision/validate.js";
import type { Value } from "../../src/value/types.js";
import { POLICY_HASH, evaluatorDouble, verdict } from "./evaluator-double.js";

const proposal = { id: "p-1", agent: "billing-bot", tool: "payments.charge", args: { amount: 740, currency: "EUR" } };
const allowing = () => evaluatorDouble(() => [verdict("agent.a", { allow: true })]);

describe("with hashes (the default): the whole input must be JSON", () => {
  const cycle: Record<string, unknown> = { a: 1 };
  cycle["self"] = cycle;
  const NOT_JSON: [string, unknown, string][] = [
    ["NaN deep in a history result", { proposal, history: [{ proposal, effect: "allow", result: { rows: [1, Number.NaN] } }] }, "history[0].result.rows[1]"],
    ["Infinity in an approval", { proposal, context: { approvals: [{ n: Number.POSITIVE_INFINITY }] } }, "context.approvals[0].n"],
    ["a Date in args", { proposal: { ...proposal, args: { when: new Date(0) } } }, "proposal.args.when"],
    ["a function in meta", { proposal: { ...proposal, meta: { f: () => 1 } } }, "proposal.meta.f"],
    ["undefined in an array", { proposal, context: { tags: [1, undefined] } }, "context.tags[1]"],
    ["a cycle in a context field", { proposal, context: { graph: cycle } }, "context.graph.self"],
    ["a Map in a result", { proposal, history: [{ proposal, effect: "deny", result: new Map() }] }, "history[0].result"],
  ];
  for (const [name, input, field] of NOT_JSON) {
    test(`${name}: deny, naming the field, and the evaluator is not called`, () => {
      const ev = allowing();
      const d = decide(ev, POLICY_HASH, input);
      expect(d.effect).toBe("deny");
      expect(d.errors.map((e) => [e.code, e.field])).toEqual([["invalid_input", field]]);
      expect(ev.calls).toBe(0);
    });
  }

  test("values that are JSON but not in the value model's form are normalised first, and hash as their JSON text", () => {
    const ev = allowing();
    // An integer beyond 2^53 held as a number becomes a bigint; a property set to undefined is absent.
    const d = decide(ev, POLICY_HASH, { proposal: { ...proposal, session: undefined, args: { n: 2 ** 60 } } });
    expect(d.effect).toBe("allow");
    expect((ev.lastInput as { proposal: { args: { n: unknown } } }).proposal.args.n).toBe(2n ** 60n);
    expect(Object.hasOwn((ev.lastInput as { proposal: object }).proposal, "session")).toBe(false);
    expect(d.input_hash).toBe(canonicalHash({ proposal: { ...proposal, args: { n: 2n ** 60n } } }));
  });
});

describe("with hashes: false", () => {
  test("every field the contract names is still checked, and named", () => {
    const BAD: [unknown, string][] = [
      [{ proposal: { ...proposal, tool: 7 } }, "proposal.tool"],
      [{ proposal: { ...proposal, idempotencey_key: "k" } }, "proposal.idempotencey_key"],
      [{ proposal, contxt: {} }, "contxt"],
      [{ proposal, context: { now: "2026-02-30T10:00:00Z" } }, "context.now"],
      [{ proposal, context: { messages: [{ role: "user" }] } }, "context.messages[0].content"],
      [{ proposal, history: [{ proposal, effect: "permit" }] }, "history[0].effect"],
      [{ proposal, history: [{ proposal: { id: "a", agent: "b" }, effect: "allow" }] }, "history[0].proposal.tool"],
      [{ proposal: { ...proposal, args: [1] } }, "proposal.args"],
    ];
    for (const [input, field] of BAD) {
      const ev = allowing();
      const d = decide(ev, POLICY_HASH, input, { hashes: false });
      expect(d.effect, field).toBe("deny");
      expect(d.errors.map((e) => e.field)).toContain(field);
      expect(ev.calls).toBe(0);
    }
  });

  test("the input is handed to the evaluator as it is (no copy, no walk of the free-form values)", () => {
    const ev = allowing();
    const input = { proposal, context: { now: "2026-11-02T10:15:00Z", extra: { deep: [1, 2, 3] } } };
    expect(decide(ev, POLICY_HASH, input, { hashes: false }).effect).toBe("allow");
    expect(ev.lastInput).toBe(input);
  });
});

describe("the same decision on every path", () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  const input = fc.record(
    {
      proposal: fc.record({ id: fc.string(), agent: fc.string(), tool: fc.string(), args: fc.dictionary(fc.string(), json, { maxKeys: 4 }), session: fc.string() }, { requiredKeys: ["id", "agent", "tool"] }),
      context: fc.record({ now: fc.constantFrom("2026-11-02T10:15:00Z", "2024-02-29T23:59:59.5+01:00"), env: fc.string(), approvals: fc.array(json, { maxLength: 2 }), other: json }, { requiredKeys: [] }),
      history: fc.array(fc.record({ proposal: fc.record({ id: fc.string(), agent: fc.string(), tool: fc.string() }), effect: fc.constantFrom("allow", "deny", "escalate"), result: json }, { requiredKeys: ["proposal", "effect"] }), { maxLength: 3 }),
    },
    { requiredKeys: ["proposal"] },
  );

  test("with and without hashes, and through the full validation", () => {
    const ev = evaluatorDouble((i) => [verdict("agent.a", { allow: true, escalate: (i as { history?: unknown[] }).history?.length ? ["has history"] : [] })]);
    fc.assert(
      fc.property(input, (doc) => {
        expect(isWellFormedInput(doc as Value)).toBe(true);
        const withHash = decide(ev, POLICY_HASH, doc);
        const { input_hash, ...rest } = withHash;
        expect(rest).toEqual(decide(ev, POLICY_HASH, doc, { hashes: false }));
        const validated = validateInput(doc);
        expect(validated.ok).toBe(true);
        if (validated.ok) expect(input_hash).toBe(canonicalHash(validated.value));
      }),
      { numRuns: 500 },
    );
  });
});

describe("when a library has added an enumerable property to Object.prototype", () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>)["polluted"];
    delete (Object.prototype as Record<string, unknown>)["id"];
  });

  test("inputs are still checked field by field: valid ones pass, inherited fields do not count", () => {
    Object.defineProperty(Object.prototype, "polluted", { value: 1, enumerable: true, configurable: true, writable: true });
    expect(decide(allowing(), POLICY_HASH, { proposal, context: { now: "2026-11-02T10:15:00Z" }, history: [{ proposal, effect: "allow" }] }, { hashes: false }).effect).toBe("allow");
    Object.defineProperty(Object.prototype, "id", { value: "inherited", enumerable: true, configurable: true, writable: true });
    for (const hashes of [true, false]) {
      const ev = allowing();
      const d = decide(ev, POLICY_HASH, { proposal: { agent: "a", tool: "t" } }, { hashes });
      expect(d.effect).toBe("deny");
      expect(ev.calls).toBe(0);
    }
  });
});

describe("reason order", () => {
  const reason = fc.record(
    {
      effect: fc.constantFrom<"deny" | "escalate">("deny", "escalate"),
      package: fc.constantFrom("agent.a", "agent.b"),
      msg: fc.constantFrom("x", "y", "a\u{1f600}", "a\uff61"),
      location: fc.constantFrom("a.snap:1", "a.snap:2"),
      details: fc.constantFrom({ n: 1 }, { n: 2 }, { m: [1] }),
    },
    { requiredKeys: ["effect", "package", "msg", "location"] },
  );

  test("small and large lists sort like a plain sort and lose only exact duplicates", () => {
    fc.assert(
      fc.property(fc.array(reason, { maxLength: 40 }), (generated) => {
        const reasons = generated as Reason[];
        const expected = [...reasons].sort(compareReasons).filter((r, i, all) => i === 0 || compareReasons(all[i - 1]!, r) !== 0);
        expect(sortReasons([...reasons])).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe("the hand-written RFC 3339 check", () => {
  const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  /** The definition: the regular expression, then the length of the month. */
  function reference(s: string): boolean {
    const m = RFC3339.exec(s);
    if (!m) return false;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return day <= (month === 2 && leap ? 29 : DAYS[month - 1]!);
  }

  test("agrees with the regular expression on near-misses", () => {
    const base = fc.constantFrom("2026-11-02T10:15:00Z", "2024-02-29T23:59:59.123456789+05:30", "1900-02-28T00:00:00-00:00", "2000-12-31T24:60:60Z");
    const chars = fc.constantFrom("0", "1", "2", "3", "5", "9", "-", "+", ":", "T", "t", "Z", "z", ".", " ", "x", "\n", "٣");
    const mutated = fc.tuple(base, fc.array(fc.tuple(fc.nat(40), chars, fc.constantFrom("set", "insert", "delete")), { maxLength: 3 })).map(([s, edits]) => {
      let out: string = s;
      for (const [at, c, op] of edits) {
        const i = at % (out.length + 1);
        out = op === "set" ? out.slice(0, i) + c + out.slice(i + 1) : op === "insert" ? out.slice(0, i) + c + out.slice(i) : out.slice(0, i) + out.slice(i + 1);
      }
      return out;
    });
    const dates = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.stringMatching(/^(\.\d{0,11})?$/)).map(
      ([y, m, d, frac]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}T12:00:00${frac}Z`,
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(mutated, dates, fc.string()), (s) => {
        expect(isRfc3339(s), s).toBe(reference(s));
        if (reference(s)) accepted++;
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});
