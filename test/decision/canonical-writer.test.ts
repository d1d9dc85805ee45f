/**
 * Our RFC 8785 writer against the `canonicalize` package (the oracle, by the
 * RFC's co-author): byte-identical on arbitrary JSON, and the documented
 * extensions (exact big integers, escaped lone surrogates) where the package
 * cannot answer. Also the plain mode `decide` relies on: it accepts exactly
 * the values `fromJs` returns unchanged, and hashes them like the general mode.
 */
import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { canonicalHash, canonicalJson, plainCanonicalHash } from "../../src/decision/canonical.js";
import { isPlainJsonValue } from "../../src/decision/shape.js";
import { NotJsonError, fromJs } from "../../src/value/json.js";

/** Any UTF-16 code unit, biased to where the escaping and UTF-8 encoding rules change. */
const anyUnit = fc
  .oneof(
    fc.integer({ min: 0, max: 0x7f }),
    fc.constantFrom(0x1f, 0x20, 0x22, 0x2f, 0x5c, 0x7e, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfeff, 0xffff),
    fc.integer({ min: 0, max: 0xffff }),
  )
  .map((c) => String.fromCharCode(c));
/** No lone surrogate (`String.prototype.isWellFormed`, which ES2023's typings lack). */
function wellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}
/** Strings the oracle accepts: no lone surrogates. */
const units = [
  fc.string({ unit: "binary" }), // every code point, astral ones as surrogate pairs
  fc.string({ unit: anyUnit }).filter(wellFormed), // controls, quotes, backslashes, encoding boundaries
  fc.string({ unit: "grapheme-ascii" }),
];
const numbers = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }), // includes -0, subnormals, 1e300
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 123456789012345680000, 5e-324, 2 ** 53, 2 ** 53 + 2, 333333333.33333329, 0.1 + 0.2),
);

function jsonDocument(strings: fc.Arbitrary<string>) {
  return fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.constant(null),
      fc.boolean(),
      numbers,
      strings,
      fc.array(tie("value"), { maxLength: 5 }),
      fc.dictionary(strings, tie("value"), { maxKeys: 6 }),
    ),
  })).value;
}

describe("byte-identical to the canonicalize package", () => {
  for (const [i, strings] of units.entries()) {
    test(`on arbitrary JSON (string generator ${i + 1})`, () => {
      fc.assert(
        fc.property(jsonDocument(strings), (doc) => {
          expect(canonicalJson(doc)).toBe(canonicalize(doc));
        }),
        { numRuns: 2000 },
      );
    });
  }

  test("on fast-check's own JSON values and on JSON text parsed back", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (doc) => {
        expect(canonicalJson(doc)).toBe(canonicalize(doc));
        const reparsed = JSON.parse(JSON.stringify(doc)) as unknown;
        expect(canonicalJson(reparsed)).toBe(canonicalize(reparsed));
      }),
      { numRuns: 2000 },
    );
  });

  test("keys that look like integers, that differ in one code unit, and that sort differently by code point", () => {
    const doc = { "10": 1, "9": 2, "": 3, a: 4, A: 5, "a\u0000": 6, "\u{1f600}": 7, "\uff61": 8, __proto__x: 9, ["b".repeat(40)]: 10 };
    expect(canonicalJson(doc)).toBe(canonicalize(doc));
    // RFC 8785 §3.2.3: UTF-16 code units, so the astral key (U+D83D…) comes before U+FF61.
    expect(canonicalJson({ "\uff61": 1, "\u{1f600}": 2 })).toBe('{"\u{1f600}":2,"\uff61":1}');
  });

  test("objects with many keys (the sort for large objects)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "binary", maxLength: 3 }), fc.integer(), { minKeys: 17, maxKeys: 60 }), (doc) => {
        expect(canonicalJson(doc)).toBe(canonicalize(doc));
      }),
      { numRuns: 300 },
    );
  });

  test("a long string and a deep document", () => {
    const long = { s: "x\"y\\z\n€😀".repeat(10_000) };
    expect(canonicalJson(long)).toBe(canonicalize(long));
    let deep: unknown = "leaf";
    for (let i = 0; i < 500; i++) deep = i % 2 ? [deep] : { k: deep };
    expect(canonicalJson(deep)).toBe(canonicalize(deep));
  });
});

describe("where the package cannot answer", () => {
  test("lone surrogates are escaped as JSON.stringify escapes them", () => {
    fc.assert(
      fc.property(fc.string({ unit: anyUnit, minLength: 1 }), (s) => {
        fc.pre(!wellFormed(s));
        expect(canonicalJson(s)).toBe(JSON.stringify(s));
        expect(canonicalJson({ [s]: s })).toBe(`{${JSON.stringify(s)}:${JSON.stringify(s)}}`);
      }),
      { numRuns: 500 },
    );
  });

  test("big integers print their exact digits", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), (n) => {
        expect(canonicalJson({ n })).toBe(`{"n":${n.toString()}}`);
      }),
    );
  });

  test("cycles are refused with NotJsonError, not a stack overflow", () => {
    const a: Record<string, unknown> = { x: 1 };
    a["self"] = a;
    expect(() => canonicalJson(a)).toThrow(NotJsonError);
    expect(plainCanonicalHash(a)).toBeUndefined();
  });
});

describe("plain mode (decide's one-walk check and hash)", () => {
  const odd = fc.constantFrom<unknown>(2 ** 53, -(2 ** 60), 1e21, 1.5, -0, Number.NaN, Number.NEGATIVE_INFINITY, undefined, 12n, 2n ** 80n, () => 1, Symbol("s"), new Date(0), new Map(), Object.create(null), "a\ud800");
  const values = fc.oneof(fc.jsonValue(), fc.array(odd, { maxLength: 2 }), fc.dictionary(fc.string(), odd, { maxKeys: 2 }), fc.array(fc.oneof(fc.jsonValue(), odd), { maxLength: 3 }));

  test("accepts exactly what fromJs returns unchanged", () => {
    fc.assert(
      fc.property(values, (v) => {
        const hash = plainCanonicalHash(v);
        let unchanged: boolean;
        try {
          unchanged = fromJs(v) === v;
        } catch {
          unchanged = false;
        }
        expect(hash !== undefined).toBe(unchanged);
        // The fast JSON check of `validate.ts` never accepts what plain mode refuses.
        if (isPlainJsonValue(v)) expect(hash).toBeDefined();
        if (hash !== undefined) expect(hash).toBe(canonicalHash(v));
      }),
      { numRuns: 2000 },
    );
  });

  test("refuses nesting beyond 200 levels (the slow path detects cycles there)", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 250; i++) deep = [deep];
    expect(plainCanonicalHash(deep)).toBeUndefined();
    expect(canonicalHash(deep)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test("a write that starts inside another (a getter canonicalising) does not corrupt it", () => {
    const inner = { b: [1, 2] };
    const outer = {
      a: 1,
      get z() {
        return canonicalJson(inner);
      },
    };
    expect(canonicalJson(outer)).toBe(canonicalize({ a: 1, z: '{"b":[1,2]}' }));
  });
});
