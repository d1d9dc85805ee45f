/**
 * The `net` family: CIDR arithmetic over IPv4 and IPv6, as OPA's `net.cidr_*`
 * built-ins. (`net.lookup_ip_addr` asks DNS, so it is impure: see `impure.ts`.)
 */
import { objectEntries } from "../value/object.js";
import { SetBuilder } from "../value/set.js";
import type { Value } from "../value/types.js";
import { isArray, isObject, isSet, typeOf } from "../value/type-of.js";
import {
  bitsOf,
  blockContains,
  blockSize,
  formatCidr,
  formatIp,
  lastAddress,
  parseCidr,
  parseIp,
  type CidrBlock,
} from "./ip-address.js";
import { BuiltinError, defineBuiltin, type BuiltinDef } from "./types.js";

/** Most addresses `net.cidr_expand` lists: a /16 of IPv4, or a /112 of IPv6. */
export const CIDR_EXPAND_LIMIT = 65_536;

function readCidr(name: string, s: string, argIndex: number): CidrBlock {
  const c = parseCidr(s);
  if (!c) throw new BuiltinError(`${name}: invalid CIDR address: ${s}`, argIndex);
  return c;
}

/** `cidr` holds `cidrOrIp` (an address, or a whole block). */
function contains(name: string, cidr: string, cidrOrIp: string, idx: readonly [number, number]): boolean {
  const outer = readCidr(name, cidr, idx[0]);
  const ip = parseIp(cidrOrIp);
  if (ip) return blockContains(outer, ip);
  const inner = readCidr(name, cidrOrIp, idx[1]);
  return (
    blockContains(outer, { v6: inner.v6, value: inner.base }) && blockContains(outer, { v6: inner.v6, value: lastAddress(inner) })
  );
}

export const netCidrContains = defineBuiltin({
  name: "net.cidr_contains",
  family: "net",
  description: "True when the block `cidr` contains `cidr_or_ip` (an address, or every address of a block). IPv4 and IPv6.",
  args: [
    { name: "cidr", type: "string" },
    { name: "cidr_or_ip", type: "string" },
  ],
  result: "boolean",
  deterministic: true,
  impl: ([cidr, x]) => contains("net.cidr_contains", cidr as string, x as string, [0, 1]),
});

export const netCidrIntersects = defineBuiltin({
  name: "net.cidr_intersects",
  family: "net",
  description: "True when two CIDR blocks share at least one address.",
  args: [
    { name: "cidr1", type: "string" },
    { name: "cidr2", type: "string" },
  ],
  result: "boolean",
  deterministic: true,
  impl: ([a, b]) => {
    const x = readCidr("net.cidr_intersects", a as string, 0);
    const y = readCidr("net.cidr_intersects", b as string, 1);
    return blockContains(x, { v6: y.v6, value: y.base }) || blockContains(y, { v6: x.v6, value: x.base });
  },
});

export const netCidrIsValid = defineBuiltin({
  name: "net.cidr_is_valid",
  family: "net",
  description: "True when `cidr` is a string holding a valid IPv4 or IPv6 CIDR block (`10.0.0.0/8`, `2001:db8::/32`); false for anything else, as OPA.",
  // OPA declares a string (a literal of another type is a compile error) but answers false for any other value.
  args: [{ name: "cidr", type: "string" }],
  checkTypesStaticallyOnly: true,
  result: "boolean",
  deterministic: true,
  impl: ([cidr]) => typeof cidr === "string" && parseCidr(cidr) !== undefined,
});

export const netCidrExpand = defineBuiltin({
  name: "net.cidr_expand",
  family: "net",
  description: `The set of every address in a CIDR block, as strings. Errors for blocks of more than ${CIDR_EXPAND_LIMIT} addresses.`,
  args: [{ name: "cidr", type: "string" }],
  result: "set",
  deterministic: true,
  impl: ([cidr]) => {
    const c = readCidr("net.cidr_expand", cidr as string, 0);
    const size = blockSize(c);
    if (size > BigInt(CIDR_EXPAND_LIMIT)) {
      throw new BuiltinError(
        `net.cidr_expand: \`${cidr as string}\` holds ${size} addresses, more than the ${CIDR_EXPAND_LIMIT} it will list; test membership with net.cidr_contains instead`,
        0,
      );
    }
    const out = new SetBuilder();
    for (let v = c.base, last = lastAddress(c); v <= last; v++) out.add(formatIp({ v6: c.v6, value: v }));
    return out.build();
  },
});

