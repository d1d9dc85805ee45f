/**
 * `crypto.x509.parse_keypair` (Go's `tls.X509KeyPair`),
 * `crypto.x509.parse_rsa_private_key` (a JWK) and `crypto.parse_private_keys`
 * (Go's key structs). Expected key material comes from the fixtures'
 * `openssl pkey -text` dumps; field names and layouts from Go's
 * `rsa.PrivateKey`, `ecdsa.PrivateKey`, `ed25519.PrivateKey` and
 * `tls.Certificate`.
 */
import { describe, expect, it } from "vitest";
import type { Value } from "../../src/value/index.js";
import { call, expectCall, expectError } from "./harness.js";
import { at, b64urlOf, bigOf, dumpHex, fixture, keysOf, pemBody } from "./x509-fixtures.js";

const KEYPAIR = "crypto.x509.parse_keypair";
const RSA_JWK = "crypto.x509.parse_rsa_private_key";
const KEYS = "crypto.parse_private_keys";

const leafPem = fixture("leaf.pem");
const caPem = fixture("ca.pem");
const b64 = (b: Buffer) => b.toString("base64");

/** The RSA key of a `openssl pkey -text` dump, by PKCS #1's names. */
function rsaDump(name: string) {
  const dump = fixture(name);
  const f = (label: string) => bigOf(dumpHex(dump, label));
  return {
    n: f("modulus:"),
    d: f("privateExponent:"),
    p: f("prime1:"),
    q: f("prime2:"),
    dp: f("exponent1:"),
    dq: f("exponent2:"),
    qi: f("coefficient:"),
  };
}

/** Go's `*rsa.PrivateKey` as `json.Marshal` writes it (embedded PublicKey, then D, Primes, Precomputed). */
function goRsaKey(name: string): Value {
  const k = rsaDump(name);
  return { N: k.n, E: 65537, D: k.d, Primes: [k.p, k.q], Precomputed: { Dp: k.dp, Dq: k.dq, Qinv: k.qi, CRTValues: [] } };
}

/** Go's `*ecdsa.PrivateKey` for a P-256/P-384 key dump: the curve (`{}`, unexported fields), X, Y, D. */
function goEcKey(name: string, size: number): Value {
  const dump = fixture(name);
  const pub = dumpHex(dump, "pub:");
  return { Curve: {}, X: bigOf(pub.subarray(1, 1 + size)), Y: bigOf(pub.subarray(1 + size)), D: bigOf(dumpHex(dump, "priv:")) };
}

/** Go's `ed25519.PrivateKey`: seed then public key, as base64 bytes. */
function goEd25519Key(name: string): string {
  const dump = fixture(name);
  return b64(Buffer.concat([dumpHex(dump, "priv:"), dumpHex(dump, "pub:")]));
}

