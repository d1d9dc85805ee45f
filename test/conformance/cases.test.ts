// The case reader: YAML values mean what they mean in the case format (`../shared/conformance/README.md`),
// where an expected result is a Rego value (its keys may be any value) and number text is read as Rego reads it.
import { describe, expect, test } from "vitest";
import { ObjectBuilder, equal, toRegoText } from "../../src/value/index.js";
import { documentValue, expectedValue, parseCases } from "./cases.js";

const one = (yamlText: string) => {
  const cases = parseCases(yamlText, "reader/test.yaml");
  expect(cases).toHaveLength(1);
  return cases[0]!;
};

describe("conformance case reader", () => {
  test("keys of an expected mapping keep their YAML type (`c[7] := ...` gives the number key 7)", () => {
    const c = one(`cases:
  - note: typed keys
    query: data.test.c
    want_result:
      null: true
      7: world
      "7": seven
      false: hello
      "hello": false
`);
    const b = new ObjectBuilder();
    b.set(null, true);
    b.set(7, "world");
    b.set("7", "seven");
    b.set(false, "hello");
    b.set("hello", false);
    const want = b.build();
    const got = expectedValue(c.want_result);
    expect(equal(got, want), toRegoText(got)).toBe(true);
  });

  test("keys of data and input documents are strings, as in JSON", () => {
    const c = one(`cases:
  - note: documents
    query: data.x
    data: { x: { 7: a, null: b } }
    input: { 1: c }
`);
    expect(equal(documentValue(c.data), { x: { "7": "a", null: "b" } })).toBe(true);
    expect(equal(documentValue(c.input), { "1": "c" })).toBe(true);
  });

  test("number text is exact, as a Rego number literal: 1e30 is 10^30, not the nearest double", () => {
    const c = one(`cases:
  - note: numbers
    query: x
    want_result: [1e30, 1e-3, 1.5, 12345678901234567890, .inf]
`);
    const got = c.want_result as unknown[];
    expect(got.slice(0, 4)).toEqual([10n ** 30n, 0.001, 1.5, 12345678901234567890n]);
    expect(got[4]).toBe(Infinity);
  });

  test("the markers `set!`, `object!` and `many!` keep working", () => {
    const c = one(`cases:
  - note: markers
    query: x
    want_result:
      s: { "set!": [1, 2] }
      o: { "object!": [{ key: [1], value: 2 }] }
`);
    const b = new ObjectBuilder();
    b.set([1], 2);
    const got = expectedValue(c.want_result);
    expect(toRegoText(got)).toBe(toRegoText({ s: expectedValue({ "set!": [1, 2] }), o: b.build() }));
  });
});
