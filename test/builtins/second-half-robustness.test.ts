import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BuiltinError } from "../../src/builtins/index.js";
import { call } from "./call.js";

/** Calls `name`; a `BuiltinError` is a fine answer to bad input, any other exception is a bug. */
function survives(name: string, ...args: Parameters<typeof call>[1][]): boolean {
  try {
    call(name, ...args);
    return true;
  } catch (e) {
    if (e instanceof BuiltinError) return true;
    throw e;
  }
}

// Strings biased towards the characters these parsers care about.
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom(..."0123456789:-./+TZ %~=&;abcdefABCDEF_µsmh ") }),
  fc.string({ unit: "grapheme" }),
);

describe("the parsers reject bad text with BuiltinError, never a crash", () => {
  const opts = { numRuns: 300 };
  it.each([
    "time.parse_rfc3339_ns",
    "time.parse_duration_ns",
    "base64.decode",
    "base64url.decode",
    "hex.decode",
    "urlquery.decode",
    "urlquery.decode_object",
    "json.unmarshal",
    "yaml.unmarshal",
    "net.cidr_expand",
    "semver.is_valid",
    "uuid.parse",
    "io.jwt.decode",
  ])("%s", (name) => {
    fc.assert(fc.property(text, (s) => survives(name, s)), opts);
  });

  it("time.parse_ns with arbitrary layouts and values", () => {
    fc.assert(fc.property(text, text, (layout, value) => survives("time.parse_ns", layout, value)), opts);
  });

  it("net.cidr_contains with arbitrary operands", () => {
    fc.assert(fc.property(text, text, (a, b) => survives("net.cidr_contains", a, b)), opts);
  });

  it("json.patch with arbitrary JSON patches", () => {
    const patchOp = fc.record({
      op: fc.constantFrom("add", "remove", "replace", "move", "copy", "test", "bogus"),
      path: fc.oneof(fc.constantFrom("", "/a", "/a/0", "/a/-", "/b/c"), fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 })),
      from: fc.constantFrom("/a", "/a/0", "/b"),
      value: fc.jsonValue(),
    });
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(patchOp, { maxLength: 4 }), (doc, ops) => survives("json.patch", doc as never, ops as never)),
      opts,
    );
  });

  it("time.format round-trips through time.parse_ns with a nanosecond layout", () => {
    // Offsets with seconds (local mean time before 1900 or so) need the seconds in the layout.
    const layout = "2006-01-02T15:04:05.999999999Z07:00:00";
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), fc.constantFrom("UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"), (ns, tz) => {
        const text = call("time.format", [ns, tz, layout]) as string;
        expect(BigInt(call("time.parse_ns", layout, text) as number | bigint)).toBe(ns);
      }),
      opts,
    );
  });
});
