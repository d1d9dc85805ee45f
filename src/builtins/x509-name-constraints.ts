/**
 * The name constraints extension of a CA certificate as Go's
 * `parseNameConstraintsExtension` reads it into `x509.Certificate`'s
 * `Permitted…`/`Excluded…` fields: DNS domains, IP ranges (Go's
 * `net.IPNet`: the address as text, the mask as bytes), e-mail
 * constraints and URI domains.
 */
import type { Value } from "../value/types.js";
import { contextTag, Der, GoParseError, TAG } from "./asn1-der.js";
import { encodeBase64 } from "./go-base64.js";
import { parseIp } from "./ip-address.js";
import type { Extension } from "./x509-extensions.js";
import { ipText, isDomain, isIA5 } from "./x509-names.js";

/** A list field: `null` (Go's nil slice) when nothing was appended. */
function nonEmpty<T>(xs: T[]): T[] | null {
  return xs.length === 0 ? null : xs;
}

const IP_MASK_BYTES = new Set([0x00, 0x80, 0xc0, 0xe0, 0xf0, 0xf8, 0xfc, 0xfe]);

/** Go's `isValidIPMask`: ones, then zeros. */
function isValidIpMask(mask: Uint8Array): boolean {
  let seenZero = false;
  for (const b of mask) {
    if (seenZero) {
      if (b !== 0) return false;
    } else if (IP_MASK_BYTES.has(b)) {
      seenZero = true;
    } else if (b !== 0xff) {
      return false;
    }
  }
  return true;
}

/** Go's `parseNameConstraintsExtension`, filling `f`; true when some subtree has a kind of name Go does not handle. */
export function nameConstraints(e: Extension, f: Record<string, Value>): boolean {
  const outer = new Der(e.value);
  const top = outer.read(TAG.SEQUENCE);
  const permitted = top?.readOptional(contextTag(0, true));
  const excluded = top?.readOptional(contextTag(1, true));
  if (!top || !outer.empty || permitted === undefined || excluded === undefined || !top.empty) {
    throw new GoParseError("x509: invalid NameConstraints extension");
  }
  if ((permitted === null || permitted.empty) && (excluded === null || excluded.empty)) {
    throw new GoParseError("x509: empty name constraints extension");
  }
  let unhandled = false;
  const subtrees = (der: Der | null) => {
    const out = { dns: [] as string[], ips: [] as Value[], emails: [] as string[], uris: [] as string[] };
    while (der && !der.empty) {
      const name = der.read(TAG.SEQUENCE)?.readAny();
      if (!name) throw new GoParseError("x509: invalid NameConstraints extension");
      const bytes = name.content.rest();
      const text = Buffer.from(bytes).toString("latin1");
      const ia5 = () => {
        if (!isIA5(bytes)) throw new GoParseError(`x509: invalid constraint value: x509: ${JSON.stringify(Buffer.from(bytes).toString("utf8"))} cannot be encoded as an IA5String`);
      };
      const trimmed = text.startsWith(".") ? text.slice(1) : text;
      switch (name.tag) {
        case contextTag(2, false):
          ia5();
          if (!isDomain(trimmed)) throw new GoParseError(`x509: failed to parse dnsName constraint ${JSON.stringify(text)}`);
          out.dns.push(text);
          break;
        case contextTag(7, false): {
          if (bytes.length !== 8 && bytes.length !== 32) throw new GoParseError(`x509: IP constraint contained value of length ${bytes.length}`);
          const half = bytes.length / 2;
          const mask = bytes.subarray(half);
          if (!isValidIpMask(mask)) throw new GoParseError(`x509: IP constraint contained invalid mask ${Buffer.from(mask).toString("hex")}`);
          out.ips.push({ IP: ipText(bytes.subarray(0, half)), Mask: encodeBase64(mask, "std") });
          break;
        }
        case contextTag(1, false):
          ia5();
          // A mailbox (with `@`) is taken as it is; a domain must be one.
          if (!text.includes("@") && !isDomain(trimmed)) throw new GoParseError(`x509: failed to parse rfc822Name constraint ${JSON.stringify(text)}`);
          out.emails.push(text);
          break;
        case contextTag(6, false):
          ia5();
          if (parseIp(text) !== undefined) throw new GoParseError(`x509: failed to parse URI constraint ${JSON.stringify(text)}: cannot be IP address`);
          if (!isDomain(trimmed)) throw new GoParseError(`x509: failed to parse URI constraint ${JSON.stringify(text)}`);
          out.uris.push(text);
          break;
        default:
          unhandled = true;
      }
    }
    return out;
  };
  const p = subtrees(permitted);
  const x = subtrees(excluded);
  f.PermittedDNSDomains = nonEmpty(p.dns);
  f.PermittedIPRanges = nonEmpty(p.ips);
  f.PermittedEmailAddresses = nonEmpty(p.emails);
  f.PermittedURIDomains = nonEmpty(p.uris);
  f.ExcludedDNSDomains = nonEmpty(x.dns);
  f.ExcludedIPRanges = nonEmpty(x.ips);
  f.ExcludedEmailAddresses = nonEmpty(x.emails);
  f.ExcludedURIDomains = nonEmpty(x.uris);
  f.PermittedDNSDomainsCritical = e.critical;
  return unhandled;
}
