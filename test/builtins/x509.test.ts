/**
 * `crypto.x509.parse_certificates` and `crypto.x509.parse_certificate_request`
 * return Go's `json.Marshal` of `x509.Certificate` / `x509.CertificateRequest`
 * (as OPA does). Expected values come from how the fixtures were made
 * (`fixtures/x509/generate.sh`: subjects, dates, extensions), from their
 * `openssl -text` dumps (serials, keys, identifiers), from PEM's and DER's
 * definitions, and from Go's documented field names and enumeration values.
 */
import { X509Certificate, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BuiltinError } from "../../src/builtins/types.js";
import type { Value } from "../../src/value/index.js";
import { call, callError, expectCall, expectError } from "./harness.js";
import { at, bigOf, dumpHex, fixture, keysOf, pemBody } from "./x509-fixtures.js";

const PARSE = "crypto.x509.parse_certificates";
const CSR = "crypto.x509.parse_certificate_request";

const leafPem = fixture("leaf.pem");
const caPem = fixture("ca.pem");
const leafDump = fixture("leaf.txt");
const caDump = fixture("ca.txt");
const b64 = (b: Buffer) => b.toString("base64");

/** The one certificate of a PEM text. */
function parseOne(pem: string): Value {
  const certs = call(PARSE, pem) as Value[];
  expect(certs).toHaveLength(1);
  return certs[0]!;
}

/** Go 1.24's exported `x509.Certificate` fields, in Go's order, plus OPA's `URIStrings`. */
const CERTIFICATE_FIELDS = [
  "Raw", "RawTBSCertificate", "RawSubjectPublicKeyInfo", "RawSubject", "RawIssuer", "Signature", "SignatureAlgorithm",
  "PublicKeyAlgorithm", "PublicKey", "Version", "SerialNumber", "Issuer", "Subject", "NotBefore", "NotAfter", "KeyUsage",
  "Extensions", "ExtraExtensions", "UnhandledCriticalExtensions", "ExtKeyUsage", "UnknownExtKeyUsage", "BasicConstraintsValid",
  "IsCA", "MaxPathLen", "MaxPathLenZero", "SubjectKeyId", "AuthorityKeyId", "OCSPServer", "IssuingCertificateURL", "DNSNames",
  "EmailAddresses", "IPAddresses", "URIs", "PermittedDNSDomainsCritical", "PermittedDNSDomains", "ExcludedDNSDomains",
  "PermittedIPRanges", "ExcludedIPRanges", "PermittedEmailAddresses", "ExcludedEmailAddresses", "PermittedURIDomains",
  "ExcludedURIDomains", "CRLDistributionPoints", "PolicyIdentifiers", "Policies", "InhibitAnyPolicy", "InhibitAnyPolicyZero",
  "InhibitPolicyMapping", "InhibitPolicyMappingZero", "RequireExplicitPolicy", "RequireExplicitPolicyZero", "PolicyMappings",
  "URIStrings",
];

/** `pkix.Name`'s exported fields. */
const NAME_FIELDS = ["Country", "Organization", "OrganizationalUnit", "Locality", "Province", "StreetAddress", "PostalCode", "SerialNumber", "CommonName", "Names", "ExtraNames"];

