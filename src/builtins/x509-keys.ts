/**
 * Public and private keys as Go's `crypto/x509` parses them and
 * `json.Marshal` writes the resulting Go structs: `*rsa.PublicKey` is
 * `{N, E}`, `*ecdsa.PublicKey` is `{Curve, X, Y}` where `Curve` is `{}`
 * (Go's NIST curves have only unexported fields since Go 1.19),
 * `ed25519.PublicKey` is base64 bytes, `*dsa.PublicKey` is `{P, Q, G, Y}`;
 * private keys add `D` (and, for RSA, `Primes` and `Precomputed`). Node's
 * `crypto` does the elliptic-curve arithmetic: checking that a point is on
 * its curve and deriving public keys from private ones.
 */
import { createECDH, createPrivateKey, createPublicKey, ECDH } from "node:crypto";
import { unreachable } from "../source/unreachable.js";
import { normNumber } from "../value/number.js";
import type { Value } from "../value/types.js";
import { type BitString, Der, GoParseError, oidText, rightAlign, TAG, unsignedInteger } from "./asn1-der.js";
import { encodeBase64 } from "./go-base64.js";
import { type AlgorithmIdentifier, KEY_OID, parseAlgorithmIdentifier } from "./x509-algorithms.js";

interface Curve {
  readonly name: string;
  readonly node: string;
  /** Bytes of a coordinate or scalar. */
  readonly size: number;
}

/** The curves Go's `namedCurveFromOID` knows, by OID. */
const CURVES: ReadonlyMap<string, Curve> = new Map([
  ["1.3.132.0.33", { name: "P-224", node: "secp224r1", size: 28 }],
  ["1.2.840.10045.3.1.7", { name: "P-256", node: "prime256v1", size: 32 }],
  ["1.3.132.0.34", { name: "P-384", node: "secp384r1", size: 48 }],
  ["1.3.132.0.35", { name: "P-521", node: "secp521r1", size: 66 }],
]);

/** A public key Go parses, with what `tls.X509KeyPair` compares. */
export type GoPublicKey =
  | { readonly kind: "rsa"; readonly n: bigint; readonly e: bigint }
  | { readonly kind: "ecdsa"; readonly curve: Curve; readonly x: bigint; readonly y: bigint }
  | { readonly kind: "ed25519"; readonly key: Uint8Array }
  | { readonly kind: "dsa"; readonly p: bigint; readonly q: bigint; readonly g: bigint; readonly y: bigint };

/** A private key Go parses. */
export type GoPrivateKey =
  | {
      readonly kind: "rsa";
      readonly n: bigint;
      readonly e: bigint;
      readonly d: bigint;
      readonly primes: readonly bigint[];
    }
  | { readonly kind: "ecdsa"; readonly curve: Curve; readonly x: bigint; readonly y: bigint; readonly d: bigint }
  | { readonly kind: "ed25519"; readonly seed: Uint8Array; readonly key: Uint8Array }
  | { readonly kind: "x25519" };

const NULL_PARAMS = (p: Uint8Array | undefined) => p !== undefined && p.length === 2 && p[0] === TAG.NULL && p[1] === 0;

