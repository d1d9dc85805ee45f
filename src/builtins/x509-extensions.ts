/**
 * The X.509 v3 extensions Go's `crypto/x509` understands (its
 * `processExtensions`, as of Go 1.24), turned into the `x509.Certificate`
 * fields they fill, as `json.Marshal` writes them. Unknown extensions stay
 * only in `Extensions`; critical unknown ones are also listed in
 * `UnhandledCriticalExtensions`, as in Go.
 */
import type { Value } from "../value/types.js";
import { bigOidArcs, bitAt, contextTag, Der, GoParseError, oidText, TAG } from "./asn1-der.js";
import { encodeBase64 } from "./go-base64.js";
import type { GoUrl } from "./go-url.js";
import { nameConstraints } from "./x509-name-constraints.js";
import { parseAltNames, urlValue } from "./x509-names.js";

/** One extension: OID, criticality, and the content of its OCTET STRING. */
export interface Extension {
  readonly id: readonly number[];
  readonly critical: boolean;
  readonly value: Uint8Array;
}

/** Go's `parseExtension`, on the content of the Extension SEQUENCE. */
export function parseExtension(der: Der): Extension {
  const id = der.readOid();
  if (!id) throw new GoParseError("x509: malformed extension OID field");
  let critical = false;
  if (der.peekTag() === TAG.BOOLEAN) {
    const c = der.readBoolean();
    if (c === undefined) throw new GoParseError("x509: malformed extension critical field");
    critical = c;
  }
  const value = der.readBytes(TAG.OCTET_STRING);
  if (!value) throw new GoParseError("x509: malformed extension value field");
  return { id, critical, value };
}

/** `pkix.Extension` as `json.Marshal` writes it. */
export function extensionValue(e: Extension): Value {
  return { Id: [...e.id], Critical: e.critical, Value: encodeBase64(e.value, "std") };
}

/** ExtKeyUsage OIDs to Go's `ExtKeyUsage` values. */
const EXT_KEY_USAGE: ReadonlyMap<string, number> = new Map([
  ["2.5.29.37.0", 0], // Any
  ["1.3.6.1.5.5.7.3.1", 1], // ServerAuth
  ["1.3.6.1.5.5.7.3.2", 2], // ClientAuth
  ["1.3.6.1.5.5.7.3.3", 3], // CodeSigning
  ["1.3.6.1.5.5.7.3.4", 4], // EmailProtection
  ["1.3.6.1.5.5.7.3.5", 5], // IPSECEndSystem
  ["1.3.6.1.5.5.7.3.6", 6], // IPSECTunnel
  ["1.3.6.1.5.5.7.3.7", 7], // IPSECUser
  ["1.3.6.1.5.5.7.3.8", 8], // TimeStamping
  ["1.3.6.1.5.5.7.3.9", 9], // OCSPSigning
  ["1.3.6.1.4.1.311.10.3.3", 10], // MicrosoftServerGatedCrypto
  ["2.16.840.1.113730.4.1", 11], // NetscapeServerGatedCrypto
  ["1.3.6.1.4.1.311.2.1.22", 12], // MicrosoftCommercialCodeSigning
  ["1.3.6.1.4.1.311.61.1.1", 13], // MicrosoftKernelCodeSigning
]);

const AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
const OCSP = "1.3.6.1.5.5.7.48.1";
const CA_ISSUERS = "1.3.6.1.5.5.7.48.2";

/** The certificate fields the extensions fill, under Go's field names, with Go's zero values to start. */
export interface ExtensionFields {
  readonly fields: Record<string, Value>;
  /** The URIs of the subject alternative names, for OPA's `URIStrings`. */
  readonly uris: readonly GoUrl[] | null;
}

function initialFields(): Record<string, Value> {
  return {
    KeyUsage: 0,
    UnhandledCriticalExtensions: null,
    ExtKeyUsage: null,
    UnknownExtKeyUsage: null,
    BasicConstraintsValid: false,
    IsCA: false,
    MaxPathLen: 0,
    MaxPathLenZero: false,
    SubjectKeyId: null,
    AuthorityKeyId: null,
    OCSPServer: null,
    IssuingCertificateURL: null,
    DNSNames: null,
    EmailAddresses: null,
    IPAddresses: null,
    URIs: null,
    PermittedDNSDomainsCritical: false,
    PermittedDNSDomains: null,
    ExcludedDNSDomains: null,
    PermittedIPRanges: null,
    ExcludedIPRanges: null,
    PermittedEmailAddresses: null,
    ExcludedEmailAddresses: null,
    PermittedURIDomains: null,
    ExcludedURIDomains: null,
    CRLDistributionPoints: null,
    PolicyIdentifiers: null,
    Policies: null,
    InhibitAnyPolicy: 0,
    InhibitAnyPolicyZero: false,
    InhibitPolicyMapping: 0,
    InhibitPolicyMappingZero: false,
    RequireExplicitPolicy: 0,
    RequireExplicitPolicyZero: false,
    PolicyMappings: null,
  };
}