describe("crypto.x509.parse_certificates: a leaf certificate", () => {
  const leaf = parseOne(leafPem);

  it("has exactly Go's exported x509.Certificate fields (plus OPA's URIStrings)", () => {
    expect(keysOf(leaf)).toEqual([...CERTIFICATE_FIELDS].sort());
    expect(keysOf(at(leaf, "Subject"))).toEqual([...NAME_FIELDS].sort());
  });

  it("gives the DER pieces as standard base64: Raw is the PEM body, the signature verifies over RawTBSCertificate", () => {
    const der = pemBody(leafPem);
    expect(at(leaf, "Raw")).toBe(b64(der));
    const tbs = Buffer.from(at(leaf, "RawTBSCertificate") as string, "base64");
    const signature = Buffer.from(at(leaf, "Signature") as string, "base64");
    // The CA signed the TBS part with ECDSA-SHA256: a wrong slice would not verify.
    expect(verify("sha256", tbs, new X509Certificate(caPem).publicKey, signature)).toBe(true);
    const spki = new X509Certificate(leafPem).publicKey.export({ format: "der", type: "spki" });
    expect(at(leaf, "RawSubjectPublicKeyInfo")).toBe(b64(spki));
    // RawIssuer of the leaf is RawSubject of the CA (the same encoded name).
    expect(at(leaf, "RawIssuer")).toBe(at(parseOne(caPem), "RawSubject"));
  });

  it("has the version, serial number (exact beyond 2^53), algorithms and validity it was made with", () => {
    expect(at(leaf, "Version")).toBe(3);
    const serial = bigOf(dumpHex(leafDump, "Serial Number:"));
    expect(serial).toBe(0x7a3f9c2b4d6e8f1021324354n);
    expect(at(leaf, "SerialNumber")).toBe(serial);
    expect(at(leaf, "SignatureAlgorithm")).toBe(10); // x509.ECDSAWithSHA256
    expect(at(leaf, "PublicKeyAlgorithm")).toBe(1); // x509.RSA
    expect(at(leaf, "NotBefore")).toBe("2024-01-15T12:30:45Z"); // UTCTime 240115123045Z
    expect(at(leaf, "NotAfter")).toBe("2050-06-15T00:00:00Z"); // GeneralizedTime 20500615000000Z
  });

  it("gives the RSA public key as Go's rsa.PublicKey {N, E}", () => {
    expect(at(leaf, "PublicKey")).toEqual({ N: bigOf(dumpHex(leafDump, "Modulus:")), E: 65537 });
  });

  it("reads subject and issuer as pkix.Name, every attribute in Names in order", () => {
    expect(at(leaf, "Subject")).toEqual({
      Country: ["US"],
      Organization: ["Example Corp"],
      OrganizationalUnit: ["Payments", "Platform"],
      Locality: ["San Francisco"],
      Province: ["California"],
      StreetAddress: null,
      PostalCode: null,
      SerialNumber: "",
      CommonName: "api.example.com",
      Names: [
        { Type: [2, 5, 4, 6], Value: "US" },
        { Type: [2, 5, 4, 8], Value: "California" },
        { Type: [2, 5, 4, 7], Value: "San Francisco" },
        { Type: [2, 5, 4, 10], Value: "Example Corp" },
        { Type: [2, 5, 4, 11], Value: "Payments" },
        { Type: [2, 5, 4, 11], Value: "Platform" },
        { Type: [2, 5, 4, 3], Value: "api.example.com" },
        { Type: [1, 2, 840, 113549, 1, 9, 1], Value: "ops@example.com" },
      ],
      ExtraNames: null,
    });
    expect(at(leaf, "Issuer", "CommonName")).toBe("Snapspace Test Root CA");
    expect(at(leaf, "Issuer", "Organization")).toEqual(["Snapspace Test"]);
    expect(at(leaf, "Issuer", "Locality")).toBeNull();
  });

  it("reads key usage, extended key usage and basic constraints as Go's integers and flags", () => {
    expect(at(leaf, "KeyUsage")).toBe(1 | 4); // DigitalSignature | KeyEncipherment
    expect(at(leaf, "ExtKeyUsage")).toEqual([1, 2]); // ServerAuth, ClientAuth
    expect(at(leaf, "UnknownExtKeyUsage")).toEqual([[1, 3, 6, 1, 4, 1, 55555, 1]]);
    expect(at(leaf, "BasicConstraintsValid")).toBe(true);
    expect(at(leaf, "IsCA")).toBe(false);
    expect(at(leaf, "MaxPathLen")).toBe(-1); // no path length given
    expect(at(leaf, "MaxPathLenZero")).toBe(false);
  });

  it("reads the subject alternative names: DNS names, e-mail, IP addresses as text, URIs as url.URL", () => {
    expect(at(leaf, "DNSNames")).toEqual(["api.example.com", "*.api.example.com"]);
    expect(at(leaf, "EmailAddresses")).toEqual(["ops@example.com"]);
    expect(at(leaf, "IPAddresses")).toEqual(["10.1.2.3", "2001:db8::1"]);
    expect(at(leaf, "URIs")).toEqual([
      {
        Scheme: "spiffe", Opaque: "", User: null, Host: "example.com", Path: "/ns/payments/sa/api", RawPath: "",
        OmitHost: false, ForceQuery: false, RawQuery: "", Fragment: "", RawFragment: "",
      },
    ]);
    expect(at(leaf, "URIStrings")).toEqual(["spiffe://example.com/ns/payments/sa/api"]);
  });

  it("reads key identifiers, CRL and AIA locations and policies", () => {
    expect(at(leaf, "SubjectKeyId")).toBe(b64(dumpHex(leafDump, "X509v3 Subject Key Identifier:")));
    expect(at(leaf, "AuthorityKeyId")).toBe(b64(dumpHex(leafDump, "X509v3 Authority Key Identifier:")));
    expect(at(leaf, "AuthorityKeyId")).toBe(at(parseOne(caPem), "SubjectKeyId"));
    expect(at(leaf, "CRLDistributionPoints")).toEqual(["http://crl.example.com/root.crl"]);
    expect(at(leaf, "OCSPServer")).toEqual(["http://ocsp.example.com"]);
    expect(at(leaf, "IssuingCertificateURL")).toEqual(["http://ca.example.com/root.crt"]);
    expect(at(leaf, "Policies")).toEqual(["2.23.140.1.2.2", "1.3.6.1.4.1.55555.2.1"]);
    expect(at(leaf, "PolicyIdentifiers")).toEqual([[2, 23, 140, 1, 2, 2], [1, 3, 6, 1, 4, 1, 55555, 2, 1]]);
  });

  it("lists every extension in order with its OID, criticality and raw value", () => {
    const exts = at(leaf, "Extensions") as Value[];
    expect(exts.map((e) => (at(e, "Id") as number[]).join("."))).toEqual([
      "2.5.29.19", "2.5.29.15", "2.5.29.37", "2.5.29.17", "2.5.29.14", "2.5.29.35", "2.5.29.31", "1.3.6.1.5.5.7.1.1", "2.5.29.32", "1.3.6.1.4.1.55555.9",
    ]);
    expect(exts.map((e) => at(e, "Critical"))).toEqual([true, true, false, false, false, false, false, false, false, false]);
    // basicConstraints CA:FALSE is an empty SEQUENCE; the custom extension is UTF8String "hello".
    expect(at(exts[0], "Value")).toBe(b64(Buffer.from([0x30, 0x00])));
    expect(at(exts[9], "Value")).toBe(b64(Buffer.from([0x0c, 0x05, ...Buffer.from("hello")])));
    expect(at(leaf, "UnhandledCriticalExtensions")).toBeNull();
    expect(at(leaf, "ExtraExtensions")).toBeNull();
  });

  it("leaves the fields of absent extensions at Go's zero values", () => {
    for (const f of ["PermittedDNSDomains", "ExcludedDNSDomains", "PermittedIPRanges", "ExcludedIPRanges", "PermittedEmailAddresses", "ExcludedEmailAddresses", "PermittedURIDomains", "ExcludedURIDomains", "PolicyMappings"]) {
      expect(at(leaf, f), f).toBeNull();
    }
    expect(at(leaf, "PermittedDNSDomainsCritical")).toBe(false);
    expect(at(leaf, "InhibitAnyPolicy")).toBe(0);
    expect(at(leaf, "RequireExplicitPolicyZero")).toBe(false);
  });
});

