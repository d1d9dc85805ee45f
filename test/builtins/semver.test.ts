import { describe, expect, it } from "vitest";
import { call, expectError } from "./call.js";

describe("semver.is_valid", () => {
  it("accepts MAJOR.MINOR.PATCH with optional pre-release and build", () => {
    for (const v of ["1.9.10", "1.8.15", "0.0.0", "1.1.12-rc1+foo", "1.0.0-alpha.1", "1.0.0+20130313144700", "1.0.0-x-y-z.--"]) {
      expect(call("semver.is_valid", v), v).toBe(true);
    }
  });

  it("rejects what is not a version", () => {
    for (const v of ["1.1", "1", "", "1.2.3.4", "a.b.c", "1.2.3-rc!", "1.2.3+a..b", "1.2.x", "99999999999999999999.0.0"]) {
      expect(call("semver.is_valid", v), v).toBe(false);
    }
  });

  it("accepts an empty pre-release or build, as OPA's go-semver does", () => {
    // go-semver validates these parts only when they are non-empty.
    expect(call("semver.is_valid", "1.2.3-")).toBe(true);
    expect(call("semver.is_valid", "1.2.3+")).toBe(true);
  });

  it("is false, not an error, for a value that is not a string (OPA declares the argument `any`)", () => {
    // semver/is_valid.yaml expects an error here (regorus); OPA's `semver.is_valid(vsn any)` returns false.
    expect(call("semver.is_valid", 1)).toBe(false);
    expect(call("semver.is_valid", null)).toBe(false);
    expect(call("semver.is_valid", ["1.0.0"])).toBe(false);
  });
});

describe("semver.compare", () => {
  it("orders the conformance versions (compare.yaml)", () => {
    const vers = ["1.9.10", "1.8.15"];
    const out = vers.flatMap((a) => vers.map((b) => call("semver.compare", a, b)));
    expect(out).toEqual([0, 1, -1, 0]);
  });

  it("follows SemVer 2.0 precedence (the spec's example chain)", () => {
    const chain = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0"];
    for (let i = 0; i < chain.length; i++) {
      for (let j = 0; j < chain.length; j++) {
        expect(call("semver.compare", chain[i]!, chain[j]!), `${chain[i]} vs ${chain[j]}`).toBe(Math.sign(i - j));
      }
    }
  });

  it("compares numbers numerically and ignores build metadata", () => {
    expect(call("semver.compare", "1.10.0", "1.9.0")).toBe(1);
    expect(call("semver.compare", "1.0.0+build.1", "1.0.0+build.2")).toBe(0);
    expect(call("semver.compare", "1.0.0-rc.10", "1.0.0-rc.9")).toBe(1);
  });

  it("errors on an invalid version, naming the operand", () => {
    expectError("semver.compare", ["1.1", "1.0.0"], { code: "builtin_error", argIndex: 0, message: "operand 1: string 1.1 is not a valid SemVer" });
    expectError("semver.compare", ["1.0.0", "x"], { code: "builtin_error", argIndex: 1, message: "operand 2: string x is not a valid SemVer" });
    expectError("semver.compare", ["", 1], { code: "type_error", argIndex: 1 });
    expectError("semver.compare", [1, ""], { code: "type_error", argIndex: 0 });
  });
});
