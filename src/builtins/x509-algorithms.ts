/**
 * Algorithm identifiers of certificates as Go's `crypto/x509` names them:
 * the integer values of its `SignatureAlgorithm` and `PublicKeyAlgorithm`
 * enumerations, which is what `json.Marshal` writes for them.
 */
import { contextTag, Der, GoParseError, oidText, TAG } from "./asn1-der.js";

/** An AlgorithmIdentifier: the OID, and the parameters' whole element when present. */
export interface AlgorithmIdentifier {
  readonly oid: readonly number[];
  readonly params: Uint8Array | undefined;
}

/** Go's `parseAI`, on the content of the AlgorithmIdentifier SEQUENCE. */
export function parseAlgorithmIdentifier(der: Der): AlgorithmIdentifier {
  const oid = der.readOid();
  if (!oid) throw new GoParseError("x509: malformed OID");
  if (der.empty) return { oid, params: undefined };
  const tag = der.peekTag()!;
  const params = der.readElement(tag);
  if (!params) throw new GoParseError("x509: malformed parameters");
  return { oid, params };
}

/** Go's `PublicKeyAlgorithm` values. */
export const PUBLIC_KEY_ALGORITHM = { Unknown: 0, RSA: 1, DSA: 2, ECDSA: 3, Ed25519: 4 } as const;

/** The key algorithm OIDs Go knows. */
export const KEY_OID = {
  RSA: "1.2.840.113549.1.1.1",
  DSA: "1.2.840.10040.4.1",
  ECDSA: "1.2.840.10045.2.1",
  Ed25519: "1.3.101.112",
  X25519: "1.3.101.110",
} as const;

/** Go's `getPublicKeyAlgorithmFromOID`. */
export function publicKeyAlgorithm(oid: readonly number[]): number {
  switch (oidText(oid)) {
    case KEY_OID.RSA:
      return PUBLIC_KEY_ALGORITHM.RSA;
    case KEY_OID.DSA:
      return PUBLIC_KEY_ALGORITHM.DSA;
    case KEY_OID.ECDSA:
      return PUBLIC_KEY_ALGORITHM.ECDSA;
    case KEY_OID.Ed25519:
      return PUBLIC_KEY_ALGORITHM.Ed25519;
    default:
      return PUBLIC_KEY_ALGORITHM.Unknown;
  }
}

/** Signature OIDs to Go's `SignatureAlgorithm` values (Go's `signatureAlgorithmDetails`). */
const SIGNATURE_ALGORITHMS: ReadonlyMap<string, number> = new Map([
  ["1.2.840.113549.1.1.2", 1], // MD2WithRSA
  ["1.2.840.113549.1.1.4", 2], // MD5WithRSA
  ["1.2.840.113549.1.1.5", 3], // SHA1WithRSA
  ["1.3.14.3.2.29", 3], // SHA1WithRSA (the ISO OID)
  ["1.2.840.113549.1.1.11", 4], // SHA256WithRSA
  ["1.2.840.113549.1.1.12", 5], // SHA384WithRSA
  ["1.2.840.113549.1.1.13", 6], // SHA512WithRSA
  ["1.2.840.10040.4.3", 7], // DSAWithSHA1
  ["2.16.840.1.101.3.4.3.2", 8], // DSAWithSHA256
  ["1.2.840.10045.4.1", 9], // ECDSAWithSHA1
  ["1.2.840.10045.4.3.2", 10], // ECDSAWithSHA256
  ["1.2.840.10045.4.3.3", 11], // ECDSAWithSHA384
  ["1.2.840.10045.4.3.4", 12], // ECDSAWithSHA512
  ["1.3.101.112", 16], // PureEd25519
]);

const RSA_PSS = "1.2.840.113549.1.1.10";
const MGF1 = "1.2.840.113549.1.1.8";
/** RSASSA-PSS with each hash, when the salt is as long as the hash: SHA256WithRSAPSS, SHA384WithRSAPSS, SHA512WithRSAPSS. */
const PSS_BY_HASH: ReadonlyMap<string, { salt: number; algorithm: number }> = new Map([
  ["2.16.840.1.101.3.4.2.1", { salt: 32, algorithm: 13 }],
  ["2.16.840.1.101.3.4.2.2", { salt: 48, algorithm: 14 }],
  ["2.16.840.1.101.3.4.2.3", { salt: 64, algorithm: 15 }],
]);

/** Go's `getSignatureAlgorithmFromAI`: 0 (unknown) unless the OID and its parameters are ones Go accepts. */
export function signatureAlgorithm(ai: AlgorithmIdentifier): number {
  const oid = oidText(ai.oid);
  if (oid === KEY_OID.Ed25519 && ai.params !== undefined && ai.params.length !== 0) return 0;
  if (oid !== RSA_PSS) return SIGNATURE_ALGORITHMS.get(oid) ?? 0;
  return pssAlgorithm(ai.params) ?? 0;
}

/** RSASSA-PSS parameters Go accepts: one hash for message and MGF1, salt as long as the hash, trailer 1. */
function pssAlgorithm(params: Uint8Array | undefined): number | undefined {
  if (params === undefined) return undefined;
  try {
    const seq = new Der(params).read(TAG.SEQUENCE);
    const hashSeq = seq?.read(contextTag(0, true))?.read(TAG.SEQUENCE);
    const mgfSeq = seq?.read(contextTag(1, true))?.read(TAG.SEQUENCE);
    const salt = seq?.read(contextTag(2, true))?.readInteger();
    if (!seq || !hashSeq || !mgfSeq || salt === undefined) return undefined;
    let trailer = 1n;
    const trailerSeq = seq.readOptional(contextTag(3, true));
    if (trailerSeq === undefined) return undefined;
    if (trailerSeq !== null) {
      const t = trailerSeq.readInteger();
      if (t === undefined) return undefined;
      trailer = t;
    }
    const hash = parseAlgorithmIdentifier(hashSeq);
    const mgf = parseAlgorithmIdentifier(mgfSeq);
    const mgfHashSeq = mgf.params && new Der(mgf.params).read(TAG.SEQUENCE);
    if (!mgfHashSeq) return undefined;
    const mgfHash = parseAlgorithmIdentifier(mgfHashSeq);
    const nullOrAbsent = (p: Uint8Array | undefined) => p === undefined || (p.length === 2 && p[0] === TAG.NULL && p[1] === 0);
    if (!nullOrAbsent(hash.params) || oidText(mgf.oid) !== MGF1 || oidText(mgfHash.oid) !== oidText(hash.oid) || !nullOrAbsent(mgfHash.params) || trailer !== 1n) {
      return undefined;
    }
    const pss = PSS_BY_HASH.get(oidText(hash.oid));
    return pss !== undefined && BigInt(pss.salt) === salt ? pss.algorithm : undefined;
  } catch (e) {
    if (e instanceof GoParseError) return undefined;
    throw e;
  }
}