describe("crypto.x509.parse_certificates: other kinds of certificate", () => {
  it("a self-signed ECDSA CA with name constraints", () => {
    const ca = parseOne(caPem);
    expect(at(ca, "SerialNumber")).toBe(4097);
    expect(at(ca, "SignatureAlgorithm")).toBe(10);
    expect(at(ca, "PublicKeyAlgorithm")).toBe(3); // x509.ECDSA
    const point = dumpHex(caDump, "pub:");
    // Go's P-256 curve has only unexported fields, so `json.Marshal` writes `{}`.
    expect(at(ca, "PublicKey")).toEqual({ Curve: {}, X: bigOf(point.subarray(1, 33)), Y: bigOf(point.subarray(33)) });
    expect(at(ca, "Subject")).toEqual(at(ca, "Issuer"));
    expect([at(ca, "IsCA"), at(ca, "MaxPathLen"), at(ca, "MaxPathLenZero")]).toEqual([true, 1, false]);
    expect(at(ca, "KeyUsage")).toBe(32 | 64); // CertSign | CRLSign
    expect(at(ca, "AuthorityKeyId")).toBeNull();
    expect(at(ca, "PermittedDNSDomainsCritical")).toBe(true);
    expect(at(ca, "PermittedDNSDomains")).toEqual([".example.com"]);
    expect(at(ca, "ExcludedDNSDomains")).toEqual(["bad.example.com"]);
    expect(at(ca, "PermittedEmailAddresses")).toEqual([".example.com"]);
    // net.IPNet: the IP as text, the mask as bytes (base64).
    expect(at(ca, "PermittedIPRanges")).toEqual([{ IP: "10.0.0.0", Mask: b64(Buffer.from([255, 0, 0, 0])) }]);
    expect(at(ca, "ExcludedIPRanges")).toEqual([{ IP: "2001:db8:bad::", Mask: b64(Buffer.from("ffffffffffff00000000000000000000", "hex")) }]);
    expect(at(ca, "URIStrings")).toBeNull();
  });

  it("an Ed25519 certificate with a UTF-8 name and an unknown critical extension", () => {
    const ed = parseOne(fixture("ed25519.pem"));
    expect(at(ed, "SignatureAlgorithm")).toBe(16); // x509.PureEd25519
    expect(at(ed, "PublicKeyAlgorithm")).toBe(4); // x509.Ed25519
    expect(at(ed, "PublicKey")).toBe(b64(dumpHex(fixture("ed25519.txt"), "pub:")));
    expect(at(ed, "Subject", "CommonName")).toBe("Zoë Test");
    expect(at(ed, "UnhandledCriticalExtensions")).toEqual([[1, 3, 6, 1, 4, 1, 55555, 10]]);
    expect([at(ed, "KeyUsage"), at(ed, "ExtKeyUsage"), at(ed, "NotAfter")]).toEqual([0, null, "2025-03-01T00:00:00Z"]);
  });

  it("a DSA certificate: dsa.PublicKey, more name attributes, URIs Go reads in its own way, policy constraints", () => {
    const dsa = parseOne(fixture("dsa.pem"));
    const dump = fixture("dsa.txt");
    expect(at(dsa, "PublicKeyAlgorithm")).toBe(2); // x509.DSA
    // dsa.PublicKey embeds dsa.Parameters, so P, Q, G sit beside Y.
    expect(at(dsa, "PublicKey")).toEqual({ P: bigOf(dumpHex(dump, "P:")), Q: bigOf(dumpHex(dump, "Q:")), G: bigOf(dumpHex(dump, "G:")), Y: bigOf(dumpHex(dump, "pub:")) });
    expect(at(dsa, "Subject")).toMatchObject({ CommonName: "dsa.example.com", SerialNumber: "A-1234", StreetAddress: ["1 Main St"], PostalCode: ["12345"] });
    expect(at(dsa, "URIs")).toEqual([
      {
        // Path is unescaped; RawPath keeps the escaped form because it is not Go's own escaping of Path.
        Scheme: "https", Opaque: "", User: {}, Host: "dsa.example.com:8443", Path: "/a/b/c d", RawPath: "/a%2Fb/c d",
        OmitHost: false, ForceQuery: false, RawQuery: "x=1", Fragment: "top", RawFragment: "",
      },
      { Scheme: "urn", Opaque: "example:dsa", User: null, Host: "", Path: "", RawPath: "", OmitHost: false, ForceQuery: false, RawQuery: "", Fragment: "", RawFragment: "" },
    ]);
    // URL.String: a RawPath that is not validly escaped (it has a space) gives way to Go's escaping of Path.
    expect(at(dsa, "URIStrings")).toEqual(["https://svc@dsa.example.com:8443/a/b/c%20d?x=1#top", "urn:example:dsa"]);
    expect([at(dsa, "RequireExplicitPolicy"), at(dsa, "RequireExplicitPolicyZero"), at(dsa, "InhibitPolicyMapping"), at(dsa, "InhibitPolicyMappingZero")]).toEqual([0, true, 2, false]);
    expect([at(dsa, "InhibitAnyPolicy"), at(dsa, "InhibitAnyPolicyZero")]).toEqual([3, false]);
  });

  it("a version 1 certificate signed with RSASSA-PSS", () => {
    const v1 = parseOne(fixture("v1-pss.pem"));
    expect(at(v1, "Version")).toBe(1);
    expect(at(v1, "SignatureAlgorithm")).toBe(13); // x509.SHA256WithRSAPSS (SHA-256, MGF1-SHA-256, salt 32)
    expect(at(v1, "Extensions")).toBeNull();
    expect([at(v1, "BasicConstraintsValid"), at(v1, "MaxPathLen"), at(v1, "SubjectKeyId"), at(v1, "DNSNames")]).toEqual([false, 0, null, null]);
    expect(at(v1, "Subject", "Names")).toEqual([{ Type: [2, 5, 4, 3], Value: "v1 pss" }]);
  });
});

