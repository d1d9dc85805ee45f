/**
 * `io.jwt.decode_verify(jwt, constraints)`, with OPA's semantics
 * (topdown/tokens.go, documented under "Tokens" in OPA's policy reference):
 * `[true, header, payload]` for a token whose signature, `alg`, `iss`, `aud`,
 * `exp` and `nbf` pass the constraints, `[false, {}, {}]` for one that does
 * not, and an error for malformed constraints or tokens. snapspace requires
 * `time` (OPA would read the clock without it). Tokens are signed here with
 * node:crypto, independently of the code under test.
 */
import { createHmac, generateKeyPairSync, sign, constants, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import type { Value } from "../../src/value/index.js";
import { call, expectError } from "./call.js";

const b64url = (s: string | Buffer) => Buffer.from(s).toString("base64url");
const part = (x: unknown) => b64url(JSON.stringify(x));

type Json = Record<string, unknown>;

/** A token signed with HMAC (`alg` HS256 unless the header says otherwise). */
function hs(payload: Json, secret: string, header: Json = {}): string {
  const h = { alg: "HS256", typ: "JWT", ...header };
  const bits = String(h.alg).slice(2);
  const data = `${part(h)}.${part(payload)}`;
  return `${data}.${createHmac(`sha${bits}`, secret).update(data).digest("base64url")}`;
}

/** A token signed with a private key: RS*, PS* or ES*. */
function signedWith(alg: string, key: KeyObject, payload: Json, header: Json = {}): string {
  const data = `${part({ alg, typ: "JWT", ...header })}.${part(payload)}`;
  const hash = `sha${alg.slice(2)}`;
  const opts =
    alg.startsWith("PS")
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : alg.startsWith("ES")
        ? { key, dsaEncoding: "ieee-p1363" as const }
        : key;
  return `${data}.${b64url(sign(hash, Buffer.from(data), opts))}`;
}

const NS = 1_000_000_000;
const UNVERIFIED = [false, {}, {}];
const SECRET = "correct horse battery staple";
// Registered claims in seconds: valid on [NBF, EXP).
const NBF = 1_700_000_000;
const EXP = 1_700_003_600;
const CLAIMS = { sub: "alice", iss: "https://issuer.example", nbf: NBF, exp: EXP };
const INSIDE = (NBF + 60) * NS;

const decodeVerify = (jwt: string, constraints: Json) => call("io.jwt.decode_verify", jwt, constraints as Value);

describe("io.jwt.decode_verify with a secret (HS256)", () => {
  const token = hs(CLAIMS, SECRET);

  it("returns [true, header, payload] for a valid token, with time inside [nbf, exp)", () => {
    expect(decodeVerify(token, { secret: SECRET, time: INSIDE })).toEqual([true, { alg: "HS256", typ: "JWT" }, CLAIMS]);
  });

  it("is valid from the second nbf itself and expired from the second exp itself", () => {
    expect(decodeVerify(token, { secret: SECRET, time: NBF * NS })).toEqual([true, { alg: "HS256", typ: "JWT" }, CLAIMS]);
    expect(decodeVerify(token, { secret: SECRET, time: EXP * NS - 1000 })).toEqual([true, { alg: "HS256", typ: "JWT" }, CLAIMS]);
    expect(decodeVerify(token, { secret: SECRET, time: EXP * NS })).toEqual(UNVERIFIED);
  });

  it("holds time as a float64, as OPA does: a nanosecond before exp rounds to exp", () => {
    // 1700003599999999999 is not a float64; the nearest one is 1700003600000000000.
    expect(decodeVerify(token, { secret: SECRET, time: BigInt(EXP) * BigInt(NS) - 1n })).toEqual(UNVERIFIED);
  });

  it("is not valid once expired", () => {
    expect(decodeVerify(token, { secret: SECRET, time: (EXP + 1) * NS })).toEqual(UNVERIFIED);
  });

  it("is not valid before nbf", () => {
    expect(decodeVerify(token, { secret: SECRET, time: (NBF - 1) * NS })).toEqual(UNVERIFIED);
    expect(decodeVerify(token, { secret: SECRET, time: NBF * NS - 1000 })).toEqual(UNVERIFIED);
  });

  it("accepts any time when the token has neither exp nor nbf", () => {
    const forever = hs({ sub: "alice" }, SECRET);
    expect(decodeVerify(forever, { secret: SECRET, time: 0 })).toEqual([true, { alg: "HS256", typ: "JWT" }, { sub: "alice" }]);
    expect(decodeVerify(forever, { secret: SECRET, time: 4_000_000_000n * BigInt(NS) })).toEqual([true, { alg: "HS256", typ: "JWT" }, { sub: "alice" }]);
  });

  it("is not valid with another secret", () => {
    expect(decodeVerify(token, { secret: "another secret", time: INSIDE })).toEqual(UNVERIFIED);
  });

  it("is not valid when tampered with", () => {
    const [h, , s] = token.split(".");
    expect(decodeVerify(`${h}.${part({ ...CLAIMS, sub: "root" })}.${s}`, { secret: SECRET, time: INSIDE })).toEqual(UNVERIFIED);
  });

  it("verifies HS384 and HS512 too", () => {
    for (const alg of ["HS384", "HS512"]) {
      expect(decodeVerify(hs(CLAIMS, SECRET, { alg }), { secret: SECRET, time: INSIDE })).toEqual([true, { alg, typ: "JWT" }, CLAIMS]);
    }
  });

  it("checks alg: a different required algorithm makes the token invalid", () => {
    expect(decodeVerify(token, { secret: SECRET, alg: "HS256", time: INSIDE })).toEqual([true, { alg: "HS256", typ: "JWT" }, CLAIMS]);
    expect(decodeVerify(token, { secret: SECRET, alg: "HS512", time: INSIDE })).toEqual(UNVERIFIED);
    expect(decodeVerify(token, { secret: SECRET, alg: "RS256", time: INSIDE })).toEqual(UNVERIFIED);
  });

  it("checks iss when the constraints give it", () => {
    expect(decodeVerify(token, { secret: SECRET, iss: "https://issuer.example", time: INSIDE })).toEqual([true, { alg: "HS256", typ: "JWT" }, CLAIMS]);
    expect(decodeVerify(token, { secret: SECRET, iss: "https://evil.example", time: INSIDE })).toEqual(UNVERIFIED);
    // A token without iss fails an iss constraint.
    expect(decodeVerify(hs({ sub: "alice" }, SECRET), { secret: SECRET, iss: "https://issuer.example", time: INSIDE })).toEqual(UNVERIFIED);
  });
});

describe("io.jwt.decode_verify: aud", () => {
  const header = { alg: "HS256", typ: "JWT" };
  const check = (claims: Json, constraints: Json) => decodeVerify(hs(claims, SECRET), { secret: SECRET, time: INSIDE, ...constraints });

  it("a token without aud is valid without an aud constraint, invalid with one", () => {
    expect(check({ sub: "a" }, {})).toEqual([true, header, { sub: "a" }]);
    expect(check({ sub: "a" }, { aud: "api" })).toEqual(UNVERIFIED);
  });

  it("a token with aud is invalid without an aud constraint", () => {
    expect(check({ aud: "api" }, {})).toEqual(UNVERIFIED);
    expect(check({ aud: ["api", "web"] }, {})).toEqual(UNVERIFIED);
  });

  it("a string aud must equal the constraint", () => {
    expect(check({ aud: "api" }, { aud: "api" })).toEqual([true, header, { aud: "api" }]);
    expect(check({ aud: "web" }, { aud: "api" })).toEqual(UNVERIFIED);
  });

  it("an array aud must contain the constraint", () => {
    expect(check({ aud: ["web", "api"] }, { aud: "api" })).toEqual([true, header, { aud: ["web", "api"] }]);
    expect(check({ aud: ["web", "cli"] }, { aud: "api" })).toEqual(UNVERIFIED);
    expect(check({ aud: [] }, { aud: "api" })).toEqual(UNVERIFIED);
  });

  it("an aud that is neither a string nor an array never matches", () => {
    expect(check({ aud: 1 }, { aud: "api" })).toEqual(UNVERIFIED);
  });
});

describe("io.jwt.decode_verify with public keys", () => {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const otherRsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const rsaPem = rsa.publicKey.export({ type: "spki", format: "pem" }) as string;
  const otherPem = otherRsa.publicKey.export({ type: "spki", format: "pem" }) as string;

  it("verifies RS256 with a PEM public key, and checks the claims", () => {
    const token = signedWith("RS256", rsa.privateKey, CLAIMS);
    expect(decodeVerify(token, { cert: rsaPem, time: INSIDE })).toEqual([true, { alg: "RS256", typ: "JWT" }, CLAIMS]);
    expect(decodeVerify(token, { cert: rsaPem, alg: "RS256", iss: "https://issuer.example", time: INSIDE })).toEqual([
      true,
      { alg: "RS256", typ: "JWT" },
      CLAIMS,
    ]);
    expect(decodeVerify(token, { cert: rsaPem, time: (EXP + 1) * NS })).toEqual(UNVERIFIED);
  });

  it("is not valid with another key, a tampered payload or a required alg it does not have", () => {
    const token = signedWith("RS256", rsa.privateKey, CLAIMS);
    const [h, , s] = token.split(".");
    expect(decodeVerify(token, { cert: otherPem, time: INSIDE })).toEqual(UNVERIFIED);
    expect(decodeVerify(`${h}.${part({ ...CLAIMS, sub: "root" })}.${s}`, { cert: rsaPem, time: INSIDE })).toEqual(UNVERIFIED);
    expect(decodeVerify(token, { cert: rsaPem, alg: "PS256", time: INSIDE })).toEqual(UNVERIFIED);
  });

  it("verifies PS256 and ES256", () => {
    expect(decodeVerify(signedWith("PS256", rsa.privateKey, CLAIMS), { cert: rsaPem, time: INSIDE })).toEqual([true, { alg: "PS256", typ: "JWT" }, CLAIMS]);
    const ecPem = ec.publicKey.export({ type: "spki", format: "pem" }) as string;
    expect(decodeVerify(signedWith("ES256", ec.privateKey, CLAIMS), { cert: ecPem, time: INSIDE })).toEqual([true, { alg: "ES256", typ: "JWT" }, CLAIMS]);
    // An RSA key does not verify an ECDSA signature.
    expect(decodeVerify(signedWith("ES256", ec.privateKey, CLAIMS), { cert: rsaPem, time: INSIDE })).toEqual(UNVERIFIED);
  });

  it("verifies with a JWK set, the key named by the token's kid alone", () => {
    const jwks = JSON.stringify({
      keys: [
        { ...otherRsa.publicKey.export({ format: "jwk" }), kid: "old" },
        { ...rsa.publicKey.export({ format: "jwk" }), kid: "current" },
      ],
    });
    expect(decodeVerify(signedWith("RS256", rsa.privateKey, CLAIMS, { kid: "current" }), { cert: jwks, time: INSIDE })).toEqual([
      true,
      { alg: "RS256", typ: "JWT", kid: "current" },
      CLAIMS,
    ]);
    expect(decodeVerify(signedWith("RS256", rsa.privateKey, CLAIMS, { kid: "old" }), { cert: jwks, time: INSIDE })).toEqual(UNVERIFIED);
  });

  it("a public key never verifies an HMAC token", () => {
    expect(decodeVerify(hs(CLAIMS, rsaPem), { cert: rsaPem, time: INSIDE })).toEqual(UNVERIFIED);
  });

  it("a secret cannot verify a public-key token: an error, as in OPA", () => {
    expectError("io.jwt.decode_verify", [signedWith("RS256", rsa.privateKey, CLAIMS), { secret: SECRET, time: INSIDE }], {
      code: "builtin_error",
      argIndex: 1,
      message: "incorrect public key type",
    });
  });
});

describe("io.jwt.decode_verify: headers", () => {
  it("a header without alg is not valid", () => {
    const data = `${part({ typ: "JWT" })}.${part(CLAIMS)}`;
    const token = `${data}.${createHmac("sha256", SECRET).update(data).digest("base64url")}`;
    expect(decodeVerify(token, { secret: SECRET, time: INSIDE })).toEqual(UNVERIFIED);
  });

  it("a critical header parameter it does not know makes the token invalid (RFC 7515 4.1.11)", () => {
    expect(decodeVerify(hs(CLAIMS, SECRET, { crit: ["exp2"], exp2: 1 }), { secret: SECRET, time: INSIDE })).toEqual(UNVERIFIED);
    // An unknown parameter that is not critical is kept in the header.
    expect(decodeVerify(hs(CLAIMS, SECRET, { x: 1 }), { secret: SECRET, time: INSIDE })).toEqual([true, { alg: "HS256", typ: "JWT", x: 1 }, CLAIMS]);
  });

  it("an unknown algorithm is an error, unless alg is required and differs", () => {
    const none = `${part({ alg: "none" })}.${part(CLAIMS)}.`;
    expectError("io.jwt.decode_verify", [none, { secret: SECRET, time: INSIDE }], { code: "builtin_error", argIndex: 0, message: "unknown JWS algorithm: none" });
    expect(decodeVerify(none, { secret: SECRET, alg: "HS256", time: INSIDE })).toEqual(UNVERIFIED);
  });

  it("verifies a nested token (cty: JWT) with the same constraints, returning the inner header and payload", () => {
    const inner = hs(CLAIMS, SECRET);
    const h = part({ alg: "HS256", cty: "JWT" });
    const data = `${h}.${b64url(inner)}`;
    const nested = `${data}.${createHmac("sha256", SECRET).update(data).digest("base64url")}`;
    expect(decodeVerify(nested, { secret: SECRET, time: INSIDE })).toEqual([true, { alg: "HS256", typ: "JWT" }, CLAIMS]);
    expect(decodeVerify(nested, { secret: SECRET, time: (EXP + 1) * NS })).toEqual(UNVERIFIED);
    // The inner token signed with another secret fails.
    const badData = `${h}.${b64url(hs(CLAIMS, "other"))}`;
    const bad = `${badData}.${createHmac("sha256", SECRET).update(badData).digest("base64url")}`;
    expect(decodeVerify(bad, { secret: SECRET, time: INSIDE })).toEqual(UNVERIFIED);
  });
});

describe("io.jwt.decode_verify: errors", () => {
  const token = hs(CLAIMS, SECRET);
  const err = (constraints: Json, message: string, argIndex = 1) =>
    expectError("io.jwt.decode_verify", [token, constraints as Value], { code: "builtin_error", argIndex, message });

  it("requires time, saying how to pass it", () => {
    err({ secret: SECRET }, "time.parse_rfc3339_ns(input.context.now)");
    err({ secret: SECRET }, "`time`");
  });

  it("rejects an unknown constraint", () => {
    err({ secret: SECRET, time: INSIDE, sub: "alice" }, "unknown token validation constraint: sub");
  });

  it("rejects constraints of the wrong type", () => {
    err({ secret: 1, time: INSIDE }, "secret constraint: must be a string");
    err({ secret: SECRET, alg: 256, time: INSIDE }, "alg constraint: must be a string");
    err({ secret: SECRET, iss: ["a"], time: INSIDE }, "iss constraint: must be a string");
    err({ secret: SECRET, aud: ["a"], time: INSIDE }, "aud constraint: must be a string");
    err({ secret: SECRET, time: "2026-11-23T00:00:00Z" }, "token time constraint: must be a number");
    err({ cert: 1, time: INSIDE }, "cert constraint: must be a string");
    err({ cert: "not a key", time: INSIDE }, "failed to parse a JWK key (set)");
  });

  it("needs exactly one of cert and secret", () => {
    err({ time: INSIDE }, "no key constraint");
    err({ secret: "", time: INSIDE }, "no key constraint");
    const pem = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "pem" }) as string;
    err({ secret: SECRET, cert: pem, time: INSIDE }, "duplicate key constraints");
  });

  it("rejects a malformed token", () => {
    expectError("io.jwt.decode_verify", ["not a token", { secret: SECRET, time: INSIDE }], { code: "builtin_error", argIndex: 0, message: "no period separators" });
    expectError("io.jwt.decode_verify", ["a.b", { secret: SECRET, time: INSIDE }], { code: "builtin_error", argIndex: 0, message: "3 sections" });
  });

  it("rejects exp or nbf that is not a number", () => {
    expectError("io.jwt.decode_verify", [hs({ exp: "tomorrow" }, SECRET), { secret: SECRET, time: INSIDE }], { code: "builtin_error", argIndex: 0, message: "exp" });
    expectError("io.jwt.decode_verify", [hs({ nbf: "today" }, SECRET), { secret: SECRET, time: INSIDE }], { code: "builtin_error", argIndex: 0, message: "nbf" });
  });

  it("rejects arguments of the wrong type", () => {
    expectError("io.jwt.decode_verify", [token, "secret"], { code: "type_error", argIndex: 1 });
    expectError("io.jwt.decode_verify", [1, { secret: SECRET, time: INSIDE }], { code: "type_error", argIndex: 0 });
  });
});

