import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatFloat, type FloatFormat } from "../../src/builtins/go-float.js";
import type { Value } from "../../src/value/index.js";
import { call, expectError, obj, set } from "./harness.js";

/** sprintf(format, args) as a JS string. */
function fmt(format: string, ...args: Value[]): string {
  return call("sprintf", format, args) as string;
}

describe("sprintf: the conformance cases", () => {
  it("formats strings and numbers", () => {
    expect(fmt("User %s from %s has access", "alice", "engineering")).toBe("User alice from engineering has access");
    expect(fmt("No spaces%s%s", "A", "B")).toBe("No spacesAB");
    expect(fmt("Number: %d", 42)).toBe("Number: 42");
    expect(fmt("Hex: %x", 255)).toBe("Hex: ff");
    expect(fmt("Binary: %b", 15)).toBe("Binary: 1111");
    expect(fmt("String: %s, Number: %d, Percent: %%", "hello", 123)).toBe("String: hello, Number: 123, Percent: %");
    expect(fmt("Value: %v", { key: "value" })).toBe('Value: {"key": "value"}');
    expect(fmt("Padded: %5d", 42)).toBe("Padded:    42");
    expect(fmt("Zero padded: %05d", 42)).toBe("Zero padded: 00042");
    expect(fmt("Decimal: %.2f", 3.14159)).toBe("Decimal: 3.14");
  });

  it("prints what Go prints where the regorus suite differs from OPA", () => {
    // Go's %f has six decimals by default, %o has no prefix, and a missing argument is printed, not an error.
    expect(fmt("Float: %f", 3.14)).toBe("Float: 3.140000");
    expect(fmt("Octal: %o", 64)).toBe("Octal: 100");
    expect(fmt("Value: %s %d", "only_one")).toBe("Value: only_one %!d(MISSING)");
  });
});

describe("sprintf: values as OPA hands them to Go", () => {
  it("prints composites and other scalars as Rego text strings", () => {
    expect(fmt("%v %v %v", null, true, [1, "a"])).toBe('null true [1, "a"]');
    expect(fmt("%s|%s|%s", set(), set(2, 1), obj([1, "x"]))).toBe('set()|{1, 2}|{1: "x"}');
    expect(fmt("%d", 10n ** 21n)).toBe("1000000000000000000000");
    expect(fmt("%v", 1.5)).toBe("1.5");
  });

  it("reports mismatched verbs as Go does", () => {
    expect(fmt("%d", "x")).toBe("%!d(string=x)");
    expect(fmt("%d", 1.5)).toBe("%!d(float64=1.5)");
    expect(fmt("%f", 3)).toBe("%!f(int=3)");
    expect(fmt("%s", 5)).toBe("%!s(int=5)");
    expect(fmt("%t", true)).toBe("%!t(string=true)"); // OPA passes booleans as strings
    expect(fmt("%5t", true)).toBe("%!t(string= true)"); // the width applies to the value inside
    expect(fmt("%z", 1)).toBe("%!z(int=1)");
    expect(fmt("%f", 2n ** 70n)).toBe("%!f(big.Int=1180591620717411303424)");
    expect(fmt("%p", 1)).toBe("%!p(int=1)");
  });

  it("reports missing, extra and misplaced arguments", () => {
    expect(fmt("%d %d", 1)).toBe("1 %!d(MISSING)");
    expect(fmt("%d", 1, 2)).toBe("1%!(EXTRA int=2)");
    expect(fmt("x", "a", 1.5)).toBe("x%!(EXTRA string=a, float64=1.5)");
    expect(fmt("%d", 1, 2n ** 70n)).toBe("1%!(EXTRA *big.Int=1180591620717411303424)");
    expect(fmt("100%")).toBe("100%!(NOVERB)");
    expect(fmt("%[2]d %[1]d", 1, 2)).toBe("2 1");
    expect(fmt("%[3]d", 1, 2)).toBe("%!d(BADINDEX)");
    expect(fmt("%[2]d", 1, 2)).toBe("2"); // reordered: no EXTRA complaint
    expect(fmt("%*d", "x", 1)).toBe("%!(BADWIDTH)1");
    expect(fmt("%.*d", "x", 1)).toBe("%!(BADPREC)1");
    expect(fmt("%T %T %T %T", 1, 1.5, "a", [1])).toBe("int float64 string string");
  });
});

describe("sprintf: integers", () => {
  it("honours flags, width and precision", () => {
    expect(fmt("%+d|% d|%+d", 5, 5, -5)).toBe("+5| 5|-5");
    expect(fmt("%-5d|", 42)).toBe("42   |");
    expect(fmt("%-05d|", 42)).toBe("42   |");
    expect(fmt("%06d", -42)).toBe("-00042");
    expect(fmt("%6.3d", 5)).toBe("   005");
    expect(fmt("%.0d|%3.0d|", 0, 0)).toBe("|   |");
    expect(fmt("%*d|%-*d|", 4, 7, 4, 7)).toBe("   7|7   |");
    expect(fmt("%*d|", -4, 7)).toBe("7   |");
  });

  it("formats bases with and without prefixes", () => {
    expect(fmt("%x %X %#x %#X", 255, 255, 255, 255)).toBe("ff FF 0xff 0XFF");
    expect(fmt("%x", -255)).toBe("-ff");
    expect(fmt("%o %#o %O", 8, 8, 8)).toBe("10 010 0o10");
    expect(fmt("%b %#b", 5, 5)).toBe("101 0b101");
    expect(fmt("%#08x", 255)).toBe("0x000000ff"); // Go zero-pads the digits to the width, then adds 0x
  });

  it("formats characters", () => {
    expect(fmt("%c%c", 72, 0x1f600)).toBe("H😀");
    expect(fmt("%q %+q", 65, 0xe9)).toBe("'A' '\\u00e9'");
    expect(fmt("%U %#U", 0x1f600, 65)).toBe("U+1F600 U+0041 'A'");
    expect(fmt("%c", -1)).toBe("\uFFFD");
  });

  it("formats big integers with big.Int's rules", () => {
    const big = 2n ** 64n;
    expect(fmt("%d %x %X %o %b", big, big, big, big, 2n ** 65n)).toBe(
      "18446744073709551616 10000000000000000 10000000000000000 2000000000000000000000 100000000000000000000000000000000000000000000000000000000000000000",
    );
    expect(fmt("%s %v", big, -big)).toBe("18446744073709551616 -18446744073709551616");
    expect(fmt("%#x %+d", big, big)).toBe("0x10000000000000000 +18446744073709551616");
    expect(fmt("%25d|%-25d|%025d", big, big, big)).toBe("     18446744073709551616|18446744073709551616     |0000018446744073709551616");
  });
});