describe("crypto.x509.parse_certificates: inputs", () => {
  const der = pemBody(leafPem);

  it("reads a chain of PEM blocks in order", () => {
    const certs = call(PARSE, leafPem + caPem) as Value[];
    expect(certs.map((c) => at(c, "Subject", "CommonName"))).toEqual(["api.example.com", "Snapspace Test Root CA"]);
  });

  it("reads base64 of PEM and base64 of (concatenated) DER as the same certificates", () => {
    const fromPem = call(PARSE, leafPem + caPem)!;
    expectCall(PARSE, [Buffer.from(leafPem + caPem).toString("base64")], fromPem);
    expectCall(PARSE, [b64(Buffer.concat([der, pemBody(caPem)]))], fromPem);
  });

  it("reads PEM as Go's pem.Decode does: CRLF line ends, text between blocks, headers", () => {
    const want = call(PARSE, leafPem + caPem)!;
    expectCall(PARSE, [(leafPem + caPem).replaceAll("\n", "\r\n")], want);
    expectCall(PARSE, [leafPem + "a comment between blocks\n" + caPem], want);
    const [begin, ...rest] = leafPem.split("\n");
    expectCall(PARSE, [[begin, "Comment: a header", "", ...rest].join("\n")], call(PARSE, leafPem)!);
    // A block whose body is not base64 is skipped, and decoding goes on after it.
    expectCall(PARSE, ["-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n" + leafPem], call(PARSE, leafPem)!);
  });

  it("takes text that does not start with -----BEGIN as base64, as OPA does", () => {
    // "subj" "ect=" decode as base64 with padding; Go then finds data after the padding, at byte 8.
    expectError(PARSE, ["subject=CN = api.example.com\n" + leafPem], { code: "builtin_error", argIndex: 0, message: "illegal base64 data at input byte 8" });
  });

  it("reads validity times as Go does: two-digit years 50–99 are 19xx, impossible dates are malformed", () => {
    // Same-length substitutions inside the DER (parsing does not check signatures).
    const v1 = pemBody(fixture("v1-pss.pem"));
    const withNotBefore = (text: string) => b64(Buffer.from(v1.toString("latin1").replace("240101000000Z", text), "latin1"));
    const notBefore = (text: string) => at((call(PARSE, withNotBefore(text)) as Value[])[0], "NotBefore");
    expect(notBefore("500101000000Z")).toBe("1950-01-01T00:00:00Z");
    expect(notBefore("491231235959Z")).toBe("2049-12-31T23:59:59Z");
    expect(notBefore("000229120000Z")).toBe("2000-02-29T12:00:00Z");
    expectError(PARSE, [withNotBefore("230229000000Z")], { code: "builtin_error", argIndex: 0, message: "x509: malformed UTCTime" });
    expectError(PARSE, [withNotBefore("2401010000+01")], { code: "builtin_error", argIndex: 0, message: "x509: malformed UTCTime" });
    const leafDer = pemBody(leafPem);
    const withNotAfter = (text: string) => b64(Buffer.from(leafDer.toString("latin1").replace("20500615000000Z", text), "latin1"));
    expect(at((call(PARSE, withNotAfter("99991231235959Z")) as Value[])[0], "NotAfter")).toBe("9999-12-31T23:59:59Z");
    expect(at((call(PARSE, withNotAfter("20000229000000Z")) as Value[])[0], "NotAfter")).toBe("2000-02-29T00:00:00Z");
    expectError(PARSE, [withNotAfter("21000229000000Z")], { code: "builtin_error", argIndex: 0, message: "x509: malformed GeneralizedTime" });
  });

  it("gives an empty array for an empty string", () => {
    expectCall(PARSE, [""], []);
  });

  it("rejects text that is neither PEM nor base64, PEM of another type, and DER that is not a certificate", () => {
    expectError(PARSE, ["not a certificate"], { code: "builtin_error", argIndex: 0, message: "crypto.x509.parse_certificates: illegal base64 data at input byte 3" });
    expectError(PARSE, [fixture("leaf.key.pem")], { code: "builtin_error", argIndex: 0, message: "PEM block type is 'PRIVATE KEY', expected CERTIFICATE" });
    expectError(PARSE, [b64(Buffer.from("hello"))], { code: "builtin_error", argIndex: 0, message: "x509: malformed certificate" });
    expectError(PARSE, [b64(der.subarray(0, der.length - 1))], { code: "builtin_error", argIndex: 0, message: "x509: malformed certificate" });
  });

  it("never fails other than with a built-in error, whatever the bytes", () => {
    // Every truncation and single-byte corruption of the DER: a result or a BuiltinError, nothing else.
    const inputs: Buffer[] = [];
    for (let n = 0; n < der.length; n += 7) inputs.push(der.subarray(0, n));
    for (let i = 0; i < der.length; i += 3) {
      const bad = Buffer.from(der);
      bad[i] = bad[i]! ^ (i % 2 === 0 ? 0xff : 0x01);
      inputs.push(bad);
    }
    let parsed = 0;
    for (const input of inputs) {
      try {
        if (Array.isArray(call(PARSE, b64(input)))) parsed++;
      } catch (e) {
        expect(e, `at ${input.length} bytes`).toBeInstanceOf(BuiltinError);
      }
    }
    // Flips inside the signature or a string still parse, as in Go (parsing does not verify).
    expect(parsed).toBeGreaterThan(0);
  });
});

