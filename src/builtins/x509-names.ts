/**
 * Names in certificates as Go's `crypto/x509` reads them: distinguished
 * names (`pkix.Name`, with `Names` holding every attribute in order),
 * ASN.1 string types, the general names of a subject alternative name
 * extension, and IP addresses as Go's `net.IP` prints them.
 */
import { Der, GoParseError, TAG } from "./asn1-der.js";
import { formatIp } from "./ip-address.js";
import { parseGoUrl, type GoUrl } from "./go-url.js";
import type { PlainObject, Value } from "../value/types.js";

/** One attribute of a distinguished name: its type OID and value (a string, in certificates). */
export interface NameAttribute {
  readonly type: readonly number[];
  readonly value: Value;
}

/** Go's `parseName`: the attributes of an RDNSequence (whole SEQUENCE element), in order. */
export function parseName(element: Uint8Array): NameAttribute[] {
  const raw = new Der(element).read(TAG.SEQUENCE);
  if (!raw) throw new GoParseError("x509: invalid RDNSequence");
  const out: NameAttribute[] = [];
  while (!raw.empty) {
    const set = raw.read(TAG.SET);
    if (!set) throw new GoParseError("x509: invalid RDNSequence");
    while (!set.empty) {
      const atav = set.read(TAG.SEQUENCE);
      if (!atav) throw new GoParseError("x509: invalid RDNSequence: invalid attribute");
      const type = atav.readOid();
      if (!type) throw new GoParseError("x509: invalid RDNSequence: invalid attribute type");
      const v = atav.readAny();
      if (!v) throw new GoParseError("x509: invalid RDNSequence: invalid attribute value");
      const value = parseAsn1String(v.tag, v.content.rest());
      if (typeof value !== "string") throw new GoParseError(`x509: invalid RDNSequence: invalid attribute value: ${value.error}`);
      out.push({ type, value });
    }
  }
  return out;
}

