import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { canonicalHash, canonicalJson, sha256Hex } from "../../src/decision/canonical.js";
import { serializeDecision } from "../../src/decision/decide.js";
import type { Decision } from "../../src/decision/contract.js";
import { KeyedObject, ObjectBuilder } from "../../src/value/keyed-object.js";
import { NotJsonError, parseJson } from "../../src/value/json.js";
import { SetValue } from "../../src/value/set.js";

describe("RFC 8785 canonical JSON", () => {
  test("the example of RFC 8785 §3.2.2 (numbers, strings, literals)", () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  test("property order of RFC 8785 §3.2.3 (UTF-16 code units)", () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
    // JSON.parse re-orders integer-like keys, so compare the text order instead.
    const text = canonicalJson(input);
    const order = ["Carriage Return", "One", "Control", "Latin Small", "Euro Sign", "Emoji", "Hebrew"].map((s) => text.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(keys).toHaveLength(7);
  });

  test("no whitespace, -0 as 0, nested arrays and objects", () => {
    expect(canonicalJson({ b: [1, { d: -0, c: "x" }], a: null })).toBe('{"a":null,"b":[1,{"c":"x","d":0}]}');
  });

  test("the same document in any key order gives the same text", () => {
    expect(canonicalJson(JSON.parse('{"a":{"x":1,"y":2},"b":[3]}'))).toBe(canonicalJson(JSON.parse('{ "b" : [ 3 ] , "a" : { "y" : 2 , "x" : 1 } }')));
  });

  test("integers beyond 2^53 keep their digits", () => {
    const v = parseJson('{"amount": 123456789012345678901234567890, "small": 1}');
    expect(canonicalJson(v)).toBe('{"amount":123456789012345678901234567890,"small":1}');
    expect(canonicalJson([9007199254740993n])).toBe("[9007199254740993]");
  });

  test("lone surrogates are escaped instead of refused", () => {
    expect(canonicalJson({ s: "a\ud800b" })).toBe('{"s":"a\\ud800b"}');
    expect(canonicalJson({ "\udc00": 1 })).toBe('{"\\udc00":1}');
    // A proper pair stays as it is.
    expect(canonicalJson("😀")).toBe('"😀"');
  });

  test("sets and objects with non-string keys print as OPA's JSON API does", () => {
    const keyed = new ObjectBuilder();
    keyed.set(2, "two");
    keyed.set("a", SetValue.from(["z", "y"]));
    const obj = keyed.build();
    expect(obj).toBeInstanceOf(KeyedObject);
    expect(canonicalJson({ k: obj })).toBe('{"k":{"2":"two","a":["y","z"]}}');
  });

  test("undefined properties are left out, as JSON.stringify does", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  test("non-JSON values are refused with NotJsonError", () => {
    expect(() => canonicalJson({ f: () => 1 })).toThrow(NotJsonError);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(NotJsonError);
    expect(() => canonicalJson(new Date(0))).toThrow(NotJsonError);
  });
});

describe("hashes", () => {
  test("sha256Hex of a known string (FIPS 180-2 test vector)", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  test("canonicalHash is sha256 of the canonical text, checked with node:crypto on a literal", () => {
    const literal = '{"a":[1,2],"b":{"c":"d"}}';
    expect(canonicalHash({ b: { c: "d" }, a: [1, 2] })).toBe(`sha256:${createHash("sha256").update(literal).digest("hex")}`);
  });

  test("UTF-8 bytes are hashed, not UTF-16", () => {
    expect(sha256Hex("€")).toBe(createHash("sha256").update(Buffer.from([0xe2, 0x82, 0xac])).digest("hex"));
  });
});

describe("serializeDecision", () => {
  const decision: Decision = {
    proposal_id: "p-1",
    effect: "escalate",
    reasons: [{ effect: "escalate", package: "agent.payments", msg: "over 500", location: "p.snap:3", details: { limit: 500, currency: "EUR" } }],
    obligations: [{ type: "compensate", tool: "payments.refund" }],
    policy_hash: "sha256:00",
    errors: [],
  };

  test("is canonical: key order of the object does not matter", () => {
    const shuffled = {
      errors: [],
      obligations: [{ tool: "payments.refund", type: "compensate" }],
      reasons: [{ location: "p.snap:3", details: { currency: "EUR", limit: 500 }, msg: "over 500", package: "agent.payments", effect: "escalate" }],
      policy_hash: "sha256:00",
      effect: "escalate",
      proposal_id: "p-1",
    } as unknown as Decision;
    expect(serializeDecision(shuffled)).toBe(serializeDecision(decision));
  });

  test("the exact bytes", () => {
    expect(serializeDecision(decision)).toBe(
      '{"effect":"escalate","errors":[],"obligations":[{"tool":"payments.refund","type":"compensate"}],"policy_hash":"sha256:00","proposal_id":"p-1","reasons":[{"details":{"currency":"EUR","limit":500},"effect":"escalate","location":"p.snap:3","msg":"over 500","package":"agent.payments"}]}',
    );
  });
});
