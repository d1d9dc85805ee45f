/**
 * JSON Web Tokens (JWS compact form), as OPA's `io.jwt.*` decode and verify
 * them: `io.jwt.decode` and the `io.jwt.verify_*` family, which check a
 * signature against a secret (HS*), or a PEM certificate, PEM public key,
 * JWK or JWK set (RS*, PS*, ES*). Nothing here reads the clock: checking
 * `exp` and `nbf` is the policy's job, against `input.context.now`.
 * (`io.jwt.decode_verify` does read the clock by default: see `impure.ts`.)
 */
import { createHmac, createPublicKey, timingSafeEqual, verify, X509Certificate, constants, type KeyObject } from "node:crypto";
import { unreachable } from "../source/unreachable.js";
import { fromJs, parseJson } from "../value/json.js";
import { objectGet } from "../value/object.js";
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
  const mac = createHmac(hash, utf8(secret)).update(token.header + "." + token.payload).digest();
  const sig = sectionBytes(name, token.signature, "signature");
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
      const hash = `sha${bits}`;
      const kid = objectGet(header, "kid");
      const headerAlg = objectGet(header, "alg");
      if (typeof kid === "string" && kid !== "") {
        const match = keys.find((k) => k.kid === kid);
        if (match) return checkSignature(scheme, hash, match.key, data, sig);
      }
      // Otherwise any key will do, skipping keys that name a different algorithm.
      return keys.some((k) => (k.alg === "" || k.alg === headerAlg) && checkSignature(scheme, hash, k.key, data, sig));
    },
  });
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

/** The token built-ins (registered with the `crypto` family). */
export const JWT: readonly BuiltinDef[] = [
  ioJwtDecode,
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