export const netCidrMerge = defineBuiltin({
  name: "net.cidr_merge",
  family: "net",
  description: "The smallest set of CIDR blocks covering exactly the given blocks and addresses (an address counts as a /32 or /128).",
  args: [{ name: "addrs", type: ["array", "set"] }],
  result: "set",
  deterministic: true,
  impl: ([addrs]) => {
    const v4: [bigint, bigint][] = [];
    const v6: [bigint, bigint][] = [];
    for (const e of isSet(addrs!) ? addrs.sorted() : (addrs as readonly Value[])) {
      if (typeof e !== "string") {
        throw new BuiltinError(`net.cidr_merge: operand 1 must contain only strings but got ${typeOf(e)}`, 0, "type_error");
      }
      const ip = parseIp(e);
      const block: CidrBlock = ip ? { v6: ip.v6, base: ip.value, prefix: bitsOf(ip.v6) } : readCidr("net.cidr_merge", e, 0);
      (block.v6 ? v6 : v4).push([block.base, lastAddress(block)]);
    }
    const out = new SetBuilder();
    for (const c of [...mergeRanges(v4, false), ...mergeRanges(v6, true)]) out.add(formatCidr(c));
    return out.build();
  },
});

/** Union of address ranges, as the fewest aligned blocks. */
function mergeRanges(ranges: [bigint, bigint][], v6: boolean): CidrBlock[] {
  ranges.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: [bigint, bigint][] = [];
  for (const [lo, hi] of ranges) {
    const top = merged[merged.length - 1];
    if (top && lo <= top[1] + 1n) {
      if (hi > top[1]) top[1] = hi;
    } else {
      merged.push([lo, hi]);
    }
  }
  const bits = bitsOf(v6);
  const out: CidrBlock[] = [];
  for (const [lo, hi] of merged) {
    let start = lo;
    while (start <= hi) {
      // The largest block aligned at `start` that does not pass `hi`.
      let hostBits = 0;
      while (hostBits < bits) {
        const size = 1n << BigInt(hostBits + 1);
        if (start % size !== 0n || start + size - 1n > hi) break;
        hostBits++;
      }
      out.push({ v6, base: start, prefix: bits - hostBits });
      start += 1n << BigInt(hostBits);
    }
  }
  return out;
}

export const netCidrContainsMatches = defineBuiltin({
  name: "net.cidr_contains_matches",
  family: "net",
  description:
    "The pairs `[key1, key2]` where the block at `key1` of `cidrs` contains the address or block at `key2` of `cidrs_or_ips`. Each side is a string, or an array, set or object of strings or of arrays whose first element is the string; keys are array indexes, set elements or object keys.",
  args: [
    { name: "cidrs", type: ["string", "array", "set", "object"] },
    { name: "cidrs_or_ips", type: ["string", "array", "set", "object"] },
  ],
  result: "set",
  deterministic: true,
  impl: ([cidrs, cidrsOrIps]) => {
    const left = matchTerms(cidrs!, 0);
    const right = matchTerms(cidrsOrIps!, 1);
    const out = new SetBuilder();
    for (const [cidr, k1] of left) {
      for (const [x, k2] of right) {
        if (contains("net.cidr_contains_matches", cidr, x, [0, 1])) out.add([k1, k2]);
      }
    }
    return out.build();
  },
});

/** `[address text, key]` for each element of a `net.cidr_contains_matches` operand. */
function matchTerms(v: Value, argIndex: number): [string, Value][] {
  if (typeof v === "string") return [[v, v]];
  if (isArray(v)) return v.map((e, i) => [matchTerm(e, argIndex), i]);
  if (isSet(v)) return v.sorted().map((e) => [matchTerm(e, argIndex), e]);
  if (isObject(v)) return objectEntries(v).map(([k, e]) => [matchTerm(e, argIndex), k]);
  return [];
}

function matchTerm(e: Value, argIndex: number): string {
  if (typeof e === "string") return e;
  if (isArray(e)) {
    const first = e[0];
    if (typeof first === "string") return first;
    throw new BuiltinError(
      `net.cidr_contains_matches: operand ${argIndex + 1}: an array element must start with a string address but ${first === undefined ? "is empty" : `starts with ${typeOf(first)}`}`,
      argIndex,
      "type_error",
    );
  }
  throw new BuiltinError(`net.cidr_contains_matches: operand ${argIndex + 1}: elements must be strings or arrays but got ${typeOf(e)}`, argIndex, "type_error");
}

/** The `net` family. */
export const NET: readonly BuiltinDef[] = [netCidrContains, netCidrContainsMatches, netCidrExpand, netCidrIntersects, netCidrIsValid, netCidrMerge];