describe("sprintf: floats", () => {
  it("formats %f %e %g and %v", () => {
    expect(fmt("%e %E", 1234.5678, 1234.5678)).toBe("1.234568e+03 1.234568E+03");
    expect(fmt("%g %G %.3g", 1234.5678, 1234.5678, 1234.5678)).toBe("1234.5678 1234.5678 1.23e+03");
    expect(fmt("%v %v %v", 123456789.5, 0.000123, 0.0000123)).toBe("1.234567895e+08 0.000123 1.23e-05");
    expect(fmt("%8.3f|%-8.3f|%08.3f", 3.14159, 3.14159, 3.14159)).toBe("   3.142|3.142   |0003.142");
    expect(fmt("%+.2f|% .2f|%+08.2f", 3.14159, 3.14159, -3.14159)).toBe("+3.14| 3.14|-0003.14");
    expect(fmt("%.3e", 0.00012345)).toBe("1.234e-04");
    expect(fmt("%10.2e|", -1.5)).toBe(" -1.50e+00|");
  });

  it("rounds exact ties to even, as Go does (JS's toFixed would not)", () => {
    expect(fmt("%.0f %.0f %.0f", 2.5, 3.5, 0.5)).toBe("2 4 0");
    expect(fmt("%.2f %.1f", 0.125, 0.25)).toBe("0.12 0.2");
    expect(fmt("%.2f", 1.005)).toBe("1.00"); // 1.005 is just below 1.005 as a double
    expect(fmt("%.1e", 2.25)).toBe("2.2e+00");
    expect(fmt("%.20f", 0.1)).toBe("0.10000000000000000555");
  });

  it("formats the binary and hexadecimal forms and the # flag", () => {
    expect(fmt("%b", 1.5)).toBe("6755399441055744p-52");
    expect(fmt("%x %X", 1.5, -0.75)).toBe("0x1.8p+00 -0X1.8P-01");
    expect(fmt("%.1x %.1x", 1.9375, 1.96875)).toBe("0x1.fp+00 0x1.0p+01"); // 0x1.f8 is a tie: rounds to even
    expect(fmt("%#.0f %#.0e %#g", 2.5, 1.5, 1.5)).toBe("2. 2.e+00 1.50000");
  });
});

describe("sprintf: strings", () => {
  it("pads and truncates in characters", () => {
    expect(fmt("%10s|%-10s|", "abc", "abc")).toBe("       abc|abc       |");
    expect(fmt("%.2s|%5.1s|", "héllo", "😀x")).toBe("hé|    😀|");
    expect(fmt("%4s|", "é")).toBe("   é|");
  });

  it("quotes and hex-encodes", () => {
    expect(fmt("%q", 'a "b"\n')).toBe('"a \\"b\\"\\n"');
    expect(fmt("%#q %#q", "hi", "a`b")).toBe('`hi` "a`b"');
    expect(fmt("%+q %q", "héllo", "héllo")).toBe('"h\\u00e9llo" "héllo"');
    expect(fmt("%q", "\u0000\u007f\u00a0😀")).toBe('"\\x00\\x7f\\u00a0😀"');
    expect(fmt("%#v", "a")).toBe('"a"');
    expect(fmt("%x|% x|%#x|% #x|%X", "hi", "hi", "hi", "hi", "é")).toBe("6869|68 69|0x6869|0x68 0x69|C3A9");
    expect(fmt("%.1x", "hi")).toBe("68");
  });
});

describe("sprintf: arguments", () => {
  it("rejects a non-array argument list and a non-string format", () => {
    expectError("sprintf", ["%s", "x"], { code: "type_error", argIndex: 1, message: "sprintf: operand 2 must be array but got string" });
    expectError("sprintf", [1, []], { code: "type_error", argIndex: 0 });
  });
});

describe("sprintf: float formatting fast paths", () => {
  it("agree with the exact decimal computation", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e25, max: 1e25 }),
        fc.integer({ min: 0, max: 25 }),
        fc.constantFrom<FloatFormat>("e", "f", "g"),
        (v, prec, verb) => formatFloat(v, verb, prec) === formatFloat(v, verb, prec, true),
      ),
      { numRuns: 3000 },
    );
    // Values built to be ties at the printed precision.
    for (let k = 1; k < 12; k++) {
      for (let m = 1; m < 200; m += 2) {
        const v = m / 2 ** k;
        for (const verb of ["e", "f", "g"] as const) {
          for (const prec of [k - 1, k, k + 1, 1, 2]) expect(formatFloat(v, verb, prec), `${v} %.${prec}${verb}`).toBe(formatFloat(v, verb, prec, true));
        }
      }
    }
  });
});
