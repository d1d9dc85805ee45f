/**
 * OPA's certificate and key parsing built-ins (`crypto.x509.parse_*`,
 * `crypto.parse_private_keys`). Each returns what OPA returns: Go's
 * `json.Marshal` of the structure Go's `crypto/x509` or `crypto/tls` parses
 * (see `x509-certificate.ts`, `x509-request.ts`, `x509-keys.ts`), so a
 * policy reads `certs[0].Subject.CommonName`, `certs[0].NotAfter` or
 * `certs[0].DNSNames` exactly as under OPA. Inputs are PEM, or base64 of
 * PEM or of DER, read the way OPA reads them.
 *
 * Not here: `crypto.x509.parse_and_verify_certificates*`, whose
 * verification reads the clock (see `impure.ts`).
 */
import type { Value } from "../value/types.js";
import { GoParseError } from "./asn1-der.js";
import { Base64Error, decodeBase64, encodeBase64, utf8 } from "./go-base64.js";
import { hasPrefix, type PemBlock, pemDecode } from "./go-pem.js";
import { goUrlString } from "./go-url.js";
import { type Certificate, parseCertificate, parseCertificates } from "./x509-certificate.js";
import { checkKeyPair, type GoPrivateKey, parseEcPrivateKey, parsePkcs1PrivateKey, parsePkcs8PrivateKey, privateKeyJwk, privateKeyValue } from "./x509-keys.js";
import { parseCertificateRequest } from "./x509-request.js";
import { BuiltinError, defineBuiltin, type BuiltinDef } from "./types.js";

const BEGIN = "-----BEGIN";

/** Run a parser, turning Go's errors (bad base64 included) into the built-in's error on argument `argIndex`. */
function goCall<T>(name: string, argIndex: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoParseError || e instanceof Base64Error) throw new BuiltinError(`${name}: ${e.message}`, argIndex);
    throw e;
  }
}

/** The bytes of a text OPA takes as PEM when it starts with `-----BEGIN`, and as standard base64 otherwise. */
function pemOrBase64(text: string): Uint8Array {
  return text.startsWith(BEGIN) ? utf8(text) : decodeBase64(text, "std");
}

/** Every PEM block of `data`, in order. */
function pemBlocks(data: Uint8Array): PemBlock[] {
  const out: PemBlock[] = [];
  for (let rest = data; rest.length > 0; ) {
    const d = pemDecode(rest);
    if (!d) break;
    out.push(d.block);
    rest = d.rest;
  }
  return out;
}

/** OPA's `getX509CertsFromString`: PEM certificates, or base64 of PEM or of DER. */
function certificatesFromString(input: string): Certificate[] {
  const data = pemOrBase64(input);
  if (!hasPrefix(data, BEGIN)) return parseCertificates(data);
  const der: Uint8Array[] = [];
  for (const block of pemBlocks(data)) {
    if (block.type !== "CERTIFICATE") throw new GoParseError(`PEM block type is '${block.type}', expected CERTIFICATE`);
    der.push(block.bytes);
  }
  return parseCertificates(Buffer.concat(der));
}

export const cryptoX509ParseCertificates = defineBuiltin({
  name: "crypto.x509.parse_certificates",
  family: "crypto",
  description:
    "The certificates in `certs` (PEM `CERTIFICATE` blocks, or base64 of PEM or of DER) as OPA returns them: Go's `x509.Certificate` fields (`Subject.CommonName`, `NotAfter`, `DNSNames`, `IsCA`, …) plus `URIStrings`.",
  args: [{ name: "certs", type: "string", description: "PEM, or base64-encoded PEM or DER" }],
  result: "array",
  deterministic: true,
  impl: ([certs]) => {
    const name = "crypto.x509.parse_certificates";
    return goCall(name, 0, () => certificatesFromString(certs as string)).map((c) => ({
      ...c.value,
      // OPA adds the subject alternative name URIs as text.
      URIStrings: c.uris === null ? null : c.uris.map(goUrlString),
    }));
  },
});