/** A list field: `null` (Go's nil slice) until something is appended. */
function nonEmpty<T>(xs: T[]): T[] | null {
  return xs.length === 0 ? null : xs;
}

/** Go's `processExtensions`: the fields a certificate's extensions fill. */
export function processExtensions(extensions: readonly Extension[]): ExtensionFields {
  const f = initialFields();
  let uris: GoUrl[] | null = null;
  const unhandledCritical: number[][] = [];
  for (const e of extensions) {
    let unhandled = false;
    const id = e.id;
    if (id.length === 4 && id[0] === 2 && id[1] === 5 && id[2] === 29) {
      switch (id[3]) {
        case 15:
          f.KeyUsage = keyUsage(e.value);
          break;
        case 19: {
          const bc = basicConstraints(e.value);
          f.IsCA = bc.isCA;
          f.MaxPathLen = bc.maxPathLen;
          f.BasicConstraintsValid = true;
          f.MaxPathLenZero = bc.maxPathLen === 0;
          break;
        }
        case 17: {
          const names = parseAltNames(e.value);
          f.DNSNames = nonEmpty(names.dnsNames);
          f.EmailAddresses = nonEmpty(names.emailAddresses);
          f.IPAddresses = nonEmpty(names.ipAddresses);
          uris = nonEmpty(names.uris);
          // Nothing Go understands: left for the critical check below.
          unhandled = names.dnsNames.length + names.emailAddresses.length + names.ipAddresses.length + names.uris.length === 0;
          break;
        }
        case 30:
          unhandled = nameConstraints(e, f);
          break;
        case 31:
          f.CRLDistributionPoints = nonEmpty(crlDistributionPoints(e.value));
          break;
        case 35: {
          const akid = new Der(e.value).read(TAG.SEQUENCE);
          if (!akid) throw new GoParseError("x509: invalid authority key identifier");
          if (akid.peekTag() === contextTag(0, false)) {
            const keyId = akid.readBytes(contextTag(0, false));
            if (!keyId) throw new GoParseError("x509: invalid authority key identifier");
            f.AuthorityKeyId = encodeBase64(keyId, "std");
          }
          break;
        }
        case 37: {
          const seq = new Der(e.value).read(TAG.SEQUENCE);
          if (!seq) throw new GoParseError("x509: invalid extended key usages");
          const known: number[] = [];
          const unknown: number[][] = [];
          while (!seq.empty) {
            const oid = seq.readOid();
            if (!oid) throw new GoParseError("x509: invalid extended key usages");
            const usage = EXT_KEY_USAGE.get(oidText(oid));
            if (usage === undefined) unknown.push(oid);
            else known.push(usage);
          }
          f.ExtKeyUsage = nonEmpty(known);
          f.UnknownExtKeyUsage = nonEmpty(unknown);
          break;
        }
        case 14: {
          const skid = new Der(e.value).readBytes(TAG.OCTET_STRING);
          if (!skid) throw new GoParseError("x509: invalid subject key identifier");
          f.SubjectKeyId = encodeBase64(skid, "std");
          break;
        }
        case 32: {
          const policies = certificatePolicies(e.value);
          f.Policies = nonEmpty(policies.map((arcs) => oidText(arcs)));
          // The policies whose arcs fit 31 bits, as `asn1.ObjectIdentifier`s (an empty, not nil, slice).
          f.PolicyIdentifiers = policies.filter((arcs) => arcs.every((a) => a < 2n ** 31n)).map((arcs) => arcs.map(Number));
          break;
        }
        case 54: {
          const n = new Der(e.value).readInt();
          if (n === undefined) throw new GoParseError("x509: invalid inhibit any policy extension");
          f.InhibitAnyPolicy = n;
          f.InhibitAnyPolicyZero = n === 0;
          break;
        }
        case 36:
          policyConstraints(e.value, f);
          break;
        case 33:
          f.PolicyMappings = nonEmpty(policyMappings(e.value));
          break;
        default:
          unhandled = true;
      }
    } else if (oidText(id) === AUTHORITY_INFO_ACCESS) {
      authorityInfoAccess(e.value, f);
    } else {
      unhandled = true;
    }
    if (e.critical && unhandled) unhandledCritical.push([...id]);
  }
  f.UnhandledCriticalExtensions = nonEmpty(unhandledCritical);
  f.URIs = uris && uris.map(urlValue);
  return { fields: f, uris };
}

/** Go's `parseKeyUsageExtension`: bit i of the BIT STRING is 1 << i. */
function keyUsage(value: Uint8Array): number {
  const bits = new Der(value).readBitString();
  if (!bits) throw new GoParseError("x509: invalid key usage");
  let usage = 0;
  for (let i = 0; i < 9; i++) if (bitAt(bits, i) !== 0) usage |= 1 << i;
  return usage;
}

