// Documents nested deeper than MAX_JSON_DEPTH: every walk over a value recurses, so such a document
// must be refused by name (DESIGN.md §3: never a crash, never an allow), at the same depth everywhere.
import { describe, expect, test } from "vitest";
import { canonicalJson } from "../../src/decision/canonical.js";
import { decide } from "../../src/decision/decide.js";
import { fromJs, MAX_JSON_DEPTH, NotJsonError, TooDeepError } from "../../src/value/json.js";
import { POLICY_HASH, fixedEvaluator, inputFor, verdict } from "./evaluator-double.js";

/** `levels` arrays, each the only element of the one around it: `[[[]]]` is 3 levels. */
function nested(levels: number): unknown {
  let v: unknown[] = [];
  for (let i = 1; i < levels; i++) v = [v];
  return v;
}

const allowAll = () => fixedEvaluator(verdict("agent.a", { allow: true }));

describe("the nesting limit", () => {
  test("fromJs takes MAX_JSON_DEPTH levels and refuses one more, naming where", () => {
    expect(() => fromJs(nested(MAX_JSON_DEPTH))).not.toThrow();
    const deeper = { args: { x: nested(MAX_JSON_DEPTH) } };
    // `args` and `args.x`'s outer array add two levels above the 1,000 of `nested`.
    expect(() => fromJs(deeper)).toThrow(TooDeepError);
    try {
      fromJs(deeper);
    } catch (e) {
      expect(e).toBeInstanceOf(NotJsonError);
      // The path starts where the document does and is cut, not thousands of characters long.
      expect((e as TooDeepError).path.startsWith("args.x[0][0]")).toBe(true);
      expect((e as TooDeepError).path.length).toBeLessThanOrEqual(61);
    }
  });

  test("the canonical writer refuses what fromJs refuses, and writes what it takes", () => {
    expect(canonicalJson(nested(3))).toBe("[[[]]]");
    expect(canonicalJson(nested(MAX_JSON_DEPTH))).toBe("[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH));
    expect(() => canonicalJson(nested(MAX_JSON_DEPTH + 1))).toThrow(TooDeepError);
  });
});

describe("decide on a document far too deep for the stack", () => {
  const deep = () => inputFor("payments.charge", {}) as { proposal: { args: Record<string, unknown> } };

  test("with hashes: a deny naming the field, not a thrown RangeError, even though the policy allows", () => {
    const input = deep();
    input.proposal.args["x"] = nested(20_000);
    const d = decide(allowAll(), POLICY_HASH, input);
    expect(d.effect).toBe("deny");
    expect(d.errors).toHaveLength(1);
    expect(d.errors[0]!.code).toBe("invalid_input");
    expect(d.errors[0]!.message).toMatch(/^proposal\.args\.x\[0\]\[0\].*: nested more than 1000 levels deep/);
    expect(d.input_hash).toBeUndefined();
  });

  test("a document within the limit is decided and hashed as usual", () => {
    const input = deep();
    input.proposal.args["x"] = nested(500);
    const d = decide(allowAll(), POLICY_HASH, input);
    expect(d.effect).toBe("allow");
    expect(d.input_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test("an input whose fields throw when read is a deny, never a throw", () => {
    const input = {
      get proposal(): never {
        throw new Error("proxy refused");
      },
    };
    const d = decide(allowAll(), POLICY_HASH, input);
    expect(d.effect).toBe("deny");
    expect(d.proposal_id).toBeNull();
    expect(d.errors).toEqual([{ code: "invalid_input", message: "the input could not be read: proxy refused" }]);
  });
});