/** A PrintableString character, with `*` and `&`, which Go tolerates because real certificates have them. */
function isPrintable(b: number): boolean {
  const c = String.fromCharCode(b);
  return /[a-zA-Z0-9'()+,\-./ :=?*&]/.test(c);
}

/** True when every byte is ASCII (Go's `isIA5String`). */
export function isIA5(bytes: Uint8Array): boolean {
  return bytes.every((b) => b < 0x80);
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Go's `parseASN1String`: the text of a string-typed value, or why it is not one. */
export function parseAsn1String(tag: number, value: Uint8Array): string | { error: string } {
  switch (tag) {
    case TAG.T61_STRING:
      // Treated as Latin-1, as Go and BoringSSL do.
      return Buffer.from(value).toString("latin1");
    case TAG.PRINTABLE_STRING:
      return value.every(isPrintable) ? Buffer.from(value).toString("latin1") : { error: "invalid PrintableString" };
    case TAG.UTF8_STRING:
      try {
        return STRICT_UTF8.decode(value);
      } catch {
        return { error: "invalid UTF-8 string" };
      }
    case TAG.BMP_STRING:
      return parseBmpString(value);
    case TAG.IA5_STRING:
      return isIA5(value) ? Buffer.from(value).toString("latin1") : { error: "invalid IA5String" };
    case TAG.NUMERIC_STRING:
      return value.every((b) => (b >= 0x30 && b <= 0x39) || b === 0x20) ? Buffer.from(value).toString("latin1") : { error: "invalid NumericString" };
    default:
      return { error: `unsupported string type: ${tag}` };
  }
}

function parseBmpString(value: Uint8Array): string | { error: string } {
  if (value.length % 2 !== 0) return { error: "invalid BMPString" };
  let v = value;
  if (v.length >= 2 && v[v.length - 1] === 0 && v[v.length - 2] === 0) v = v.subarray(0, v.length - 2);
  const units: number[] = [];
  for (let i = 0; i < v.length; i += 2) {
    const point = (v[i]! << 8) | v[i + 1]!;
    // UCS-2: no surrogates, no permanent noncharacters.
    if (point === 0xfffe || point === 0xffff || (point >= 0xfdd0 && point <= 0xfdef) || (point >= 0xd800 && point <= 0xdfff)) {
      return { error: "invalid BMPString" };
    }
    units.push(point);
  }
  return String.fromCharCode(...units);
}

/** Go's `pkix.Name` after `FillFromRDNSequence`, as `json.Marshal` writes it. */
export function nameValue(attrs: readonly NameAttribute[]): PlainObject {
  const lists: Record<number, string[]> = {};
  let serialNumber = "";
  let commonName = "";
  for (const { type, value } of attrs) {
    if (typeof value !== "string") continue;
    if (type.length !== 4 || type[0] !== 2 || type[1] !== 5 || type[2] !== 4) continue;
    const kind = type[3]!;
    if (kind === 3) commonName = value;
    else if (kind === 5) serialNumber = value;
    else if ([6, 7, 8, 9, 10, 11, 17].includes(kind)) (lists[kind] ??= []).push(value);
  }
  return {
    Country: lists[6] ?? null,
    Organization: lists[10] ?? null,
    OrganizationalUnit: lists[11] ?? null,
    Locality: lists[7] ?? null,
    Province: lists[8] ?? null,
    StreetAddress: lists[9] ?? null,
    PostalCode: lists[17] ?? null,
    SerialNumber: serialNumber,
    CommonName: commonName,
    Names: attrs.length === 0 ? null : attrs.map((a) => ({ Type: [...a.type], Value: a.value })),
    ExtraNames: null,
  };
}

/** An IP address of 4 or 16 bytes as Go's `net.IP.String` prints it (IPv4-mapped IPv6 as IPv4). */
export function ipText(bytes: Uint8Array): string {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if (bytes.length === 4) return formatIp({ v6: false, value: v });
  if (v >> 32n === 0xffffn) return formatIp({ v6: false, value: v & 0xffffffffn });
  return formatIp({ v6: true, value: v });
}

/** The names of a subject alternative name extension that Go keeps. */
export interface AltNames {
  readonly dnsNames: string[];
  readonly emailAddresses: string[];
  readonly ipAddresses: string[];
  readonly uris: GoUrl[];
}

/** Go's `parseSANExtension`: DNS names, e-mail addresses, IP addresses and URIs, in order; other kinds are skipped. */
export function parseAltNames(value: Uint8Array): AltNames {
  const out: AltNames = { dnsNames: [], emailAddresses: [], ipAddresses: [], uris: [] };
  const seq = new Der(value).read(TAG.SEQUENCE);
  if (!seq) throw new GoParseError("x509: invalid subject alternative names");
  while (!seq.empty) {
    const san = seq.readAny();
    if (!san) throw new GoParseError("x509: invalid subject alternative name");
    const data = san.content.rest();
    const text = Buffer.from(data).toString("latin1");
    switch (san.tag ^ 0x80) {
      case 1:
        if (!isIA5(data)) throw new GoParseError("x509: SAN rfc822Name is malformed");
        out.emailAddresses.push(text);
        break;
      case 2:
        if (!isIA5(data)) throw new GoParseError("x509: SAN dNSName is malformed");
        out.dnsNames.push(text);
        break;
      case 6: {
        if (!isIA5(data)) throw new GoParseError("x509: SAN uniformResourceIdentifier is malformed");
        const uri = parseGoUrl(text);
        if (typeof uri === "string") throw new GoParseError(`x509: cannot parse URI ${JSON.stringify(text)}: ${uri}`);
        if (uri.host.length > 0 && !isDomain(uri.host)) throw new GoParseError(`x509: cannot parse URI ${JSON.stringify(text)}: invalid domain`);
        out.uris.push(uri);
        break;
      }
      case 7:
        if (data.length !== 4 && data.length !== 16) throw new GoParseError(`x509: cannot parse IP address of length ${data.length}`);
        out.ipAddresses.push(ipText(data));
        break;
    }
  }
  return out;
}

/** Go's `domainToReverseLabels` succeeds: no empty label (so no trailing dot) and only printable ASCII. */
export function isDomain(domain: string): boolean {
  if (domain === "") return true;
  return domain.split(".").every((label) => label.length > 0 && [...label].every((c) => c.charCodeAt(0) >= 33 && c.charCodeAt(0) <= 126));
}

/** Go's `url.URL` as `json.Marshal` writes it (`User` is a struct of unexported fields: `{}`). */
export function urlValue(u: GoUrl): Value {
  return {
    Scheme: u.scheme,
    Opaque: u.opaque,
    User: u.user === null ? null : {},
    Host: u.host,
    Path: u.path,
    RawPath: u.rawPath,
    OmitHost: u.omitHost,
    ForceQuery: u.forceQuery,
    RawQuery: u.rawQuery,
    Fragment: u.fragment,
    RawFragment: u.rawFragment,
  };
}
