/**
 * PKCS #10 certificate requests as Go's `x509.ParseCertificateRequest`
 * reads them (with `encoding/asn1`, so attribute values of any type
 * become what `asn1.Unmarshal` makes of an `interface{}`), written as
 * `json.Marshal` writes the resulting `x509.CertificateRequest`.
 */
import type { PlainObject, Value } from "../value/types.js";
import { bitStringContent, Der, GoParseError, goInt, integerContent, oidArcs, rightAlign, TAG } from "./asn1-der.js";
import { encodeBase64, fromUtf8 } from "./go-base64.js";
import { parseAlgorithmIdentifier, PUBLIC_KEY_ALGORITHM, publicKeyAlgorithm, signatureAlgorithm } from "./x509-algorithms.js";
import { timeText } from "./x509-certificate.js";
import { type Extension, extensionValue, parseExtension } from "./x509-extensions.js";
import { parsePublicKey, publicKeyValue } from "./x509-keys.js";
import { type NameAttribute, nameValue, parseAltNames, parseAsn1String, urlValue } from "./x509-names.js";

const EXTENSION_REQUEST = "1.2.840.113549.1.9.14";
const SUBJECT_ALT_NAME = "2.5.29.17";
const STRUCTURE = "asn1: structure error: tags don't match";

function b64(bytes: Uint8Array): string {
  return encodeBase64(bytes, "std");
}

/** Go's `x509.ParseCertificateRequest`. */
export function parseCertificateRequest(der: Uint8Array): PlainObject {
  const input = new Der(der);
  const raw = input.readElement(TAG.SEQUENCE);
  if (!raw) throw new GoParseError(STRUCTURE);
  if (!input.empty) throw new GoParseError("asn1: syntax error: trailing data");
  const csr = new Der(raw).read(TAG.SEQUENCE)!;
  const rawTbs = csr.readElement(TAG.SEQUENCE);
  const tbs = rawTbs && new Der(rawTbs).read(TAG.SEQUENCE);
  const version = tbs?.readInt();
  const subjectTag = tbs?.peekTag();
  const rawSubject = subjectTag === undefined ? undefined : tbs!.readElement(subjectTag);
  const rawSpki = tbs?.readElement(TAG.SEQUENCE);
  const spki = rawSpki && new Der(rawSpki).read(TAG.SEQUENCE);
  const pkAISeq = spki?.read(TAG.SEQUENCE);
  const pkAI = pkAISeq && parseAlgorithmIdentifier(pkAISeq);
  const spk = spki?.readBitString();
  const attributes = tbs?.read(0xa0);
  const sigAISeq = csr.read(TAG.SEQUENCE);
  const sigAI = sigAISeq && parseAlgorithmIdentifier(sigAISeq);
  const signature = csr.readBitString();
  if (!rawTbs || version === undefined || !rawSubject || !rawSpki || !pkAI || !spk || !attributes || !sigAI || !signature) {
    throw new GoParseError(STRUCTURE);
  }
  const rawAttributes: Uint8Array[] = [];
  while (!attributes.empty) {
    const a = attributes.readAny();
    if (!a) throw new GoParseError(STRUCTURE);
    rawAttributes.push(a.element);
  }

  const pkAlg = publicKeyAlgorithm(pkAI.oid);
  const publicKey = pkAlg === PUBLIC_KEY_ALGORITHM.Unknown ? null : publicKeyValue(parsePublicKey(pkAI, spk));
  const subject = nameValue(parseRdnSequence(rawSubject));
  const extensions = requestedExtensions(rawAttributes);
  const names = { dnsNames: null as Value, emails: null as Value, ips: null as Value, uris: null as Value };
  for (const e of extensions) {
    if (e.id.join(".") !== SUBJECT_ALT_NAME) continue;
    const alt = parseAltNames(e.value);
    names.dnsNames = alt.dnsNames.length === 0 ? null : alt.dnsNames;
    names.emails = alt.emailAddresses.length === 0 ? null : alt.emailAddresses;
    names.ips = alt.ipAddresses.length === 0 ? null : alt.ipAddresses;
    names.uris = alt.uris.length === 0 ? null : alt.uris.map(urlValue);
  }
  const parsedAttributes = rawAttributes.map(attributeSet).filter((a): a is Value => a !== undefined);
  return {
    Raw: b64(raw),
    RawTBSCertificateRequest: b64(rawTbs),
    RawSubjectPublicKeyInfo: b64(rawSpki),
    RawSubject: b64(rawSubject),
    Version: version,
    Signature: b64(rightAlign(signature)),
    SignatureAlgorithm: signatureAlgorithm(sigAI),
    PublicKeyAlgorithm: pkAlg,
    PublicKey: publicKey,
    Subject: subject,
    Attributes: parsedAttributes.length === 0 ? null : parsedAttributes,
    Extensions: extensions.length === 0 ? null : extensions.map(extensionValue),
    ExtraExtensions: null,
    DNSNames: names.dnsNames,
    EmailAddresses: names.emails,
    IPAddresses: names.ips,
    URIs: names.uris,
  };
}

