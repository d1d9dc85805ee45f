import { generateKeyPairSync, sign, createPrivateKey, constants, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { call, expectError } from "./call.js";

describe("digests", () => {
  it("match the published test vectors", () => {
    expect(call("crypto.md5", "")).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(call("crypto.md5", "The quick brown fox jumps over the lazy dog")).toBe("9e107d9d372bb6826bd81d3542a419d6");
    expect(call("crypto.sha1", "abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(call("crypto.sha256", "abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(call("crypto.sha256", "")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("reject a value that is not a string", () => {
    expectError("crypto.sha256", [1], { code: "type_error", argIndex: 0 });
  });
});

describe("HMACs", () => {
  // RFC 2202 and RFC 4231, test case 2: key "Jefe".
  const data = "what do ya want for nothing?";
  it("match RFC 2202 / RFC 4231", () => {
    expect(call("crypto.hmac.md5", data, "Jefe")).toBe("750c783e6ab0b503eaa86e310a5db738");
    expect(call("crypto.hmac.sha1", data, "Jefe")).toBe("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    expect(call("crypto.hmac.sha256", data, "Jefe")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    expect(call("crypto.hmac.sha512", data, "Jefe")).toBe(
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    );
  });

  it("compare MACs", () => {
    expect(call("crypto.hmac.equal", "abc", "abc")).toBe(true);
    expect(call("crypto.hmac.equal", "abc", "abd")).toBe(false);
    expect(call("crypto.hmac.equal", "abc", "abcd")).toBe(false);
    expect(call("crypto.hmac.equal", "", "")).toBe(true);
    expectError("crypto.hmac.equal", ["abc", 1], { code: "type_error", argIndex: 1 });
  });
});

// jwt.io's example token, signed with HMAC-SHA256 and the secret "your-256-bit-secret".
const JWT_IO =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

const b64url = (s: string | Buffer) => Buffer.from(s).toString("base64url");

describe("io.jwt.decode", () => {
  it("returns header, payload and the signature in hex", () => {
    expect(call("io.jwt.decode", JWT_IO)).toEqual([
      { alg: "HS256", typ: "JWT" },
      { sub: "1234567890", name: "John Doe", iat: 1516239022 },
      Buffer.from("SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "base64url").toString("hex"),
    ]);
  });

  it("decodes a nested token (cty: JWT)", () => {
    const outer = `${b64url('{"alg":"HS256","cty":"JWT"}')}.${b64url(`"${JWT_IO}"`)}.${b64url("sig")}`;
    expect((call("io.jwt.decode", outer) as unknown[])[1]).toEqual({ sub: "1234567890", name: "John Doe", iat: 1516239022 });
  });

  it("rejects malformed tokens", () => {
    expectError("io.jwt.decode", ["nodots"], { code: "builtin_error", argIndex: 0, message: "encoded JWT had no period separators" });
    expectError("io.jwt.decode", ["a.b"], { code: "builtin_error", argIndex: 0, message: "encoded JWT must have 3 sections, found 2" });
    expectError("io.jwt.decode", [`${b64url("[1]")}.${b64url("{}")}.`], { code: "builtin_error", argIndex: 0, message: "decoded JSON type was not an Object" });
    expectError("io.jwt.decode", [`${b64url('{"enc":"A128GCM"}')}.${b64url("{}")}.`], { code: "builtin_error", argIndex: 0, message: "JWE" });
    expectError("io.jwt.decode", [`${b64url("{}")}.${b64url("{")}.`], { code: "builtin_error", argIndex: 0, message: "invalid JSON" });
    expectError("io.jwt.decode", [`${b64url("{}")}.${b64url("{}")}.a`], { code: "builtin_error", argIndex: 0, message: "JWT signature had invalid encoding" });
  });
});

describe("io.jwt.verify_hs*", () => {
  it("verifies jwt.io's example with its secret, and only with it", () => {
    expect(call("io.jwt.verify_hs256", JWT_IO, "your-256-bit-secret")).toBe(true);
    expect(call("io.jwt.verify_hs256", JWT_IO, "another secret")).toBe(false);
    expect(call("io.jwt.verify_hs512", JWT_IO, "your-256-bit-secret")).toBe(false);
  });

  it("rejects a token it cannot split", () => {
    expectError("io.jwt.verify_hs256", ["x", "s"], { code: "builtin_error", argIndex: 0 });
    expectError("io.jwt.verify_hs384", [JWT_IO, 1], { code: "type_error", argIndex: 1 });
  });
});

/** A token signed by Node's own signer (an independent path from the verifier under test). */
function signed(alg: string, key: KeyObject, header: Record<string, string> = {}): string {
  const input = `${b64url(JSON.stringify({ alg, typ: "JWT", ...header }))}.${b64url(JSON.stringify({ sub: "agent-7" }))}`;
  const hash = `sha${alg.slice(2)}`;
  const opts =
    alg.startsWith("PS") ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 }
    : alg.startsWith("ES") ? { key, dsaEncoding: "ieee-p1363" as const }
    : { key };
  return `${input}.${b64url(sign(hash, Buffer.from(input), opts))}`;
}

describe("io.jwt.verify_rs*, ps*, es*", () => {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const ec256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const ec384 = generateKeyPairSync("ec", { namedCurve: "P-384" });
  const rsaPem = rsa.publicKey.export({ type: "spki", format: "pem" }) as string;
  const ecPem = ec256.publicKey.export({ type: "spki", format: "pem" }) as string;

  it("verifies with a PEM public key", () => {
    expect(call("io.jwt.verify_rs256", signed("RS256", rsa.privateKey), rsaPem)).toBe(true);
    expect(call("io.jwt.verify_rs512", signed("RS512", rsa.privateKey), rsaPem)).toBe(true);
    expect(call("io.jwt.verify_ps256", signed("PS256", rsa.privateKey), rsaPem)).toBe(true);
    expect(call("io.jwt.verify_ps384", signed("PS384", rsa.privateKey), rsaPem)).toBe(true);
    expect(call("io.jwt.verify_es256", signed("ES256", ec256.privateKey), ecPem)).toBe(true);
  });

  it("rejects tampered tokens, other keys and other schemes", () => {
    const token = signed("RS256", rsa.privateKey);
    const [h, , s] = token.split(".");
    expect(call("io.jwt.verify_rs256", `${h}.${b64url('{"sub":"root"}')}.${s}`, rsaPem)).toBe(false);
    expect(call("io.jwt.verify_rs256", token, generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }) as string)).toBe(false);
    expect(call("io.jwt.verify_ps256", token, rsaPem)).toBe(false);
    expect(call("io.jwt.verify_es256", token, ecPem)).toBe(false);
    expect(call("io.jwt.verify_es256", signed("ES256", ec384.privateKey), ecPem)).toBe(false);
  });

  it("verifies with a certificate", () => {
    const token = signed("ES256", createPrivateKey(TEST_EC_KEY));
    expect(call("io.jwt.verify_es256", token, TEST_EC_CERT)).toBe(true);
    expect(call("io.jwt.verify_es256", signed("ES256", ec256.privateKey), TEST_EC_CERT)).toBe(false);
  });

  it("verifies with a JWK or a JWK set, choosing by kid and alg", () => {
    const jwk = { ...rsa.publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256" };
    const other = { ...ec256.publicKey.export({ format: "jwk" }), kid: "k2" };
    const set = JSON.stringify({ keys: [other, jwk] });
    expect(call("io.jwt.verify_rs256", signed("RS256", rsa.privateKey), JSON.stringify(jwk))).toBe(true);
    expect(call("io.jwt.verify_rs256", signed("RS256", rsa.privateKey), set)).toBe(true);
    expect(call("io.jwt.verify_rs256", signed("RS256", rsa.privateKey, { kid: "k1" }), set)).toBe(true);
    // The kid names the EC key, which then is the only one tried.
    expect(call("io.jwt.verify_rs256", signed("RS256", rsa.privateKey, { kid: "k2" }), set)).toBe(false);
    // A key whose alg differs from the token's is skipped.
    expect(call("io.jwt.verify_rs384", signed("RS384", rsa.privateKey), JSON.stringify(jwk))).toBe(false);
  });

  it("reports keys it cannot read", () => {
    const token = signed("RS256", rsa.privateKey);
    expectError("io.jwt.verify_rs256", [token, "not a key"], { code: "builtin_error", argIndex: 1, message: "failed to parse a JWK key (set)" });
    expectError("io.jwt.verify_rs256", [token, rsaPem + "junk"], { code: "builtin_error", argIndex: 1, message: "extra data after a PEM certificate block" });
    expectError("io.jwt.verify_rs256", [token, rsaPem.replaceAll("PUBLIC KEY", "RSA PRIVATE KEY")], {
      code: "builtin_error",
      argIndex: 1,
      message: "failed to extract a Key from the PEM certificate",
    });
    expectError("io.jwt.verify_rs256", [token, '{"kty":"RSA"}'], { code: "builtin_error", argIndex: 1, message: "failed to parse a JWK key (set)" });
  });
});

// A self-signed P-256 certificate and its key, made with openssl for these tests only.
const TEST_EC_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgELLBjX0S4jxHTrpM
NOufkj2gNS/sspm8Pg0DznSAqRKhRANCAAT6/4/agXlHLGWmxXDrzi+cvYUIOihP
0KKwf/PGm/dm0i021NbiDbHvNcidw106KxMG4KmAYLcSJcmlT0iWbuhN
-----END PRIVATE KEY-----
`;
const TEST_EC_CERT = `-----BEGIN CERTIFICATE-----
MIIBiTCCAS+gAwIBAgIULqIIxgZGupshlWOENSklv9nzw7MwCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwOc25hcHNwYWNlIHRlc3QwIBcNMjYxMTIzMTUzOTU4WhgPMjEy
NjEwMzAxNTM5NThaMBkxFzAVBgNVBAMMDnNuYXBzcGFjZSB0ZXN0MFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAE+v+P2oF5RyxlpsVw684vnL2FCDooT9CisH/zxpv3
ZtItNtTW4g2x7zXIncNdOisTBuCpgGC3EiXJpU9Ilm7oTaNTMFEwHQYDVR0OBBYE
FHAImFyduqCVJwDK1QoFPp1VCseFMB8GA1UdIwQYMBaAFHAImFyduqCVJwDK1QoF
Pp1VCseFMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgJIdYe4Mu
thfCut3oCP+3rruWjikm2U9h6j5q2EDdKfkCIQDzvIN1rIcPwSrgcOZC5gRX0RUz
l2z1eXOX0TYJUUsD+Q==
-----END CERTIFICATE-----
`;
