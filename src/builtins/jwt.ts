/**
 * JSON Web Tokens (JWS compact form), as OPA's `io.jwt.*` decode and verify
 * them: `io.jwt.decode`, the `io.jwt.verify_*` family, which check a
 * signature against a secret (HS*), or a PEM certificate, PEM public key,
 * JWK or JWK set (RS*, PS*, ES*), and `io.jwt.decode_verify`, which also
 * checks the algorithm, issuer, audience, `exp` and `nbf`. Nothing here reads
 * the clock: OPA's `decode_verify` falls back to it when its constraints have
 * no `time`, and snapspace's asks for `time` instead (the checker rejects a
 * literal without it; see `check/resolve.ts`).
 */
import { createHmac, createPublicKey, timingSafeEqual, verify, X509Certificate, constants, type KeyObject } from "node:crypto";
import { unreachable } from "../source/unreachable.js";
import { fromJs, parseJson } from "../value/json.js";
import { compareNumbers, isNumber, toFloat } from "../value/number.js";
import { objectEntries, objectGet } from "../value/object.js";
import { toRegoText } from "../value/print.js";
import { isObject } from "../value/type-of.js";
import type { ObjectValue, Value } from "../value/types.js";
import { Base64Error, decodeBase64, fromUtf8, padBase64url, utf8 } from "./go-base64.js";
import { BuiltinError, defineBuiltin, type BuiltinDef } from "./types.js";

interface Token {
  readonly header: string;
  readonly payload: string;
  readonly signature: string;
}

function splitToken(name: string, jwt: string): Token {
  if (!jwt.includes(".")) throw new BuiltinError(`${name}: encoded JWT had no period separators`, 0);
  const parts = jwt.split(".");
  if (parts.length !== 3) throw new BuiltinError(`${name}: encoded JWT must have 3 sections, found ${parts.length}`, 0);
  return { header: parts[0]!, payload: parts[1]!, signature: parts[2]! };
}

/** Base64url-decoded bytes of a token section; `what` names it in the error. */
function sectionBytes(name: string, text: string, what: string): Uint8Array {
  const padded = padBase64url(text);
  if (padded === undefined) throw new BuiltinError(`${name}: JWT ${what} had invalid encoding: illegal base64url string: ${text}`, 0);
  try {
    return decodeBase64(padded, "url");
  } catch (e) {
    if (e instanceof Base64Error) throw new BuiltinError(`${name}: JWT ${what} had invalid encoding: ${e.message}`, 0);
    throw e;
  }
}

function jsonObject(name: string, bytes: Uint8Array, what: string): ObjectValue {
  let v: Value;
  try {
    v = fromJs(parseJson(fromUtf8(bytes)));
  } catch (e) {
    throw new BuiltinError(`${name}: ${what}invalid JSON: ${(e as Error).message}`, 0);
  }
  if (!isObject(v)) throw new BuiltinError(`${name}: ${what}decoded JSON type was not an Object`, 0);
  return v;
}

function decodeHeader(name: string, token: Token): ObjectValue {
  const header = jsonObject(name, sectionBytes(name, token.header, "header"), "bad JWT header: ");
  // A JWE (encrypted token) is not supported, as in OPA.
  if (objectGet(header, "enc") !== undefined) throw new BuiltinError(`${name}: JWT is a JWE object, which is not supported`, 0);
  return header;
}

export const ioJwtDecode = defineBuiltin({
  name: "io.jwt.decode",
  family: "crypto",
  description:
    "`[header, payload, signature]` of a JWS compact token: the header and payload as objects, the signature as lower-case hex. Verifies nothing.",
  args: [{ name: "jwt", type: "string" }],
  result: "array",
  deterministic: true,
  impl: ([jwt]) => decodeToken("io.jwt.decode", jwt as string),
});

