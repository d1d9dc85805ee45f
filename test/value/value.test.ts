import { describe, expect, it } from "vitest";
import {
  ObjectBuilder,
  SetValue,
  compare,
  equal,
  parseJson,
  parseNumber,
  stringifyJson,
  toJson,
  toRegoText,
  typeOf,
  type Value,
} from "../../src/value/index.js";

describe("total order", () => {
  it("orders types as OPA does: null < boolean < number < string < array < object < set", () => {
    const ordered: Value[] = [null, false, true, -1, 2.5, "", "a", [], [1], {}, { a: 1 }, SetValue.EMPTY, SetValue.from([1])];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        expect(Math.sign(compare(ordered[i]!, ordered[j]!)), `${toRegoText(ordered[i]!)} vs ${toRegoText(ordered[j]!)}`).toBe(Math.sign(i - j));
      }
    }
  });

  it("compares strings by code point, not UTF-16 unit", () => {
    // U+FF5E is below U+1F600 as a code point, though its UTF-16 unit 0xFF5E is above the surrogate 0xD83D.
    expect(compare("\uFF5E", "\u{1F600}")).toBeLessThan(0);
  });

  it("compares big integers with floats exactly", () => {
    expect(compare(2n ** 64n, 1.5)).toBeGreaterThan(0);
    expect(compare(2n ** 64n, 2 ** 64)).toBe(0);
    expect(compare(-(2n ** 64n), -1e300)).toBeGreaterThan(0);
  });
});

describe("equality", () => {
  it("treats 1 and 1.0 as equal, and objects regardless of key order", () => {
    expect(equal(1, 1.0)).toBe(true);
    expect(equal({ a: 1, b: [2] }, { b: [2], a: 1 })).toBe(true);
    expect(equal({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });

  it("does not see inherited properties as keys", () => {
    expect(equal({ constructor: 1 }, {})).toBe(false);
    expect(equal({}, { constructor: 1 })).toBe(false);
  });
});

describe("sets", () => {
  it("collapses equal elements and iterates sorted", () => {
    const s = SetValue.from([3, "a", 1, 1.0, [1], { b: 1 }, [1]]);
    expect(s.size).toBe(5);
    expect(toRegoText(s)).toBe('{1, 3, "a", [1], {"b": 1}}');
  });

  it("does not confuse a string with a composite of the same text", () => {
    const s = SetValue.from(["[1]", [1]]);
    expect(s.size).toBe(2);
    expect(s.has("[1]")).toBe(true);
    expect(s.has([1])).toBe(true);
  });

  it("implements union, intersection and difference", () => {
    const a = SetValue.from([1, 2, 3]);
    const b = SetValue.from([2, 3, 4]);
    expect(toRegoText(a.union(b))).toBe("{1, 2, 3, 4}");
    expect(toRegoText(a.intersect(b))).toBe("{2, 3}");
    expect(toRegoText(a.difference(b))).toBe("{1}");
  });

  it("built from distinct elements, is the same set as one built by key", () => {
    const elements: Value[] = [{ b: 1 }, 3, "a", [1], 2.5];
    const listed = SetValue.fromDistinct(elements);
    const keyed = SetValue.from(elements);
    expect(listed.size).toBe(5);
    expect(toRegoText(listed)).toBe('{2.5, 3, "a", [1], {"b": 1}}');
    expect(equal(listed, keyed)).toBe(true);
    expect(compare(listed, keyed)).toBe(0);
    // Membership by Rego equality, through the map built on first use.
    expect(listed.has(3.0)).toBe(true);
    expect(listed.has({ b: 1 })).toBe(true);
    expect(listed.has({ b: 2 })).toBe(false);
    expect(toRegoText(listed.union(SetValue.from([3, 4])))).toBe('{2.5, 3, 4, "a", [1], {"b": 1}}');
    expect(toRegoText(listed.intersect(SetValue.from([[1], 7])))).toBe("{[1]}");
    expect(toRegoText(SetValue.from([3, 4]).difference(listed))).toBe("{4}");
    expect(SetValue.fromDistinct([])).toBe(SetValue.EMPTY);
  });
});

describe("objects with non-string keys", () => {
  it("keeps plain objects plain and prints other keys as Rego text in JSON", () => {
    const plain = new ObjectBuilder();
    plain.set("a", 1);
    expect(typeOf(plain.build())).toBe("object");
    const keyed = new ObjectBuilder();
    keyed.set(1, "x");
    keyed.set("a", 2);
    keyed.set([1, "b"], true);
    expect(toRegoText(keyed.build())).toBe('{1: "x", "a": 2, [1, "b"]: true}');
    const again = new ObjectBuilder();
    again.set(1, "x");
    expect(toJson(again.build())).toEqual({ "1": "x" });
  });

  it("stores __proto__ as an ordinary key", () => {
    const b = new ObjectBuilder();
    b.set("__proto__", 1);
    const o = b.build() as Record<string, Value>;
    expect(Object.keys(o)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
  });
});

describe("numbers and JSON", () => {
  it("keeps integers beyond 2^53 exact", () => {
    expect(parseNumber("1000000000000000000001")).toBe(1000000000000000000001n);
    expect(parseNumber("42")).toBe(42);
    expect(parseNumber("2.5e3")).toBe(2500);
    expect(parseNumber("01")).toBeUndefined();
    const v = parseJson('{"n": 12345678901234567890, "f": 0.5}');
    expect(v).toEqual({ n: 12345678901234567890n, f: 0.5 });
    expect(stringifyJson(v)).toBe('{"f":0.5,"n":12345678901234567890}');
  });

  it("reads integral number text with a fraction or exponent exactly, as OPA does (1e30 is 10^30)", () => {
    expect(parseNumber("1e30")).toBe(10n ** 30n);
    expect(parseNumber("-1e30")).toBe(-(10n ** 30n));
    expect(parseNumber("1.5e20")).toBe(150000000000000000000n);
    expect(parseNumber("123456789012345678.0")).toBe(123456789012345678n);
    expect(parseNumber("100000000000000000e-1")).toBe(10n ** 16n);
    expect(parseNumber("1e15")).toBe(1e15);
    expect(parseNumber("1e-3")).toBe(0.001);
    expect(parseNumber("1e400")).toBeUndefined();
    expect(compare(parseNumber("1e30")!, parseNumber("1000000000000000000000000000000")!)).toBe(0);
    expect(parseJson('{"n": 1e30}')).toEqual({ n: 10n ** 30n });
  });

  it("prints sets in JSON as sorted arrays", () => {
    expect(stringifyJson({ s: SetValue.from(["b", "a"]) } as unknown as Value)).toBe('{"s":["a","b"]}');
  });
});