/** `asn1.Unmarshal` into `interface{}`: the value of a primitive universal element of a type it knows, else nil. */
function anyValue(tag: number, content: Uint8Array): Value {
  switch (tag) {
    case TAG.PRINTABLE_STRING:
    case TAG.NUMERIC_STRING:
    case TAG.IA5_STRING:
    case TAG.UTF8_STRING:
    case TAG.BMP_STRING: {
      const s = parseAsn1String(tag, content);
      if (typeof s !== "string") throw new GoParseError(`asn1: syntax error: ${s.error}`);
      return s;
    }
    case TAG.T61_STRING:
      return fromUtf8(content); // encoding/asn1 keeps the bytes as they are
    case TAG.INTEGER: {
      const v = integerContent(content);
      const n = v === undefined ? undefined : goInt(v);
      if (n === undefined) throw new GoParseError("asn1: structure error: integer too large");
      return n;
    }
    case TAG.BIT_STRING: {
      const bits = bitStringContent(content);
      if (!bits) throw new GoParseError("asn1: syntax error: invalid padding bits in BIT STRING");
      return { Bytes: b64(bits.bytes), BitLength: bits.bitLength };
    }
    case TAG.OID: {
      const arcs = oidArcs(content);
      if (!arcs) throw new GoParseError("asn1: syntax error: invalid object identifier");
      return arcs;
    }
    case TAG.UTC_TIME:
    case TAG.GENERALIZED_TIME: {
      const t = timeText(tag, content);
      if (t === undefined) throw new GoParseError("asn1: syntax error: invalid time");
      return t;
    }
    case TAG.OCTET_STRING:
      return b64(content);
    default:
      return null;
  }
}

/** A SEQUENCE {type OID, value ANY} read into `pkix.AttributeTypeAndValue` (elements after the value are ignored). */
function typeAndValue(der: Der): NameAttribute {
  const seq = der.read(TAG.SEQUENCE);
  const type = seq?.readOid();
  const v = seq?.readAny();
  if (!type || !v) throw new GoParseError(STRUCTURE);
  return { type, value: anyValue(v.tag, v.content.rest()) };
}

/** `asn1.Unmarshal` into `pkix.RDNSequence`. */
function parseRdnSequence(element: Uint8Array): NameAttribute[] {
  const outer = new Der(element);
  const seq = outer.read(TAG.SEQUENCE);
  if (!seq || !outer.empty) throw new GoParseError(seq ? "x509: trailing data after X.509 Subject" : STRUCTURE);
  const out: NameAttribute[] = [];
  while (!seq.empty) {
    const set = seq.read(TAG.SET);
    if (!set) throw new GoParseError(STRUCTURE);
    while (!set.empty) out.push(typeAndValue(set));
  }
  return out;
}

/** Go's `parseRawAttributes`: an attribute as `pkix.AttributeTypeAndValueSET`, or `undefined` when it does not read as one. */
function attributeSet(element: Uint8Array): Value | undefined {
  try {
    const outer = new Der(element);
    const seq = outer.read(TAG.SEQUENCE);
    const type = seq?.readOid();
    const set = seq?.read(TAG.SET);
    if (!type || !set || !outer.empty) return undefined;
    const values: Value[] = [];
    while (!set.empty) {
      const list = set.read(TAG.SEQUENCE);
      if (!list) return undefined;
      const items: Value[] = [];
      while (!list.empty) {
        const { type: t, value } = typeAndValue(list);
        items.push({ Type: [...t], Value: value });
      }
      values.push(items);
    }
    return { Type: type, Value: values };
  } catch (e) {
    if (e instanceof GoParseError) return undefined;
    throw e;
  }
}

/** Go's `parseCSRExtensions`: the extensions of every extensionRequest attribute. */
function requestedExtensions(rawAttributes: readonly Uint8Array[]): Extension[] {
  const out: Extension[] = [];
  const seen = new Set<string>();
  for (const element of rawAttributes) {
    const outer = new Der(element);
    const seq = outer.read(TAG.SEQUENCE);
    const id = seq?.readOid();
    const values = seq?.read(TAG.SET);
    const first = values?.readAny();
    // Attributes that do not parse are skipped.
    if (!id || !first || !outer.empty || id.join(".") !== EXTENSION_REQUEST) continue;
    const list = new Der(first.element).read(TAG.SEQUENCE);
    if (!list) throw new GoParseError(STRUCTURE);
    while (!list.empty) {
      const ext = list.read(TAG.SEQUENCE);
      if (!ext) throw new GoParseError(STRUCTURE);
      const e = parseExtension(ext);
      const key = e.id.join(".");
      if (seen.has(key)) throw new GoParseError("x509: certificate request contains duplicate requested extensions");
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}
