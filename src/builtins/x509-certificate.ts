/**
 * X.509 certificates as Go's `x509.ParseCertificate` reads them (Go 1.24),
 * written as `json.Marshal` writes the resulting `x509.Certificate`: Go's
 * exported field names, `[]byte` as standard base64, nil slices as null,
 * `*big.Int` as exact numbers, times as RFC 3339 text, enumerations as
 * Go's integers. OPA's certificate built-ins return this object.
 */
import { normNumber } from "../value/number.js";
import type { PlainObject } from "../value/types.js";
import { Der, GoParseError, rightAlign, TAG } from "./asn1-der.js";
import { encodeBase64 } from "./go-base64.js";
import type { GoUrl } from "./go-url.js";
import { parseAlgorithmIdentifier, PUBLIC_KEY_ALGORITHM, publicKeyAlgorithm, signatureAlgorithm } from "./x509-algorithms.js";
import { type Extension, extensionValue, parseExtension, processExtensions } from "./x509-extensions.js";
import { type GoPublicKey, parsePublicKey, publicKeyValue } from "./x509-keys.js";
import { nameValue, parseName } from "./x509-names.js";

/** A parsed certificate: its Go JSON object, and what other built-ins need of it. */
export interface Certificate {
  /** `json.Marshal(*x509.Certificate)` as a value. */
  readonly value: PlainObject;
  /** Length of the certificate's DER, so that concatenated certificates can be split. */
  readonly rawLength: number;
  readonly publicKey: GoPublicKey | undefined;
  readonly uris: readonly GoUrl[] | null;
}

function b64(bytes: Uint8Array): string {
  return encodeBase64(bytes, "std");
}

/** Go's `parseCertificate`: the first certificate in `der` (bytes may follow it). */
export function parseCertificate(der: Uint8Array): Certificate {
  const input = new Der(der);
  const raw = input.readElement(TAG.SEQUENCE);
  if (!raw) throw new GoParseError("x509: malformed certificate");
  const cert = new Der(raw).read(TAG.SEQUENCE);
  if (!cert) throw new GoParseError("x509: malformed certificate");
  const rawTbs = cert.readElement(TAG.SEQUENCE);
  const tbs = rawTbs && new Der(rawTbs).read(TAG.SEQUENCE);
  if (!rawTbs || !tbs) throw new GoParseError("x509: malformed tbs certificate");

  let version = 0;
  const explicitVersion = tbs.readOptional(0xa0);
  if (explicitVersion !== null) {
    const v = explicitVersion?.readInt();
    if (v === undefined || !explicitVersion!.empty) throw new GoParseError("x509: malformed version");
    if (typeof v === "bigint" || v < 0) throw new GoParseError(typeof v === "bigint" && v > 0n ? "x509: invalid version" : "x509: malformed version");
    version = v;
  }
  // Go counts versions from 1, not 0 as the encoding does.
  version++;
  if (version > 3) throw new GoParseError("x509: invalid version");

  const serial = tbs.readInteger();
  if (serial === undefined) throw new GoParseError("x509: malformed serial number");
  if (serial < 0n) throw new GoParseError("x509: negative serial number");

  const sigAI = tbs.readElement(TAG.SEQUENCE);
  if (!sigAI) throw new GoParseError("x509: malformed signature algorithm identifier");
  const outerSigAI = cert.readElement(TAG.SEQUENCE);
  if (!outerSigAI) throw new GoParseError("x509: malformed algorithm identifier");
  if (!Buffer.from(outerSigAI).equals(Buffer.from(sigAI))) {
    throw new GoParseError("x509: inner and outer signature algorithm identifiers don't match");
  }
  const sigAlg = signatureAlgorithm(parseAlgorithmIdentifier(new Der(sigAI).read(TAG.SEQUENCE)!));

  const rawIssuer = tbs.readElement(TAG.SEQUENCE);
  if (!rawIssuer) throw new GoParseError("x509: malformed issuer");
  const issuer = nameValue(parseName(rawIssuer));

  const validity = tbs.read(TAG.SEQUENCE);
  if (!validity) throw new GoParseError("x509: malformed validity");
  const notBefore = parseTime(validity);
  const notAfter = parseTime(validity);

  const rawSubject = tbs.readElement(TAG.SEQUENCE);
  if (!rawSubject) throw new GoParseError("x509: malformed issuer");
  const subject = nameValue(parseName(rawSubject));

  const rawSpki = tbs.readElement(TAG.SEQUENCE);
  const spki = rawSpki && new Der(rawSpki).read(TAG.SEQUENCE);
  if (!rawSpki || !spki) throw new GoParseError("x509: malformed spki");
  const pkAISeq = spki.read(TAG.SEQUENCE);
  if (!pkAISeq) throw new GoParseError("x509: malformed public key algorithm identifier");
  const pkAI = parseAlgorithmIdentifier(pkAISeq);
  const pkAlg = publicKeyAlgorithm(pkAI.oid);
  const spk = spki.readBitString();
  if (!spk) throw new GoParseError("x509: malformed subjectPublicKey");
  const publicKey = pkAlg === PUBLIC_KEY_ALGORITHM.Unknown ? undefined : parsePublicKey(pkAI, spk);

  const extensions: Extension[] = [];
  if (version > 1) {
    if (tbs.readOptional(0x81) === undefined) throw new GoParseError("x509: malformed issuerUniqueID");
    if (tbs.readOptional(0x82) === undefined) throw new GoParseError("x509: malformed subjectUniqueID");
    if (version === 3) {
      const wrapped = tbs.readOptional(0xa3);
      if (wrapped === undefined) throw new GoParseError("x509: malformed extensions");
      if (wrapped !== null) {
        const list = wrapped.read(TAG.SEQUENCE);
        if (!list) throw new GoParseError("x509: malformed extensions");
        const seen = new Set<string>();
        while (!list.empty) {
          const ext = list.read(TAG.SEQUENCE);
          if (!ext) throw new GoParseError("x509: malformed extension");
          const e = parseExtension(ext);
          const id = e.id.join(".");
          if (seen.has(id)) throw new GoParseError(`x509: certificate contains duplicate extension with OID ${JSON.stringify(id)}`);
          seen.add(id);
          extensions.push(e);
        }
      }
    }
  }
  const processed = processExtensions(extensions);

  const signature = cert.readBitString();
  if (!signature) throw new GoParseError("x509: malformed signature");

  const value: PlainObject = {
    Raw: b64(raw),
    RawTBSCertificate: b64(rawTbs),
    RawSubjectPublicKeyInfo: b64(rawSpki),
    RawSubject: b64(rawSubject),
    RawIssuer: b64(rawIssuer),
    Signature: b64(rightAlign(signature)),
    SignatureAlgorithm: sigAlg,
    PublicKeyAlgorithm: pkAlg,
    PublicKey: publicKey === undefined ? null : publicKeyValue(publicKey),
    Version: version,
    SerialNumber: normNumber(serial),
    Issuer: issuer,
    Subject: subject,
    NotBefore: notBefore,
    NotAfter: notAfter,
    KeyUsage: processed.fields.KeyUsage!,
    Extensions: extensions.length === 0 ? null : extensions.map(extensionValue),
    ExtraExtensions: null,
    ...processed.fields,
  };
  return { value, rawLength: raw.length, publicKey, uris: processed.uris };
}