export const cryptoX509ParseCertificateRequest = defineBuiltin({
  name: "crypto.x509.parse_certificate_request",
  family: "crypto",
  description:
    "The certificate signing request in `csr` (a PEM `CERTIFICATE REQUEST` block, or base64 of PEM or of DER) as OPA returns it: Go's `x509.CertificateRequest` fields (`Subject`, `DNSNames`, `Extensions`, …).",
  args: [{ name: "csr", type: "string", description: "PEM, or base64-encoded PEM or DER" }],
  result: "object",
  deterministic: true,
  impl: ([csr]) =>
    goCall("crypto.x509.parse_certificate_request", 0, () => {
      const text = csr as string;
      let data = text.startsWith("-----BEGIN CERTIFICATE REQUEST-----") ? utf8(text) : decodeBase64(text, "std");
      const pem = pemDecode(data);
      if (pem && pem.block.type !== "CERTIFICATE REQUEST") throw new GoParseError("invalid PEM-encoded certificate signing request");
      if (pem) data = pem.block.bytes;
      return parseCertificateRequest(data);
    }),
});

/** `crypto/tls`'s `parsePrivateKey`: PKCS #1, then PKCS #8 (RSA, ECDSA, Ed25519), then SEC 1. */
function tlsPrivateKey(der: Uint8Array): GoPrivateKey {
  const parsers = [parsePkcs1PrivateKey, parsePkcs8PrivateKey, (d: Uint8Array) => parseEcPrivateKey(d)];
  for (const [i, parse] of parsers.entries()) {
    const key = attempt(() => parse(der));
    if (key === undefined) continue;
    if (i === 1 && key.kind === "x25519") throw new GoParseError("tls: found unknown private key type in PKCS#8 wrapping");
    return key;
  }
  throw new GoParseError("tls: failed to parse private key");
}

function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoParseError) return undefined;
    throw e;
  }
}

/** The PEM blocks of a key pair input; OPA wraps DER (after base64) in a block of type `derType`. */
function keyPairBlocks(text: string, derType: string): PemBlock[] {
  const data = pemOrBase64(text);
  return hasPrefix(data, BEGIN) ? pemBlocks(data) : [{ type: derType, bytes: data }];
}

/** Go's `tls.X509KeyPair`, on OPA's inputs; errors name the argument at fault. */
function keyPair(name: string, certText: string, keyText: string): Value {
  const certBlocks = goCall(name, 0, () => keyPairBlocks(certText, "CERTIFICATE"));
  const keyBlocks = goCall(name, 1, () => keyPairBlocks(keyText, "PRIVATE KEY"));
  const certs = certBlocks.filter((b) => b.type === "CERTIFICATE").map((b) => b.bytes);
  const skipped = certBlocks.filter((b) => b.type !== "CERTIFICATE").map((b) => b.type);
  if (certs.length === 0) {
    const why =
      skipped.length === 0
        ? "tls: failed to find any PEM data in certificate input"
        : skipped.length === 1 && skipped[0]!.endsWith("PRIVATE KEY")
          ? "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched"
          : `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(" ")}]`;
    throw new BuiltinError(`${name}: ${why}`, 0);
  }
  const keyAt = keyBlocks.findIndex((b) => b.type === "PRIVATE KEY" || b.type.endsWith(" PRIVATE KEY"));
  if (keyAt < 0) {
    const types = keyBlocks.map((b) => b.type);
    const why =
      types.length === 0
        ? "tls: failed to find any PEM data in key input"
        : types.length === 1 && types[0] === "CERTIFICATE"
          ? "tls: found a certificate rather than a key in the PEM for the private key"
          : `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${types.join(" ")}]`;
    throw new BuiltinError(`${name}: ${why}`, 1);
  }
  const leaf = goCall(name, 0, () => {
    const c = parseCertificate(certs[0]!);
    if (c.rawLength !== certs[0]!.length) throw new GoParseError("x509: trailing data");
    return c;
  });
  const privateKey = goCall(name, 1, () => tlsPrivateKey(keyBlocks[keyAt]!.bytes));
  goCall(name, 1, () => checkKeyPair(leaf.publicKey, privateKey));
  return {
    Certificate: certs.map((c) => encodeBase64(c, "std")),
    PrivateKey: privateKeyValue(privateKey),
    SupportedSignatureAlgorithms: null,
    OCSPStaple: null,
    SignedCertificateTimestamps: null,
    Leaf: leaf.value,
  };
}