describe("crypto.x509.parse_keypair", () => {
  it("returns Go's tls.Certificate for a certificate and its PKCS #1 key", () => {
    const pair = call(KEYPAIR, leafPem, fixture("leaf.pkcs1.key.pem"))!;
    expect(keysOf(pair)).toEqual(["Certificate", "Leaf", "OCSPStaple", "PrivateKey", "SignedCertificateTimestamps", "SupportedSignatureAlgorithms"]);
    expect(at(pair, "Certificate")).toEqual([b64(pemBody(leafPem))]);
    expect(at(pair, "PrivateKey")).toEqual(goRsaKey("leaf.key.txt"));
    expect([at(pair, "SupportedSignatureAlgorithms"), at(pair, "OCSPStaple"), at(pair, "SignedCertificateTimestamps")]).toEqual([null, null, null]);
    // Leaf is the parsed first certificate: x509.Certificate, without OPA's URIStrings.
    const parsed = (call("crypto.x509.parse_certificates", leafPem) as Value[])[0] as Record<string, Value>;
    const { URIStrings: _omitted, ...leaf } = parsed;
    expect(at(pair, "Leaf")).toEqual(leaf);
  });

  it("keeps every certificate of a chain, and reads PKCS #8, SEC 1 and Ed25519 keys", () => {
    const chain = call(KEYPAIR, leafPem + caPem, fixture("leaf.key.pem"))!;
    expect(at(chain, "Certificate")).toEqual([b64(pemBody(leafPem)), b64(pemBody(caPem))]);
    expect(at(chain, "PrivateKey")).toEqual(goRsaKey("leaf.key.txt"));
    expect(at(call(KEYPAIR, caPem, fixture("ca.key.pem")), "PrivateKey")).toEqual(goEcKey("ca.key.txt", 32));
    expect(at(call(KEYPAIR, caPem, fixture("ca.sec1.key.pem")), "PrivateKey")).toEqual(goEcKey("ca.key.txt", 32));
    expect(at(call(KEYPAIR, fixture("ed25519.pem"), fixture("ed25519.key.pem")), "PrivateKey")).toBe(goEd25519Key("ed25519.key.txt"));
  });

  it("reads base64 of PEM and base64 of DER (a DER key is taken as PKCS #8 or the others)", () => {
    const want = call(KEYPAIR, leafPem, fixture("leaf.key.pem"))!;
    expectCall(KEYPAIR, [Buffer.from(leafPem).toString("base64"), Buffer.from(fixture("leaf.key.pem")).toString("base64")], want);
    expectCall(KEYPAIR, [b64(pemBody(leafPem)), b64(pemBody(fixture("leaf.key.pem")))], want);
    expectCall(KEYPAIR, [b64(pemBody(leafPem)), b64(pemBody(fixture("leaf.pkcs1.key.pem")))], want);
  });

  it("rejects a key that does not belong to the certificate, blaming the key", () => {
    expectError(KEYPAIR, [leafPem, fixture("v1.key.pem")], { code: "builtin_error", argIndex: 1, message: "crypto.x509.parse_keypair: tls: private key does not match public key" });
    expectError(KEYPAIR, [leafPem, fixture("ca.key.pem")], { code: "builtin_error", argIndex: 1, message: "tls: private key type does not match public key type" });
    expectError(KEYPAIR, [caPem, fixture("p384.sec1.key.pem")], { code: "builtin_error", argIndex: 1, message: "tls: private key does not match public key" });
    expectError(KEYPAIR, [leafPem, fixture("x25519.key.pem")], { code: "builtin_error", argIndex: 1, message: "tls: found unknown private key type in PKCS#8 wrapping" });
    // Go's tls package pairs RSA, ECDSA and Ed25519 keys only.
    expectError(KEYPAIR, [fixture("dsa.pem"), fixture("leaf.key.pem")], { code: "builtin_error", argIndex: 1, message: "tls: unknown public key algorithm" });
  });

  it("says what is wrong with the inputs as Go's tls package does", () => {
    expectError(KEYPAIR, [fixture("leaf.key.pem"), fixture("leaf.key.pem")], {
      code: "builtin_error",
      argIndex: 0,
      message: "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched",
    });
    expectError(KEYPAIR, [leafPem, leafPem], { code: "builtin_error", argIndex: 1, message: "tls: found a certificate rather than a key in the PEM for the private key" });
    expectError(KEYPAIR, [leafPem, "-----BEGIN nothing"], { code: "builtin_error", argIndex: 1, message: "tls: failed to find any PEM data in key input" });
    expectError(KEYPAIR, ["**", fixture("leaf.key.pem")], { code: "builtin_error", argIndex: 0, message: "illegal base64 data at input byte 0" });
    expectError(KEYPAIR, [b64(Buffer.from("not DER")), fixture("leaf.key.pem")], { code: "builtin_error", argIndex: 0, message: "x509: malformed certificate" });
  });
});