/** Go 1.24's exported `x509.CertificateRequest` fields. */
const REQUEST_FIELDS = [
  "Raw", "RawTBSCertificateRequest", "RawSubjectPublicKeyInfo", "RawSubject", "Version", "Signature", "SignatureAlgorithm",
  "PublicKeyAlgorithm", "PublicKey", "Subject", "Attributes", "Extensions", "ExtraExtensions", "DNSNames", "EmailAddresses",
  "IPAddresses", "URIs",
];

describe("crypto.x509.parse_certificate_request", () => {
  const csrPem = fixture("request.csr.pem");
  const csr = call(CSR, csrPem)!;

  it("has exactly Go's exported x509.CertificateRequest fields", () => {
    expect(keysOf(csr)).toEqual([...REQUEST_FIELDS].sort());
  });

  it("reads the request as it was made (generate.sh's csr.cnf)", () => {
    expect(at(csr, "Raw")).toBe(b64(pemBody(csrPem)));
    expect(at(csr, "Version")).toBe(0);
    expect(at(csr, "SignatureAlgorithm")).toBe(4); // x509.SHA256WithRSA
    expect(at(csr, "PublicKeyAlgorithm")).toBe(1);
    expect(at(csr, "PublicKey")).toEqual({ N: bigOf(dumpHex(leafDump, "Modulus:")), E: 65537 }); // the leaf's key
    expect(at(csr, "Subject", "CommonName")).toBe("csr.example.com");
    expect(at(csr, "Subject", "Country")).toEqual(["DE"]);
    expect(at(csr, "Subject", "Organization")).toEqual(["Example GmbH"]);
    expect(at(csr, "DNSNames")).toEqual(["csr.example.com", "www.csr.example.com"]);
    expect(at(csr, "IPAddresses")).toEqual(["192.0.2.7"]);
    expect(at(csr, "EmailAddresses")).toBeNull();
    expect([at(csr, "URIs", 0, "Scheme"), at(csr, "URIs", 0, "Host"), at(csr, "URIs", 0, "Path"), at(csr, "URIs", 0, "RawPath"), at(csr, "URIs", 0, "RawQuery")]).toEqual([
      "https", "csr.example.com", "/path x", "", "q=1",
    ]);
  });

  it("lists the requested extensions, and the attributes that read as AttributeTypeAndValueSET", () => {
    const exts = at(csr, "Extensions") as Value[];
    expect(exts.map((e) => [at(e, "Id"), at(e, "Critical")])).toEqual([
      [[2, 5, 29, 17], false],
      [[2, 5, 29, 15], true],
    ]);
    // keyUsage digitalSignature: BIT STRING 03 02 07 80.
    expect(at(exts[1], "Value")).toBe(b64(Buffer.from([0x03, 0x02, 0x07, 0x80])));
    // The challenge password (a bare string) does not read as a SET of SEQUENCEs and is left out;
    // in the extension request, a critical extension's value reads as its BOOLEAN, which asn1 leaves nil.
    expect(at(csr, "Attributes")).toEqual([
      {
        Type: [1, 2, 840, 113549, 1, 9, 14],
        Value: [[{ Type: [2, 5, 29, 17], Value: at(exts[0], "Value")! }, { Type: [2, 5, 29, 15], Value: null }]],
      },
    ]);
  });

  it("reads base64 of PEM and base64 of DER too", () => {
    expectCall(CSR, [Buffer.from(csrPem).toString("base64")], csr);
    expectCall(CSR, [b64(pemBody(csrPem))], csr);
  });

  it("rejects a PEM block of another type and bytes that are not a request", () => {
    expectError(CSR, [Buffer.from(leafPem).toString("base64")], { code: "builtin_error", argIndex: 0, message: "crypto.x509.parse_certificate_request: invalid PEM-encoded certificate signing request" });
    expectError(CSR, ["%%%"], { code: "builtin_error", argIndex: 0, message: "illegal base64 data at input byte 0" });
    const e = callError(CSR, b64(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00])));
    expect(e.message).toMatch(/^crypto\.x509\.parse_certificate_request: asn1: /);
  });
});
