import { describe, expect, test } from "vitest";
import { NON_STANDARD_REASON_NOTE, sortObligations, sortReasons, toReason } from "../../src/decision/reasons.js";
import type { Reason } from "../../src/decision/contract.js";
import { ObjectBuilder } from "../../src/value/keyed-object.js";
import { SetValue } from "../../src/value/set.js";
import type { Value } from "../../src/value/types.js";

const at = (value: Value) => ({ value, location: "policies/p.snap:12" });

describe("reason normalisation", () => {
  test("a string is the msg", () => {
    expect(toReason("deny", "agent.sql", at("no DROP in production"))).toEqual({ effect: "deny", package: "agent.sql", msg: "no DROP in production", location: "policies/p.snap:12" });
  });

  test("an object with a string msg: the other fields are details", () => {
    expect(toReason("escalate", "agent.pay", at({ msg: "over 500", amount: 740, currency: "EUR", tags: ["a"] }))).toEqual({
      effect: "escalate",
      package: "agent.pay",
      msg: "over 500",
      location: "policies/p.snap:12",
      details: { amount: 740, currency: "EUR", tags: ["a"] },
    });
  });

  test("an object with only msg has no details", () => {
    expect(toReason("deny", "a", at({ msg: "x" }))).not.toHaveProperty("details");
  });

  test("sets inside details become sorted arrays, non-string keys their Rego text", () => {
    const b = new ObjectBuilder();
    b.set("msg", "m");
    b.set(1, SetValue.from(["b", "a"]));
    expect(toReason("deny", "a", at(b.build())).details).toEqual({ "1": ["a", "b"] });
  });

  test("a `__proto__` field stays a field", () => {
    const v = JSON.parse('{"msg": "m", "__proto__": {"x": 1}}') as Value;
    const r = toReason("deny", "a", at(v));
    expect(Object.hasOwn(r.details!, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(r.details)).toBe(Object.prototype);
  });

  test("other values are reported as their Rego text with a note", () => {
    const cases: [Value, string][] = [
      [42, "42"],
      [true, "true"],
      [null, "null"],
      [["a", 1], '["a", 1]'],
      [SetValue.from(["b", "a"]), '{"a", "b"}'],
      [{ message: "not msg" }, '{"message": "not msg"}'],
      [{ msg: 5 }, '{"msg": 5}'],
    ];
    for (const [value, msg] of cases) {
      expect(toReason("deny", "a", at(value))).toEqual({ effect: "deny", package: "a", msg, location: "policies/p.snap:12", details: { note: NON_STANDARD_REASON_NOTE } });
    }
  });
});

describe("sorting", () => {
  const r = (effect: "deny" | "escalate", pkg: string, msg: string, location = "f:1", details?: Reason["details"]): Reason => ({ effect, package: pkg, msg, location, ...(details ? { details } : {}) });

  test("by effect, package, msg, location, details; duplicates dropped", () => {
    const sorted = sortReasons([
      r("escalate", "a", "x"),
      r("deny", "b", "x"),
      r("deny", "a", "y"),
      r("deny", "a", "x", "f:2"),
      r("deny", "a", "x", "f:1", { n: 2 }),
      r("deny", "a", "x", "f:1", { n: 1 }),
      r("deny", "a", "x", "f:1"),
      r("deny", "a", "x", "f:1"),
    ]);
    expect(sorted).toEqual([
      r("deny", "a", "x", "f:1"),
      r("deny", "a", "x", "f:1", { n: 1 }),
      r("deny", "a", "x", "f:1", { n: 2 }),
      r("deny", "a", "x", "f:2"),
      r("deny", "a", "y"),
      r("deny", "b", "x"),
      r("escalate", "a", "x"),
    ]);
  });

  test("messages sort by code point, not by locale", () => {
    expect(sortReasons([r("deny", "a", "b"), r("deny", "a", "B"), r("deny", "a", "ä")]).map((x) => x.msg)).toEqual(["B", "b", "ä"]);
  });

  test("obligations: by canonical JSON, duplicates (in any key order) dropped", () => {
    expect(sortObligations([{ type: "notify" }, { tool: "r", type: "compensate" }, { type: "compensate", tool: "r" }, "s"])).toEqual(['s', { tool: "r", type: "compensate" }, { type: "notify" }]);
  });
});