describe("crypto.x509.parse_rsa_private_key", () => {
  const k = rsaDump("leaf.key.txt");
  const jwk = { kty: "RSA", n: b64urlOf(k.n), e: "AQAB", d: b64urlOf(k.d), p: b64urlOf(k.p), q: b64urlOf(k.q), dp: b64urlOf(k.dp), dq: b64urlOf(k.dq), qi: b64urlOf(k.qi) };

  it("gives the key as a JWK (base64url without padding) from PKCS #1 or PKCS #8 PEM, or base64 of it", () => {
    expectCall(RSA_JWK, [fixture("leaf.pkcs1.key.pem")], jwk);
    expectCall(RSA_JWK, [fixture("leaf.key.pem")], jwk);
    expectCall(RSA_JWK, [Buffer.from(fixture("leaf.pkcs1.key.pem")).toString("base64")], jwk);
  });

  it("gives an EC key in PKCS #8 as an EC JWK", () => {
    const dump = fixture("ca.key.txt");
    const pub = dumpHex(dump, "pub:");
    expectCall(RSA_JWK, [fixture("ca.key.pem")], {
      kty: "EC",
      crv: "P-256",
      x: b64urlOf(bigOf(pub.subarray(1, 33))),
      y: b64urlOf(bigOf(pub.subarray(33))),
      d: b64urlOf(bigOf(dumpHex(dump, "priv:"))),
    });
  });

  it("rejects other PEM blocks, text without PEM, and keys a JWK cannot hold", () => {
    expectError(RSA_JWK, [leafPem], { code: "builtin_error", argIndex: 0, message: "crypto.x509.parse_rsa_private_key: PEM block type is 'CERTIFICATE', expected RSA PRIVATE KEY or PRIVATE KEY" });
    expectError(RSA_JWK, [Buffer.from("no PEM here").toString("base64")], { code: "builtin_error", argIndex: 0, message: "failed to parse PEM block containing the key" });
    expectError(RSA_JWK, [fixture("ca.sec1.key.pem")], { code: "builtin_error", argIndex: 0, message: "PEM block type is 'EC PRIVATE KEY'" });
    expectError(RSA_JWK, [fixture("ed25519.key.pem")], { code: "builtin_error", argIndex: 0, message: "invalid key type ed25519.PrivateKey" });
    // A PKCS #8 block under the PKCS #1 label: Go's hint to use the other parser.
    const mislabelled = fixture("leaf.key.pem").replaceAll("PRIVATE KEY", "RSA PRIVATE KEY");
    expectError(RSA_JWK, [mislabelled], { code: "builtin_error", argIndex: 0, message: "x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)" });
  });
});

describe("crypto.parse_private_keys", () => {
  it("gives every key of concatenated PEM blocks as Go's key structs, in order", () => {
    const pem = ["leaf.pkcs1.key.pem", "ca.sec1.key.pem", "ed25519.key.pem", "x25519.key.pem", "p384.sec1.key.pem", "leaf.key.pem"].map(fixture).join("");
    expectCall(KEYS, [pem], [
      goRsaKey("leaf.key.txt"),
      goEcKey("ca.key.txt", 32),
      goEd25519Key("ed25519.key.txt"),
      {}, // *ecdh.PrivateKey (X25519) has only unexported fields
      goEcKey("p384.sec1.key.txt", 48),
      goRsaKey("leaf.key.txt"),
    ]);
  });

  it("reads base64 of PEM too", () => {
    expectCall(KEYS, [Buffer.from(fixture("ca.key.pem")).toString("base64")], [goEcKey("ca.key.txt", 32)]);
  });

  it("skips blocks that are not private keys, and gives null when there is none, or no input", () => {
    expectCall(KEYS, [leafPem + fixture("ca.key.pem")], [goEcKey("ca.key.txt", 32)]);
    expectCall(KEYS, [""], null);
    expectCall(KEYS, [leafPem], null);
    expectCall(KEYS, ["no keys here"], null);
  });
});