/** A UTCTime or GeneralizedTime's content as `time.Time.MarshalJSON` writes it, or `undefined` when malformed. */
export function timeText(tag: number, content: Uint8Array): string | undefined {
  return tag === TAG.UTC_TIME ? utcTime(content) : tag === TAG.GENERALIZED_TIME ? generalizedTime(content) : undefined;
}

/** Go's `parseTime`: a UTCTime or GeneralizedTime, as `time.Time.MarshalJSON` writes it. */
function parseTime(der: Der): string {
  const tag = der.peekTag();
  if (tag === TAG.UTC_TIME) {
    const t = utcTime(der.readBytes(TAG.UTC_TIME));
    if (t === undefined) throw new GoParseError("x509: malformed UTCTime");
    return t;
  }
  if (tag === TAG.GENERALIZED_TIME) {
    const t = generalizedTime(der.readBytes(TAG.GENERALIZED_TIME));
    if (t === undefined) throw new GoParseError("x509: malformed GeneralizedTime");
    return t;
  }
  throw new GoParseError("x509: unsupported time format");
}

interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: string;
  /** Offset east of UTC in minutes; `undefined` for `Z`. */
  offset: number | undefined;
}

/** cryptobyte's `ReadASN1UTCTime`: `YYMMDDhhmm[ss]Z` or with `±hhmm`; years 50–99 are 19xx. */
function utcTime(bytes: Uint8Array | undefined): string | undefined {
  if (!bytes) return undefined;
  const s = Buffer.from(bytes).toString("latin1");
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/.exec(s);
  if (!m) return undefined;
  const yy = Number(m[1]);
  return timeJson(civil(yy >= 50 ? 1900 + yy : 2000 + yy, m.slice(2, 6), m[6] ?? "00", "", m[7]!));
}

/** cryptobyte's `ReadASN1GeneralizedTime`: `YYYYMMDDhhmmss[.fff]Z` or with `±hhmm`, in its one canonical form. */
function generalizedTime(bytes: Uint8Array | undefined): string | undefined {
  if (!bytes) return undefined;
  const s = Buffer.from(bytes).toString("latin1");
  // Go re-formats the time and compares: a fraction has no trailing zero.
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{0,8}[1-9]))?(Z|[+-]\d{4})$/.exec(s);
  if (!m) return undefined;
  return timeJson(civil(Number(m[1]), m.slice(2, 6), m[6]!, m[7] ?? "", m[8]!));
}

function civil(year: number, mdhm: readonly string[], second: string, fraction: string, zone: string): Civil | undefined {
  const [month, day, hour, minute] = mdhm.map(Number) as [number, number, number, number];
  let offset: number | undefined;
  if (zone !== "Z") {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(3, 5));
    if (oh > 23 || om > 59) return undefined;
    offset = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
    // `+0000` formats back as `Z`, so Go rejects it.
    if (offset === 0) return undefined;
  }
  const c = { year, month, day, hour, minute, second: Number(second), fraction, offset };
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || c.second > 59) return undefined;
  return c;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** RFC 3339 with the fraction's trailing zeros dropped (`time.Time.MarshalJSON`). */
function timeJson(c: Civil | undefined): string | undefined {
  if (!c) return undefined;
  const date = `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`;
  const fraction = c.fraction === "" ? "" : "." + c.fraction;
  if (c.offset === undefined) return date + fraction + "Z";
  const abs = Math.abs(c.offset);
  return `${date}${fraction}${c.offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Go's `x509.ParseCertificates`: every certificate of concatenated DER. */
export function parseCertificates(der: Uint8Array): Certificate[] {
  const out: Certificate[] = [];
  let rest = der;
  while (rest.length > 0) {
    const c = parseCertificate(rest);
    out.push(c);
    rest = rest.subarray(c.rawLength);
  }
  return out;
}