function decodeToken(name: string, jwt: string): Value {
  const token = splitToken(name, jwt);
  const header = decodeHeader(name, token);
  const payloadText = fromUtf8(sectionBytes(name, token.payload, "payload"));
  // A nested token (`cty: JWT`) is decoded in turn; OPA strips quotes around it first.
  if (objectGet(header, "cty") === "JWT") return decodeToken(name, payloadText.replace(/^["']+|["']+$/g, ""));
  const payload = jsonObject(name, utf8(payloadText), "");
  const signature = Buffer.from(sectionBytes(name, token.signature, "signature")).toString("hex");
  return [header, payload, signature];
}

// ---- HMAC ----------------------------------------------------------------

function verifyHmac(name: string, hash: "sha256" | "sha384" | "sha512", jwt: string, secret: string): boolean {
  const token = splitToken(name, jwt);
  return checkHmac(hash, secret, Buffer.from(token.header + "." + token.payload), sectionBytes(name, token.signature, "signature"));
}

function checkHmac(hash: string, secret: string, data: Buffer, sig: Uint8Array): boolean {
  const mac = createHmac(hash, utf8(secret)).update(data).digest();
  return sig.length === mac.length && timingSafeEqual(sig, mac);
}

function hsVerifier(bits: 256 | 384 | 512): BuiltinDef {
  const name = `io.jwt.verify_hs${bits}`;
  return defineBuiltin({
    name,
    family: "crypto",
    description: `True when the token's HMAC-SHA${bits} signature was made with \`secret\`.`,
    args: [
      { name: "jwt", type: "string" },
      { name: "secret", type: "string" },
    ],
    result: "boolean",
    deterministic: true,
    impl: ([jwt, secret]) => verifyHmac(name, `sha${bits}`, jwt as string, secret as string),
  });
}

export const ioJwtVerifyHs256 = hsVerifier(256);
export const ioJwtVerifyHs384 = hsVerifier(384);
export const ioJwtVerifyHs512 = hsVerifier(512);

// ---- public keys ---------------------------------------------------------

interface VerificationKey {
  readonly key: KeyObject;
  readonly alg: string;
  readonly kid: string;
}

const PEM_BLOCK = /^\s*-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----\s*/;

/** The keys in a PEM certificate, PEM public key, JWK or JWK set, as OPA reads them. */
function readKeys(name: string, text: string): VerificationKey[] {
  const fail = (msg: string) => new BuiltinError(`${name}: ${msg}`, 1);
  const pem = PEM_BLOCK.exec(text);
  if (pem) {
    if (pem[0].length !== text.length) throw fail("extra data after a PEM certificate block");
    try {
      if (pem[1] === "CERTIFICATE") return [{ key: new X509Certificate(pem[0]).publicKey, alg: "", kid: "" }];
      if (pem[1] === "PUBLIC KEY") return [{ key: createPublicKey(pem[0]), alg: "", kid: "" }];
    } catch (e) {
      throw fail(`failed to parse a PEM ${pem[1] === "CERTIFICATE" ? "certificate" : "public key"}: ${(e as Error).message}`);
    }
    throw fail("failed to extract a Key from the PEM certificate");
  }
  let jwks: Value;
  try {
    jwks = parseJson(text);
  } catch (e) {
    throw fail(`failed to parse a JWK key (set): ${(e as Error).message}`);
  }
  if (!isObject(jwks)) throw fail("failed to parse a JWK key (set): not a JSON object");
  const list = objectGet(jwks, "keys");
  const jwkList: readonly Value[] = Array.isArray(list) ? list : [jwks];
  return jwkList.map((jwk) => {
    if (!isObject(jwk)) throw fail("failed to parse a JWK key (set): a key is not a JSON object");
    try {
      const key = createPublicKey({ key: jwk as never, format: "jwk" });
      const alg = objectGet(jwk, "alg");
      const kid = objectGet(jwk, "kid");
      return { key, alg: typeof alg === "string" ? alg : "", kid: typeof kid === "string" ? kid : "" };
    } catch (e) {
      throw fail(`failed to parse a JWK key (set): ${(e as Error).message}`);
    }
  });
}

type Scheme = "RS" | "PS" | "ES";

function checkSignature(scheme: Scheme, hash: string, key: KeyObject, data: Buffer, sig: Uint8Array): boolean {
  const type = key.asymmetricKeyType;
  try {
    switch (scheme) {
      case "RS":
        return type === "rsa" && verify(hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, sig);
      case "PS":
        return (type === "rsa" || type === "rsa-pss") && verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig);
      case "ES":
        return type === "ec" && verify(hash, data, { key, dsaEncoding: "ieee-p1363" }, sig);
      default:
        return unreachable(scheme);
    }
  } catch {
    return false; // a signature of the wrong shape for the key does not verify
  }
}

function publicKeyVerifier(scheme: Scheme, bits: 256 | 384 | 512): BuiltinDef {
  const alg = `${scheme}${bits}`;
  const name = `io.jwt.verify_${alg.toLowerCase()}`;
  const what = { RS: "RSASSA-PKCS1-v1_5", PS: "RSASSA-PSS", ES: "ECDSA" }[scheme];
  return defineBuiltin({
    name,
    family: "crypto",
    description: `True when the token's ${what} SHA-${bits} signature verifies with \`certificate\`: a PEM certificate or public key, a JWK, or a JWK set (a key whose \`kid\` matches the token's is tried alone).`,
    args: [
      { name: "jwt", type: "string" },
      { name: "certificate", type: "string" },
    ],
    result: "boolean",
    deterministic: true,
    impl: ([jwt, certificate]) => {
      const token = splitToken(name, jwt as string);
      const keys = readKeys(name, certificate as string);
      const sig = sectionBytes(name, token.signature, "signature");
      const header = decodeHeader(name, token);
      const data = Buffer.from(token.header + "." + token.payload);
      return verifyWithKeys(scheme, `sha${bits}`, keys, objectGet(header, "kid"), objectGet(header, "alg"), data, sig);
    },
  });
}

/** True when one of `keys` verifies the signature, as OPA picks them: the key whose `kid` is the token's alone, else any key for the token's `alg`. */
function verifyWithKeys(scheme: Scheme, hash: string, keys: readonly VerificationKey[], kid: Value | undefined, alg: Value | undefined, data: Buffer, sig: Uint8Array): boolean {
  if (typeof kid === "string" && kid !== "") {
    const match = keys.find((k) => k.kid === kid);
    if (match) return checkSignature(scheme, hash, match.key, data, sig);
  }
  // Otherwise any key will do, skipping keys that name a different algorithm.
  return keys.some((k) => (k.alg === "" || k.alg === alg) && checkSignature(scheme, hash, k.key, data, sig));
}

export const ioJwtVerifyRs256 = publicKeyVerifier("RS", 256);
export const ioJwtVerifyRs384 = publicKeyVerifier("RS", 384);
export const ioJwtVerifyRs512 = publicKeyVerifier("RS", 512);
export const ioJwtVerifyPs256 = publicKeyVerifier("PS", 256);
export const ioJwtVerifyPs384 = publicKeyVerifier("PS", 384);
export const ioJwtVerifyPs512 = publicKeyVerifier("PS", 512);
export const ioJwtVerifyEs256 = publicKeyVerifier("ES", 256);
export const ioJwtVerifyEs384 = publicKeyVerifier("ES", 384);
export const ioJwtVerifyEs512 = publicKeyVerifier("ES", 512);

// ---- io.jwt.decode_verify -------------------------------------------------

const DECODE_VERIFY = "io.jwt.decode_verify";

/** The algorithms OPA verifies (its `tokenAlgorithms`); a Map, so `alg` text never reaches `Object.prototype`. */
const ALGORITHMS: ReadonlyMap<string, { readonly scheme: Scheme | "HS"; readonly hash: string }> = new Map(
  (["HS", "RS", "PS", "ES"] as const).flatMap((scheme) => [256, 384, 512].map((bits) => [`${scheme}${bits}`, { scheme, hash: `sha${bits}` }] as const)),
);

/** What the constraints of `io.jwt.decode_verify` ask for. As in OPA, an empty string is the same as an absent constraint. */
interface Constraints {
  /** From `cert`; undefined when there is none. */
  readonly keys: readonly VerificationKey[] | undefined;
  readonly secret: string;
  readonly alg: string;
  readonly iss: string;
  readonly aud: string;
  /** Nanoseconds since the epoch, as the float OPA holds it. */
  readonly time: number;
}

/** The constraints object read as OPA's `parseTokenConstraints` and `validate` read it; errors blame argument 1. */
function parseConstraints(o: ObjectValue): Constraints {
  const fail = (msg: string) => new BuiltinError(`${DECODE_VERIFY}: ${msg}`, 1);
  const text = (key: string, v: Value): string => {
    if (typeof v !== "string") throw fail(`${key} constraint: must be a string`);
    return v;
  };
  let keys: VerificationKey[] | undefined;
  let secret = "";
  let alg = "";
  let iss = "";
  let aud = "";
  let time: number | undefined;
  for (const [key, v] of objectEntries(o)) {
    switch (key) {
      case "cert":
        keys = readKeys(DECODE_VERIFY, text("cert", v));
        break;
      case "secret":
        secret = text("secret", v);
        break;
      case "alg":
        alg = text("alg", v);
        break;
      case "iss":
        iss = text("iss", v);
        break;
      case "aud":
        aud = text("aud", v);
        break;
      case "time":
        if (!isNumber(v)) throw fail("token time constraint: must be a number");
        time = toFloat(v);
        if (!Number.isFinite(time)) throw fail("token time constraint: very large numbers are not supported");
        break;
      default:
        throw fail(`unknown token validation constraint: ${typeof key === "string" ? key : toRegoText(key)}`);
    }
  }
  if (keys !== undefined && secret !== "") throw fail("duplicate key constraints");
  if (keys === undefined && secret === "") throw fail("no key constraint");
  // Where OPA reads the clock, snapspace asks for the time: a decision depends only on its input.
  if (time === undefined) {
    throw fail('constraints have no `time`, so the token would be checked against the clock: add `"time": time.parse_rfc3339_ns(input.context.now)`');
  }
  return { keys, secret, alg, iss, aud, time };
}

/** The header parameters OPA reads (`alg`, `kid`, `typ`, `cty`, `crit`), and whether it accepts the header. */
function readHeader(header: ObjectValue): { readonly alg: string; readonly kid: string; readonly cty: string; readonly valid: boolean } {
  const fail = (msg: string) => new BuiltinError(`${DECODE_VERIFY}: ${msg}`, 0);
  const strings: Record<"alg" | "kid" | "typ" | "cty", string> = { alg: "", kid: "", typ: "", cty: "" };
  let crit = new Set<string>();
  const unknown: string[] = [];
  for (const [key, v] of objectEntries(header)) {
    switch (key) {
      case "alg":
      case "kid":
      case "typ":
      case "cty":
        if (typeof v !== "string") throw fail(`${key}: must be a string`);
        strings[key] = v;
        break;
      case "crit":
        if (!Array.isArray(v)) throw fail("crit: must be a list");
        // OPA skips entries that are not strings, then asks for at least one.
        crit = new Set(v.filter((x): x is string => typeof x === "string"));
        if (crit.size === 0) throw fail("crit: must be a nonempty list");
        break;
      default:
        unknown.push(String(key));
    }
  }
  // RFC 7515: `alg` is required, and a critical parameter the verifier does not know makes the token invalid.
  const valid = strings.alg !== "" && !unknown.some((k) => crit.has(k));
  return { alg: strings.alg, kid: strings.kid, cty: strings.cty, valid };
}

/** Whether the signature verifies under the constraints' key; errors where OPA's do (unknown `alg`, a secret for a public-key algorithm). */
function signatureVerifies(c: Constraints, alg: string, kid: string, data: Buffer, sig: Uint8Array): boolean {
  const a = ALGORITHMS.get(alg);
  if (a === undefined) throw new BuiltinError(`${DECODE_VERIFY}: unknown JWS algorithm: ${alg}`, 0);
  // Keys from `cert` are public keys: they never verify an HMAC, and OPA calls that unverified.
  if (c.keys !== undefined) return a.scheme !== "HS" && verifyWithKeys(a.scheme, a.hash, c.keys, kid, alg, data, sig);
  if (a.scheme !== "HS") {
    throw new BuiltinError(`${DECODE_VERIFY}: incorrect public key type: a token signed with \`${alg}\` is verified with a \`cert\` constraint, not a \`secret\``, 1);
  }
  return checkHmac(a.hash, c.secret, data, sig);
}

/** OPA's `validAudience`: a string `aud` must be the constraint, an array must contain it (an absent constraint is `""`). */
function audienceMatches(aud: Value, want: string): boolean {
  if (typeof aud === "string") return aud === want;
  return Array.isArray(aud) && aud.some((x) => x === want);
}

/** Whether the registered claims hold: `iss`, `aud`, then `exp` and `nbf` (seconds) against `time` (nanoseconds). */
function claimsHold(c: Constraints, payload: ObjectValue): boolean {
  if (c.iss !== "" && objectGet(payload, "iss") !== c.iss) return false;
  const aud = objectGet(payload, "aud");
  if (aud !== undefined ? !audienceMatches(aud, c.aud) : c.aud !== "") return false;
  const seconds = c.time / 1e9;
  const exp = objectGet(payload, "exp");
  if (exp !== undefined) {
    if (!isNumber(exp)) throw new BuiltinError(`${DECODE_VERIFY}: exp value must be a number`, 0);
    // Expired from the second `exp` itself on: valid only while time < exp.
    if (compareNumbers(seconds, exp) >= 0) return false;
  }
  const nbf = objectGet(payload, "nbf");
  if (nbf !== undefined) {
    if (!isNumber(nbf)) throw new BuiltinError(`${DECODE_VERIFY}: nbf value must be a number`, 0);
    // Valid from the second `nbf` itself on.
    if (compareNumbers(seconds, nbf) < 0) return false;
  }
  return true;
}

export const ioJwtDecodeVerify = defineBuiltin({
  name: DECODE_VERIFY,
  family: "crypto",
  description:
    "`[valid, header, payload]` of a JWS token checked against `constraints`: its signature with `cert` (PEM certificate or public key, JWK or JWK set) or `secret` (HMAC), and `alg`, `iss` and `aud` when given; `exp` and `nbf` (seconds) are compared with `time` (nanoseconds), which snapspace requires: pass `time.parse_rfc3339_ns(input.context.now)`. `[false, {}, {}]` when the token is not valid.",
  args: [
    { name: "jwt", type: "string" },
    { name: "constraints", type: "object" },
  ],
  result: "array",
  deterministic: true,
  impl: ([jwt, constraints]) => {
    const c = parseConstraints(constraints as ObjectValue);
    const unverified = (): Value => [false, {}, {}];
    let text = jwt as string;
    // A nested token (`cty: JWT`) is verified in turn, with the same constraints, as in OPA.
    for (;;) {
      const token = splitToken(DECODE_VERIFY, text);
      const header = decodeHeader(DECODE_VERIFY, token);
      const h = readHeader(header);
      if (!h.valid || (c.alg !== "" && c.alg !== h.alg)) return unverified();
      const sig = sectionBytes(DECODE_VERIFY, token.signature, "signature");
      if (!signatureVerifies(c, h.alg, h.kid, Buffer.from(token.header + "." + token.payload), sig)) return unverified();
      const payloadBytes = sectionBytes(DECODE_VERIFY, token.payload, "payload");
      if (h.cty.toUpperCase() === "JWT") {
        text = fromUtf8(payloadBytes);
        continue;
      }
      const payload = jsonObject(DECODE_VERIFY, payloadBytes, "");
      return claimsHold(c, payload) ? [true, header, payload] : unverified();
    }
  },
});

/** The token built-ins (registered with the `crypto` family). */
export const JWT: readonly BuiltinDef[] = [
  ioJwtDecode,
  ioJwtDecodeVerify,
  ioJwtVerifyEs256,
  ioJwtVerifyEs384,
  ioJwtVerifyEs512,
  ioJwtVerifyHs256,
  ioJwtVerifyHs384,
  ioJwtVerifyHs512,
  ioJwtVerifyPs256,
  ioJwtVerifyPs384,
  ioJwtVerifyPs512,
  ioJwtVerifyRs256,
  ioJwtVerifyRs384,
  ioJwtVerifyRs512,
];