/** Go's `parsePublicKey` for the algorithms it knows (the caller skips the others). */
export function parsePublicKey(ai: AlgorithmIdentifier, bits: BitString): GoPublicKey {
  const key = rightAlign(bits);
  switch (oidText(ai.oid)) {
    case KEY_OID.RSA: {
      if (!NULL_PARAMS(ai.params)) throw new GoParseError("x509: RSA key missing NULL parameters");
      const seq = new Der(key).read(TAG.SEQUENCE);
      if (!seq) throw new GoParseError("x509: invalid RSA public key");
      const n = seq.readInteger();
      if (n === undefined) throw new GoParseError("x509: invalid RSA modulus");
      const e = seq.readInteger();
      if (e === undefined || e >= 2n ** 63n || e < -(2n ** 63n)) throw new GoParseError("x509: invalid RSA public exponent");
      if (n <= 0n) throw new GoParseError("x509: RSA modulus is not a positive number");
      if (e <= 0n) throw new GoParseError("x509: RSA public exponent is not a positive number");
      return { kind: "rsa", n, e };
    }
    case KEY_OID.ECDSA: {
      const curveOid = ai.params && new Der(ai.params).readOid();
      if (!curveOid) throw new GoParseError("x509: invalid ECDSA parameters");
      const curve = CURVES.get(oidText(curveOid));
      if (!curve) throw new GoParseError("x509: unsupported elliptic curve");
      const point = uncompressedPoint(curve, key);
      if (!point) throw new GoParseError("x509: failed to unmarshal elliptic curve point");
      return { kind: "ecdsa", curve, ...point };
    }
    case KEY_OID.Ed25519:
      if (ai.params !== undefined && ai.params.length !== 0) throw new GoParseError("x509: Ed25519 key encoded with illegal parameters");
      if (key.length !== 32) throw new GoParseError("x509: wrong Ed25519 public key size");
      return { kind: "ed25519", key };
    case KEY_OID.DSA: {
      const y = new Der(key).readInteger();
      if (y === undefined) throw new GoParseError("x509: invalid DSA public key");
      const params = ai.params && new Der(ai.params).read(TAG.SEQUENCE);
      const p = params?.readInteger();
      const q = params?.readInteger();
      const g = params?.readInteger();
      if (p === undefined || q === undefined || g === undefined) throw new GoParseError("x509: invalid DSA parameters");
      if (y <= 0n || p <= 0n || q <= 0n || g <= 0n) throw new GoParseError("x509: zero or negative DSA parameter");
      return { kind: "dsa", p, q, g, y };
    }
    default:
      throw new GoParseError("x509: unknown public key algorithm");
  }
}

/** Go's `elliptic.Unmarshal`: an uncompressed point on the curve, or `undefined`. */
function uncompressedPoint(curve: Curve, bytes: Uint8Array): { x: bigint; y: bigint } | undefined {
  if (bytes.length !== 1 + 2 * curve.size || bytes[0] !== 4) return undefined;
  try {
    // Decoding the point makes OpenSSL check that it lies on the curve.
    ECDH.convertKey(Buffer.from(bytes), curve.node, undefined, undefined, "uncompressed");
  } catch {
    return undefined;
  }
  return { x: unsignedInteger(bytes.subarray(1, 1 + curve.size)), y: unsignedInteger(bytes.subarray(1 + curve.size)) };
}

function big(n: bigint): Value {
  return normNumber(n);
}

/** A public key as `json.Marshal` writes Go's key struct. */
export function publicKeyValue(k: GoPublicKey): Value {
  switch (k.kind) {
    case "rsa":
      return { N: big(k.n), E: big(k.e) };
    case "ecdsa":
      return { Curve: {}, X: big(k.x), Y: big(k.y) };
    case "ed25519":
      return encodeBase64(k.key, "std");
    case "dsa":
      return { P: big(k.p), Q: big(k.q), G: big(k.g), Y: big(k.y) };
    default:
      return unreachable(k, "key");
  }
}