/** Go's `parseBasicConstraintsExtension`: MaxPathLen is -1 when absent. */
function basicConstraints(value: Uint8Array): { isCA: boolean; maxPathLen: Value } {
  const seq = new Der(value).read(TAG.SEQUENCE);
  if (!seq) throw new GoParseError("x509: invalid basic constraints");
  let isCA = false;
  if (seq.peekTag() === TAG.BOOLEAN) {
    const b = seq.readBoolean();
    if (b === undefined) throw new GoParseError("x509: invalid basic constraints");
    isCA = b;
  }
  let maxPathLen: Value = -1;
  if (seq.peekTag() === TAG.INTEGER) {
    const n = seq.readInt();
    if (n === undefined) throw new GoParseError("x509: invalid basic constraints");
    maxPathLen = n;
  }
  return { isCA, maxPathLen };
}

/** The URIs of the full names of CRL distribution points. */
function crlDistributionPoints(value: Uint8Array): string[] {
  const out: string[] = [];
  const seq = new Der(value).read(TAG.SEQUENCE);
  if (!seq) throw new GoParseError("x509: invalid CRL distribution points");
  while (!seq.empty) {
    const dp = seq.read(TAG.SEQUENCE);
    if (!dp) throw new GoParseError("x509: invalid CRL distribution point");
    const name = dp.readOptional(contextTag(0, true));
    if (name === undefined) throw new GoParseError("x509: invalid CRL distribution point");
    if (name === null) continue;
    const fullName = name.read(contextTag(0, true));
    if (!fullName) throw new GoParseError("x509: invalid CRL distribution point");
    while (!fullName.empty && fullName.peekTag() === contextTag(6, false)) {
      const uri = fullName.readBytes(contextTag(6, false));
      if (!uri) throw new GoParseError("x509: invalid CRL distribution point");
      out.push(Buffer.from(uri).toString("latin1"));
    }
  }
  return out;
}

/** OCSP servers and issuing-certificate URLs of the authority information access extension. */
function authorityInfoAccess(value: Uint8Array, f: Record<string, Value>): void {
  const seq = new Der(value).read(TAG.SEQUENCE);
  if (!seq) throw new GoParseError("x509: invalid authority info access");
  const ocsp: string[] = [];
  const issuers: string[] = [];
  while (!seq.empty) {
    const aia = seq.read(TAG.SEQUENCE);
    const method = aia?.readOid();
    if (!aia || !method) throw new GoParseError("x509: invalid authority info access");
    if (aia.peekTag() !== contextTag(6, false)) continue;
    const location = aia.readBytes(contextTag(6, false));
    if (!location) throw new GoParseError("x509: invalid authority info access");
    const text = Buffer.from(location).toString("latin1");
    if (oidText(method) === OCSP) ocsp.push(text);
    else if (oidText(method) === CA_ISSUERS) issuers.push(text);
  }
  f.OCSPServer = nonEmpty(ocsp);
  f.IssuingCertificateURL = nonEmpty(issuers);
}

/** Go's `parseCertificatePoliciesExtension`: the policy OIDs (of any size), each once. */
function certificatePolicies(value: Uint8Array): bigint[][] {
  const seq = new Der(value).read(TAG.SEQUENCE);
  if (!seq) throw new GoParseError("x509: invalid certificate policies");
  const seen = new Set<string>();
  const out: bigint[][] = [];
  while (!seq.empty) {
    const bytes = seq.read(TAG.SEQUENCE)?.readBytes(TAG.OID);
    const arcs = bytes && bigOidArcs(bytes);
    const key = bytes && Buffer.from(bytes).toString("hex");
    if (!bytes || !arcs || seen.has(key!)) throw new GoParseError("x509: invalid certificate policies");
    seen.add(key!);
    out.push(arcs);
  }
  return out;
}

function policyConstraints(value: Uint8Array, f: Record<string, Value>): void {
  const seq = new Der(value).read(TAG.SEQUENCE);
  if (!seq) throw new GoParseError("x509: invalid policy constraints extension");
  for (const [tag, field] of [
    [contextTag(0, false), "RequireExplicitPolicy"],
    [contextTag(1, false), "InhibitPolicyMapping"],
  ] as const) {
    if (seq.peekTag() !== tag) continue;
    const n = seq.readInt(tag);
    if (n === undefined) throw new GoParseError("x509: invalid policy constraints extension");
    f[field] = n;
    f[`${field}Zero`] = n === 0;
  }
}

function policyMappings(value: Uint8Array): Value[] {
  const seq = new Der(value).read(TAG.SEQUENCE);
  if (!seq) throw new GoParseError("x509: invalid policy mappings extension");
  const out: Value[] = [];
  while (!seq.empty) {
    const m = seq.read(TAG.SEQUENCE);
    const issuer = m?.readBytes(TAG.OID);
    const subject = m?.readBytes(TAG.OID);
    const issuerArcs = issuer && bigOidArcs(issuer);
    const subjectArcs = subject && bigOidArcs(subject);
    if (!issuerArcs || !subjectArcs) throw new GoParseError("x509: invalid policy mappings extension");
    out.push({ IssuerDomainPolicy: oidText(issuerArcs), SubjectDomainPolicy: oidText(subjectArcs) });
  }
  return out;
}
