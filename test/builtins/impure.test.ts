import { describe, expect, it } from "vitest";
import { callBuiltin } from "../../src/builtins/call.js";
import { IMPURE } from "../../src/builtins/impure.js";
import { BuiltinError } from "../../src/builtins/types.js";

describe("impure built-ins", () => {
  it("covers every OPA built-in whose result depends on more than its arguments", () => {
    const names = IMPURE.map((b) => b.name).sort();
    expect(names).toEqual([
      "crypto.x509.parse_and_verify_certificates",
      "crypto.x509.parse_and_verify_certificates_with_options",
      "http.send",
      "io.jwt.encode_sign",
      "io.jwt.encode_sign_raw",
      "net.lookup_ip_addr",
      "opa.runtime",
      "providers.aws.sign_req",
      "rand.intn",
      "time.now_ns",
      "uuid.rfc4122",
    ]);
  });

  it.each(IMPURE.map((b) => [b.name, b] as const))("%s is declared non-deterministic, without an implementation", (_name, b) => {
    expect(b.deterministic).toBe(false);
    expect(b.impl).toBeUndefined();
    expect(b.family).toBe("impure");
  });

  it.each(IMPURE.map((b) => [b.name, b] as const))("%s says what to do instead", (_name, b) => {
    expect(b.description).toMatch(/input\.context|instead/);
  });

  it("names the clock's replacement for time.now_ns", () => {
    const now = IMPURE.find((b) => b.name === "time.now_ns")!;
    expect(now.description).toContain("input.context.now");
    expect(now.description).toContain("time.parse_rfc3339_ns");
  });

  it("cannot be called", () => {
    const now = IMPURE.find((b) => b.name === "time.now_ns")!;
    expect(() => callBuiltin(now, [], { print: () => {} })).toThrow(BuiltinError);
  });
});