/** Go's `x509.ParsePKCS1PrivateKey`, including `rsa.PrivateKey.Validate`. */
export function parsePkcs1PrivateKey(der: Uint8Array): GoPrivateKey {
  const outer = new Der(der);
  const seq = outer.read(TAG.SEQUENCE);
  const fields = seq && [seq.readInteger(), seq.readInteger(), seq.readInteger(), seq.readInteger(), seq.readInteger(), seq.readInteger()];
  if (!seq || !fields || fields.some((f) => f === undefined)) {
    if (looksLike(der, "ec")) throw new GoParseError("x509: failed to parse private key (use ParseECPrivateKey instead for this key format)");
    if (looksLike(der, "pkcs8")) throw new GoParseError("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)");
    throw new GoParseError("asn1: structure error: tags don't match");
  }
  if (!outer.empty) throw new GoParseError("asn1: syntax error: trailing data");
  const [version, n, e, d, p, q] = fields as bigint[];
  if (version! > 1n) throw new GoParseError("x509: unsupported private key version");
  if (n! <= 0n || d! <= 0n || p! <= 0n || q! <= 0n) throw new GoParseError("x509: private key contains zero or negative value");
  // dP, dQ and qInv are ignored (Go recomputes them); further primes follow them.
  for (let i = 0; i < 3 && seq.peekTag() === TAG.INTEGER; i++) seq.readInteger();
  const primes = [p!, q!];
  const more = seq.readOptional(TAG.SEQUENCE);
  while (more && !more.empty) {
    const prime = more.read(TAG.SEQUENCE)?.readInteger();
    if (prime === undefined) throw new GoParseError("asn1: structure error: tags don't match");
    if (prime <= 0n) throw new GoParseError("x509: private key contains zero or negative prime");
    primes.push(prime);
  }
  validateRsa(n!, e!, d!, primes);
  return { kind: "rsa", n: n!, e: e!, d: d!, primes };
}

/** Go's `rsa.PrivateKey.Validate`. */
function validateRsa(n: bigint, e: bigint, d: bigint, primes: readonly bigint[]): void {
  if (e < 2n) throw new GoParseError("crypto/rsa: public exponent too small");
  if (e > 2n ** 31n - 1n) throw new GoParseError("crypto/rsa: public exponent too large");
  let modulus = 1n;
  for (const prime of primes) {
    if (prime <= 1n) throw new GoParseError("crypto/rsa: invalid prime value");
    modulus *= prime;
  }
  if (modulus !== n) throw new GoParseError("crypto/rsa: invalid modulus");
  for (const prime of primes) {
    if ((d * e) % (prime - 1n) !== 1n) throw new GoParseError("crypto/rsa: invalid exponents");
  }
}

/** Rough shape of a DER private key, for Go's hints about using another parser. */
function looksLike(der: Uint8Array, format: "ec" | "pkcs8"): boolean {
  const seq = new Der(der).read(TAG.SEQUENCE);
  if (!seq || seq.readInteger() === undefined) return false;
  if (format === "ec") return seq.readBytes(TAG.OCTET_STRING) !== undefined;
  return seq.read(TAG.SEQUENCE)?.readOid() !== undefined && seq.readBytes(TAG.OCTET_STRING) !== undefined;
}

/** Go's `x509.ParsePKCS8PrivateKey` (RSA, ECDSA, Ed25519, X25519). */
export function parsePkcs8PrivateKey(der: Uint8Array): GoPrivateKey {
  const seq = new Der(der).read(TAG.SEQUENCE);
  const version = seq?.readInteger();
  const algSeq = seq?.read(TAG.SEQUENCE);
  const ai = algSeq && tryAlgorithm(algSeq);
  const inner = seq?.readBytes(TAG.OCTET_STRING);
  if (version === undefined || !ai || !inner) {
    if (looksLike(der, "ec")) throw new GoParseError("x509: failed to parse private key (use ParseECPrivateKey instead for this key format)");
    if (seq && version !== undefined && seq.peekTag() === TAG.INTEGER) {
      throw new GoParseError("x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)");
    }
    throw new GoParseError("asn1: structure error: tags don't match");
  }
  switch (oidText(ai.oid)) {
    case KEY_OID.RSA:
      try {
        return parsePkcs1PrivateKey(inner);
      } catch (e) {
        if (e instanceof GoParseError) throw new GoParseError(`x509: failed to parse RSA private key embedded in PKCS#8: ${e.message}`);
        throw e;
      }
    case KEY_OID.ECDSA: {
      const curveOid = ai.params && new Der(ai.params).readOid();
      try {
        return parseEcPrivateKey(inner, curveOid ?? undefined);
      } catch (e) {
        if (e instanceof GoParseError) throw new GoParseError(`x509: failed to parse EC private key embedded in PKCS#8: ${e.message}`);
        throw e;
      }
    }
    case KEY_OID.Ed25519: {
      if (ai.params !== undefined) throw new GoParseError("x509: invalid Ed25519 private key parameters");
      const seed = new Der(inner).readBytes(TAG.OCTET_STRING);
      if (!seed) throw new GoParseError("x509: invalid Ed25519 private key: asn1: structure error: tags don't match");
      if (seed.length !== 32) throw new GoParseError(`x509: invalid Ed25519 private key length: ${seed.length}`);
      return { kind: "ed25519", seed, key: ed25519PublicKey(seed) };
    }
    case KEY_OID.X25519: {
      if (ai.params !== undefined) throw new GoParseError("x509: invalid X25519 private key parameters");
      const scalar = new Der(inner).readBytes(TAG.OCTET_STRING);
      if (!scalar) throw new GoParseError("x509: invalid X25519 private key: asn1: structure error: tags don't match");
      if (scalar.length !== 32) throw new GoParseError("crypto/ecdh: invalid private key size");
      return { kind: "x25519" };
    }
    default:
      throw new GoParseError(`x509: PKCS#8 wrapping contained private key with unknown algorithm: ${oidText(ai.oid)}`);
  }
}