describe("io.jwt.decode_verify in a policy", () => {
  const source = `package gateway

claims := payload if {
	[true, _, payload] := io.jwt.decode_verify(input.token, {
		"secret": data.jwt.secret,
		"iss": "https://issuer.example",
		"time": time.parse_rfc3339_ns(input.context.now),
	})
}

# Constraints that come from the input: checked when the call is evaluated.
result := io.jwt.decode_verify(input.token, input.constraints)
`;
  const data = { jwt: { secret: SECRET } };
  const token = hs(CLAIMS, SECRET);
  // NBF + 60 s and EXP + 1 s, as RFC 3339 text.
  const inside = new Date((NBF + 60) * 1000).toISOString();
  const after = new Date((EXP + 1) * 1000).toISOString();

  it("does not compile with literal constraints that lack time", () => {
    let thrown: unknown;
    try {
      compile({ modules: [{ file: "gateway.rego", source: 'package gateway\nr := io.jwt.decode_verify(input.token, {"secret": "s"})\n' }] });
    } catch (e) {
      thrown = e;
    }
    expect(isSnapError(thrown) && thrown.code, String(thrown)).toBe("impure_builtin");
  });

  for (const backend of ["interpreter", "compiled"] as const) {
    const policy = (strictBuiltinErrors = false) =>
      compile({ modules: [{ file: "gateway.rego", source }], data, backend, strictBuiltinErrors });

    it(`accepts a valid token at input.context.now (${backend})`, () => {
      expect(policy().query("data.gateway.claims", { input: { token, context: { now: inside } } })).toEqual([{ expressions: [CLAIMS], bindings: {} }]);
    });

    it(`rejects an expired token (${backend})`, () => {
      expect(policy().query("data.gateway.claims", { input: { token, context: { now: after } } })).toEqual([]);
    });

    it(`with time from the input, gives OPA's result (${backend})`, () => {
      const result = policy().query("data.gateway.result", { input: { token, constraints: { secret: SECRET, time: INSIDE } } });
      expect(result).toEqual([{ expressions: [[true, { alg: "HS256", typ: "JWT" }, CLAIMS]], bindings: {} }]);
    });

    it(`without time at run time: undefined, or an error in strict mode (${backend})`, () => {
      const input = { token, constraints: { secret: SECRET } };
      expect(policy().query("data.gateway.result", { input })).toEqual([]);
      let thrown: unknown;
      try {
        policy(true).query("data.gateway.result", { input });
      } catch (e) {
        thrown = e;
      }
      expect(isSnapError(thrown), String(thrown)).toBe(true);
      expect((thrown as Error).message).toContain("time.parse_rfc3339_ns(input.context.now)");
    });
  }
});