export const cryptoX509ParseKeypair = defineBuiltin({
  name: "crypto.x509.parse_keypair",
  family: "crypto",
  description:
    "The certificate chain `cert` and its private key `pem` (each PEM, or base64 of PEM or of DER) as Go's `tls.Certificate` (`Certificate`, `PrivateKey`, `Leaf`, …); an error when the key does not belong to the first certificate.",
  args: [
    { name: "cert", type: "string", description: "PEM, or base64-encoded PEM or DER, of the certificate chain" },
    { name: "pem", type: "string", description: "PEM, or base64-encoded PEM or DER, of the private key" },
  ],
  result: "object",
  deterministic: true,
  impl: ([cert, pem]) => keyPair("crypto.x509.parse_keypair", cert as string, pem as string),
});

export const cryptoX509ParseRsaPrivateKey = defineBuiltin({
  name: "crypto.x509.parse_rsa_private_key",
  family: "crypto",
  description:
    "The private key in `pem` (a PEM `RSA PRIVATE KEY` or `PRIVATE KEY` block, or base64 of it) as a JWK object (`kty`, `n`, `e`, `d`, `p`, `q`, `dp`, `dq`, `qi`), as OPA returns it.",
  args: [{ name: "pem", type: "string", description: "PEM, or base64-encoded PEM" }],
  result: "object",
  deterministic: true,
  impl: ([pem]) =>
    goCall("crypto.x509.parse_rsa_private_key", 0, () => {
      const block = pemDecode(pemOrBase64(pem as string))?.block;
      if (!block) throw new GoParseError("failed to parse PEM block containing the key");
      if (block.type === "RSA PRIVATE KEY") return privateKeyJwk(parsePkcs1PrivateKey(block.bytes));
      if (block.type === "PRIVATE KEY") return privateKeyJwk(parsePkcs8PrivateKey(block.bytes));
      throw new GoParseError(`PEM block type is '${block.type}', expected RSA PRIVATE KEY or PRIVATE KEY`);
    }),
});

export const cryptoParsePrivateKeys = defineBuiltin({
  name: "crypto.parse_private_keys",
  family: "crypto",
  description:
    "The private keys in `keys` (PEM blocks of PKCS #1, PKCS #8 or SEC 1 keys, or base64 of them) as Go's key structs, in order; blocks that are not such keys are skipped. Null when `keys` is empty or holds no key, as in OPA.",
  args: [{ name: "keys", type: "string", description: "PEM, or base64-encoded PEM" }],
  result: ["array", "null"],
  deterministic: true,
  impl: ([keys]) => {
    const text = keys as string;
    if (text === "") return null;
    // Base64 of PEM is decoded; anything else is read as PEM text.
    const data = attemptBase64(text) ?? utf8(text);
    const found: Value[] = [];
    for (const block of pemBlocks(data)) {
      const key =
        attempt(() => parsePkcs1PrivateKey(block.bytes)) ?? attempt(() => parsePkcs8PrivateKey(block.bytes)) ?? attempt(() => parseEcPrivateKey(block.bytes));
      if (key !== undefined) found.push(privateKeyValue(key));
    }
    return found.length === 0 ? null : found;
  },
});

function attemptBase64(text: string): Uint8Array | undefined {
  try {
    return decodeBase64(text, "std");
  } catch (e) {
    if (e instanceof Base64Error) return undefined;
    throw e;
  }
}

/** The certificate and key parsing built-ins. */
export const X509: readonly BuiltinDef[] = [
  cryptoParsePrivateKeys,
  cryptoX509ParseCertificateRequest,
  cryptoX509ParseCertificates,
  cryptoX509ParseKeypair,
  cryptoX509ParseRsaPrivateKey,
];