function tryAlgorithm(der: Der): AlgorithmIdentifier | undefined {
  try {
    return parseAlgorithmIdentifier(der);
  } catch (e) {
    if (e instanceof GoParseError) return undefined;
    throw e;
  }
}

const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/** The Ed25519 public key of a seed (Go's `ed25519.NewKeyFromSeed`). */
function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  const priv = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(priv).export({ format: "der", type: "spki" });
  return new Uint8Array(spki.subarray(spki.length - 32));
}

/** Go's `x509.ParseECPrivateKey` (SEC 1), with the curve given by PKCS#8 when it wraps the key. */
export function parseEcPrivateKey(der: Uint8Array, curveOid?: readonly number[]): GoPrivateKey {
  const seq = new Der(der).read(TAG.SEQUENCE);
  const version = seq?.readInteger();
  const scalar = seq?.readBytes(TAG.OCTET_STRING);
  const named = seq?.readOptional(0xa0);
  if (!seq || version === undefined || !scalar || named === undefined) {
    if (looksLike(der, "pkcs8")) throw new GoParseError("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)");
    if (seq && version !== undefined && seq.peekTag() === TAG.INTEGER) {
      throw new GoParseError("x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)");
    }
    throw new GoParseError("x509: failed to parse EC private key: asn1: structure error: tags don't match");
  }
  if (version !== 1n) throw new GoParseError(`x509: unknown EC private key version ${version}`);
  const oid = curveOid ?? named?.readOid();
  const curve = oid && CURVES.get(oidText(oid));
  if (!curve) throw new GoParseError("x509: unknown elliptic curve");
  let bytes = scalar;
  while (bytes.length > curve.size) {
    if (bytes[0] !== 0) throw new GoParseError("x509: invalid private key length");
    bytes = bytes.subarray(1);
  }
  const padded = Buffer.alloc(curve.size);
  padded.set(bytes, curve.size - bytes.length);
  const ecdh = createECDH(curve.node);
  try {
    ecdh.setPrivateKey(padded);
  } catch {
    throw new GoParseError("x509: invalid elliptic curve private key value");
  }
  const point = ecdh.getPublicKey();
  return {
    kind: "ecdsa",
    curve,
    d: unsignedInteger(bytes),
    x: unsignedInteger(point.subarray(1, 1 + curve.size)),
    y: unsignedInteger(point.subarray(1 + curve.size)),
  };
}

/** `q⁻¹ mod p`. */
function modInverse(q: bigint, p: bigint): bigint {
  let [r0, r1] = [((q % p) + p) % p, p];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const t = r0 / r1;
    [r0, r1] = [r1, r0 - t * r1];
    [s0, s1] = [s1, s0 - t * s1];
  }
  return ((s0 % p) + p) % p;
}

