import { describe, it } from "vitest";
import type { NumberValue } from "../../src/value/index.js";
import { expectCall, expectError } from "./harness.js";

const exact = (n: bigint): NumberValue => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n);

describe("units.parse", () => {
  it("reads OPA's decimal suffixes, case-sensitive in the first letter only (regorus p1)", () => {
    const cases: [string, NumberValue][] = [
      ["E", exact(10n ** 18n)],
      ["e", exact(10n ** 18n)],
      ["P", exact(10n ** 15n)],
      ["p", exact(10n ** 15n)],
      ["T", exact(10n ** 12n)],
      ["t", exact(10n ** 12n)],
      ["G", 1e9],
      ["g", 1e9],
      ["M", 1e6],
      ["K", 1e3],
      ["k", 1e3],
      ["m", 0.001],
    ];
    for (const [suffix, want] of cases) expectCall("units.parse", ["1" + suffix], want);
  });

  it("reads binary suffixes in any case after the first letter (regorus p3, p4)", () => {
    const prefixes = ["k", "m", "g", "t", "p", "e", "z", "y"];
    prefixes.forEach((p, i) => {
      const want = exact(2n ** BigInt(10 * (i + 1)));
      for (const s of [p + "i", p.toUpperCase() + "i", p + "I", p.toUpperCase() + "I"]) expectCall("units.parse", ["1" + s], want);
    });
  });

  it("also reads the other SI prefixes, as the conformance suite expects (regorus p2)", () => {
    const cases: [string, NumberValue][] = [
      ["Q", 10n ** 30n],
      ["R", 10n ** 27n],
      ["Y", 10n ** 24n],
      ["Z", 10n ** 21n],
      ["h", 100],
      ["da", 10],
      ["d", 0.1],
      ["c", 0.01],
      ["μ", 1e-6],
      ["n", 1e-9],
      ["f", 1e-15],
      ["a", 1e-18],
      ["z", 1e-21],
      ["y", 1e-24],
      ["r", 1e-27],
      ["q", 1e-30],
    ];
    for (const [suffix, want] of cases) expectCall("units.parse", ["1" + suffix], want);
  });

  it("reads plain, quoted and fractional amounts exactly", () => {
    expectCall("units.parse", ["1"], 1);
    expectCall("units.parse", ['"1"'], 1);
    expectCall("units.parse", ["10.25"], 10.25);
    expectCall("units.parse", ["1.5k"], 1500);
    expectCall("units.parse", ["200m"], 0.2);
    expectCall("units.parse", ["2.5m"], 0.0025);
    expectCall("units.parse", ["0.5Ki"], 512);
    expectCall("units.parse", ["0.1Ki"], 102.4);
    expectCall("units.parse", ["1.5E"], exact(15n * 10n ** 17n));
    expectCall("units.parse", [".5k"], 500);
  });

  it("is undefined for an unknown suffix (regorus: 1mb)", () => {
    expectCall("units.parse", ["1mb"], undefined);
    expectCall("units.parse", ["1x"], undefined);
    expectCall("units.parse", ["1e3"], undefined);
  });

  it("rejects spaces, a missing amount and malformed numbers", () => {
    expectError("units.parse", ["1 m"], { code: "builtin_error", argIndex: 0, message: "units.parse: spaces not allowed in resource strings" });
    expectError("units.parse", ["m"], { code: "builtin_error", argIndex: 0, message: "no amount provided" });
    expectError("units.parse", [""], { code: "builtin_error", argIndex: 0, message: "no amount provided" });
    expectError("units.parse", ["-1k"], { code: "builtin_error", argIndex: 0, message: "no amount provided" });
    expectError("units.parse", ["1.2.3k"], { code: "builtin_error", argIndex: 0, message: "could not parse amount to a number" });
    expectError("units.parse", [["1"]], { code: "type_error", argIndex: 0, message: "must be string" });
  });
});

describe("units.parse_bytes", () => {
  it("reads binary suffixes with an optional b, in any case (regorus p1)", () => {
    const prefixes = ["k", "m", "g", "t", "p", "e", "z", "y"];
    prefixes.forEach((p, i) => {
      const want = exact(2n ** BigInt(10 * (i + 1)));
      for (const s of [p + "i", p + "ib", p + "iB", p + "I", p + "Ib", p + "IB", p.toUpperCase() + "ib", p.toUpperCase() + "IB"]) {
        expectCall("units.parse_bytes", ["1" + s], want);
      }
    });
  });

  it("reads decimal suffixes with an optional b, in any case (regorus p2)", () => {
    const prefixes = ["k", "m", "g", "t", "p", "e", "z", "y", "r", "q"];
    prefixes.forEach((p, i) => {
      const want = exact(10n ** BigInt(3 * (i + 1)));
      for (const s of [p, p + "b", p + "B", p.toUpperCase() + "b", p.toUpperCase() + "B"]) expectCall("units.parse_bytes", ["1" + s], want);
    });
  });

  it("gives whole bytes, truncating fractions", () => {
    expectCall("units.parse_bytes", ["10"], 10);
    expectCall("units.parse_bytes", ["1.9"], 1);
    expectCall("units.parse_bytes", ["1.5k"], 1500);
    expectCall("units.parse_bytes", ["1.5KiB"], 1536);
    expectCall("units.parse_bytes", ['"10MB"'], 10000000);
    expectCall("units.parse_bytes", ["0.0001kb"], 0);
    expectCall("units.parse_bytes", ["9007199254740993.5"], 9007199254740993n); // exact, where a double would round
    expectCall("units.parse_bytes", ["1.0000000000000000001kb"], 1000);
  });

  it("rejects spaces, missing amounts and unknown units", () => {
    expectError("units.parse_bytes", ["1 m"], { code: "builtin_error", argIndex: 0, message: "spaces not allowed in resource strings" });
    expectError("units.parse_bytes", ["kb"], { code: "builtin_error", argIndex: 0, message: "no byte amount provided" });
    expectError("units.parse_bytes", ["1xb"], { code: "builtin_error", argIndex: 0, message: "byte unit xb not recognized" });
    expectError("units.parse_bytes", ["1.2.3"], { code: "builtin_error", argIndex: 0, message: "could not parse byte amount to a number" });
    expectError("units.parse_bytes", [["1"]], { code: "type_error", argIndex: 0 });
  });
});
