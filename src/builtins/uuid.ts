/**
 * The `uuid` family: `uuid.parse`. (`uuid.rfc4122` generates random UUIDs,
 * so it is impure: see `impure.ts`.) Parsing follows Google's `uuid.Parse`,
 * which OPA uses: the canonical form, `urn:uuid:…`, `{…}` and 32 bare hex
 * digits.
 */
import { normNumber } from "../value/number.js";
import type { PlainObject } from "../value/types.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

const HEX_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/** The 16 bytes of a UUID string, or `undefined`. */
function uuidBytes(input: string): Uint8Array | undefined {
  let s = input;
  const out = new Uint8Array(16);
  switch (s.length) {
    case 36:
      break;
    case 36 + 9:
      if (s.slice(0, 9).toLowerCase() !== "urn:uuid:") return undefined;
      s = s.slice(9);
      break;
    case 36 + 2:
      // Google's parser skips the first character and ignores the last, braces or not.
      s = s.slice(1);
      break;
    case 32:
      for (let i = 0; i < 16; i++) {
        const b = hexByte(s, i * 2);
        if (b === undefined) return undefined;
        out[i] = b;
      }
      return out;
    default:
      return undefined;
  }
  if (s[8] !== "-" || s[13] !== "-" || s[18] !== "-" || s[23] !== "-") return undefined;
  for (let i = 0; i < 16; i++) {
    const b = hexByte(s, HEX_AT[i]!);
    if (b === undefined) return undefined;
    out[i] = b;
  }
  return out;
}

function hexByte(s: string, i: number): number | undefined {
  const pair = s.slice(i, i + 2);
  return /^[0-9a-fA-F]{2}$/.test(pair) ? parseInt(pair, 16) : undefined;
}

function variantName(b: number): string {
  if ((b & 0xc0) === 0x80) return "RFC4122";
  if ((b & 0xe0) === 0xc0) return "Microsoft";
  if ((b & 0xe0) === 0xe0) return "Future";
  return "Reserved";
}

/** 100-nanosecond intervals between the Gregorian epoch (1582-10-15) and the Unix epoch. */
const GREGORIAN_TO_UNIX_100NS = 122_192_928_000_000_000n;

function describe(u: Uint8Array): PlainObject {
  const version = u[6]! >> 4;
  const out: Record<string, PlainObject[string]> = { version, variant: variantName(u[8]!) };
  if (version === 1 || version === 2) {
    // RFC 4122 §4.1.4: a 60-bit count of 100 ns intervals since 1582-10-15.
    const low = BigInt(((u[0]! << 24) | (u[1]! << 16) | (u[2]! << 8) | u[3]!) >>> 0);
    const mid = BigInt((u[4]! << 8) | u[5]!);
    const high = BigInt(((u[6]! << 8) | u[7]!) & 0x0fff);
    const ticks = low | (mid << 32n) | (high << 48n);
    out.time = normNumber((ticks - GREGORIAN_TO_UNIX_100NS) * 100n);
    out.clocksequence = ((u[8]! << 8) | u[9]!) & 0x3fff;
    const node = [...u.slice(10)].map((b) => b.toString(16).padStart(2, "0"));
    out.nodeid = node.join("-");
    // The node's first byte: bit 1 set means locally administered, bit 0 multicast.
    out.macvariables = `${u[10]! & 0x02 ? "local" : "global"}:${u[10]! & 0x01 ? "multicast" : "unicast"}`;
  }
  if (version === 2) {
    out.id = ((u[0]! << 24) | (u[1]! << 16) | (u[2]! << 8) | u[3]!) >>> 0;
    const domain = u[9]!;
    out.domain = domain === 0 ? "Person" : domain === 1 ? "Group" : domain === 2 ? "Org" : `Domain${domain}`;
  }
  return out;
}

export const uuidParse = defineBuiltin({
  name: "uuid.parse",
  family: "uuid",
  description:
    "The fields of a UUID: `version` and `variant`; for time-based (v1, v2) UUIDs also `time` (Unix ns), `clocksequence`, `nodeid` and `macvariables`; for v2 `id` and `domain`. Undefined when `uuid` is not a UUID.",
  args: [{ name: "uuid", type: "string" }],
  result: "object",
  deterministic: true,
  impl: ([uuid]) => {
    const bytes = uuidBytes(uuid as string);
    return bytes ? describe(bytes) : undefined;
  },
});

/** The `uuid` family. */
export const UUID: readonly BuiltinDef[] = [uuidParse];