/** RSA's CRT values as Go's `rsa.PrivateKey.Precompute` computes them. */
function rsaPrecomputed(k: Extract<GoPrivateKey, { kind: "rsa" }>): { dp: bigint; dq: bigint; qinv: bigint; crt: Value[] } {
  const [p, q] = [k.primes[0]!, k.primes[1]!];
  const crt: Value[] = [];
  let r = p * q;
  for (const prime of k.primes.slice(2)) {
    crt.push({ Exp: big(k.d % (prime - 1n)), Coeff: big(modInverse(r, prime)), R: big(r) });
    r *= prime;
  }
  return { dp: k.d % (p - 1n), dq: k.d % (q - 1n), qinv: modInverse(q, p), crt };
}

/** A private key as `json.Marshal` writes Go's key struct. */
export function privateKeyValue(k: GoPrivateKey): Value {
  switch (k.kind) {
    case "rsa": {
      const pre = rsaPrecomputed(k);
      return {
        N: big(k.n),
        E: big(k.e),
        D: big(k.d),
        Primes: k.primes.map(big),
        Precomputed: { Dp: big(pre.dp), Dq: big(pre.dq), Qinv: big(pre.qinv), CRTValues: pre.crt },
      };
    }
    case "ecdsa":
      return { Curve: {}, X: big(k.x), Y: big(k.y), D: big(k.d) };
    case "ed25519":
      return encodeBase64(Buffer.concat([k.seed, k.key]), "std");
    case "x25519":
      return {}; // *ecdh.PrivateKey has only unexported fields
    default:
      return unreachable(k, "key");
  }
}

/** Base64url (no padding) of a non-negative integer's minimal big-endian bytes (Go's `big.Int.Bytes`). */
function b64url(n: bigint): string {
  let hex = n.toString(16);
  if (hex === "0") hex = "";
  if (hex.length % 2 === 1) hex = "0" + hex;
  return encodeBase64(Buffer.from(hex, "hex"), "url", false);
}

/** A private key as the JWK OPA's `jwk.New` builds (RSA and ECDSA keys only, as there). */
export function privateKeyJwk(k: GoPrivateKey): Value {
  switch (k.kind) {
    case "rsa": {
      const pre = rsaPrecomputed(k);
      return {
        kty: "RSA",
        n: b64url(k.n),
        e: b64url(k.e),
        d: b64url(k.d),
        p: b64url(k.primes[0]!),
        q: b64url(k.primes[1]!),
        dp: b64url(pre.dp),
        dq: b64url(pre.dq),
        qi: b64url(pre.qinv),
      };
    }
    case "ecdsa":
      return { kty: "EC", crv: k.curve.name, x: b64url(k.x), y: b64url(k.y), d: b64url(k.d) };
    case "ed25519":
      throw new GoParseError("invalid key type ed25519.PrivateKey");
    case "x25519":
      throw new GoParseError("invalid key type *ecdh.PrivateKey");
    default:
      return unreachable(k, "key");
  }
}

/** Go's `tls.X509KeyPair` check that the private key belongs to the certificate's public key. */
export function checkKeyPair(pub: GoPublicKey | undefined, priv: GoPrivateKey): void {
  const want = pub?.kind;
  if (want === undefined || want === "dsa") throw new GoParseError("tls: unknown public key algorithm");
  if (priv.kind !== want) throw new GoParseError("tls: private key type does not match public key type");
  const matches =
    (pub!.kind === "rsa" && priv.kind === "rsa" && pub!.n === priv.n) ||
    (pub!.kind === "ecdsa" && priv.kind === "ecdsa" && pub!.x === priv.x && pub!.y === priv.y) ||
    (pub!.kind === "ed25519" && priv.kind === "ed25519" && Buffer.from(pub!.key).equals(Buffer.from(priv.key)));
  if (!matches) throw new GoParseError("tls: private key does not match public key");
}
