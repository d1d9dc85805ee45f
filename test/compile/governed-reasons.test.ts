/**
 * The compiled back end builds a reason's `msg` and `details` itself when a
 * `deny` or `escalate` element is an object literal with a `msg`
 * (src/compile/gen-rule.ts, `RuleHit.msg`): the decision must be exactly
 * what `toReason` makes of the element (docs/architecture.md, "Reasons"):
 * the other fields as `details`, composite values as JSON (sets as sorted
 * arrays), a field named `__proto__` kept as a field, no `details` when
 * there is no other field, and a non-string `msg` shown by its Rego text.
 * The interpreter, which goes through `toReason`, must agree.
 */
import { describe, expect, test } from "vitest";
import { compile } from "../../src/api/compile.js";

// The values come from `input.context`, where the contract lets callers put what their policies need.
const source = `package agent.reasons

deny contains {"msg": "plain", "amount": input.context.amount, "tags": {"b", "a"}, "nested": {"k": [1, input.context.amount]}} if input.context.kind == "plain"

deny contains reason if {
	input.context.kind == "bound"
	reason := {"msg": sprintf("bound %v", [input.context.amount]), "__proto__": "a field", "args": input.context.args}
}

escalate contains {"msg": "only a message"} if input.context.kind == "only"

deny contains {"msg": input.context.amount, "x": 1} if input.context.kind == "number"

deny contains {"msg": "twice", "n": 1} if input.context.kind == "twice"

deny contains {"msg": "twice", "n": 1} if input.context.kind == "twice"

allow if input.context.kind == "only"
`;

const modules = [{ file: "r.snap", source }];
const compiled = compile({ modules });
const interpreted = compile({ modules, backend: "interpreter" });

/** The compiled back end's decision, checked against the interpreter's. */
function decideContext(context: Record<string, unknown>) {
  const input = { proposal: { id: "p-1", agent: "bot", tool: "t" }, context };
  const d = compiled.decide(input, { hashes: false });
  expect(d).toEqual(interpreted.decide(input, { hashes: false }));
  return d;
}

describe("reasons built by the compiled back end are the contract's", () => {
  test("other fields become details, composites as JSON (a set as a sorted array)", () => {
    const d = decideContext({ kind: "plain", amount: 7 });
    expect(d.effect).toBe("deny");
    expect(d.reasons).toEqual([
      { effect: "deny", package: "agent.reasons", msg: "plain", location: "r.snap:3", details: { amount: 7, tags: ["a", "b"], nested: { k: [1, 7] } } },
    ]);
  });

  test("a reason bound to a variable, with a `__proto__` field and a value from the input", () => {
    const args = { to: ["a@example.com"], n: 2 };
    const d = decideContext({ kind: "bound", amount: 12, args });
    expect(d.reasons).toHaveLength(1);
    const r = d.reasons[0]!;
    expect(r.msg).toBe("bound 12");
    expect(Object.keys(r.details!).sort()).toEqual(["__proto__", "args"]);
    expect(Object.getPrototypeOf(r.details)).toBe(Object.prototype);
    expect(r.details!["__proto__"]).toBe("a field");
    expect(r.details!["args"]).toEqual(args);
    // A copy: the decision does not share the caller's objects.
    expect(r.details!["args"]).not.toBe(args);
  });

  test("a message alone has no details", () => {
    const d = decideContext({ kind: "only" });
    expect(d.effect).toBe("escalate");
    expect(d.reasons).toEqual([{ effect: "escalate", package: "agent.reasons", msg: "only a message", location: "r.snap:10" }]);
    expect("details" in d.reasons[0]!).toBe(false);
  });

  test("a `msg` that is not a string is shown by its Rego text, with the note", () => {
    const d = decideContext({ kind: "number", amount: 3 });
    expect(d.reasons).toHaveLength(1);
    expect(d.reasons[0]!.msg).toBe('{"msg": 3, "x": 1}');
    expect(d.reasons[0]!.details!["note"]).toMatch(/not a string/);
  });

  test("the same element from two definitions is one reason, at the first definition", () => {
    const d = decideContext({ kind: "twice" });
    expect(d.reasons).toEqual([{ effect: "deny", package: "agent.reasons", msg: "twice", location: "r.snap:14", details: { n: 1 } }]);
  });
});
