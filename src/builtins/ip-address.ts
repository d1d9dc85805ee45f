/**
 * IPv4 and IPv6 addresses and CIDR blocks as Go's `net` package reads and
 * prints them (OPA's `net.*` built-ins use it): strict dotted quads (no
 * leading zeros), RFC 4291 text for IPv6, IPv4-mapped IPv6 addresses
 * (`::ffff:1.2.3.4`) treated as IPv4, RFC 5952 output.
 */

/** An address: 32 bits (IPv4) or 128 bits (IPv6) as an unsigned integer. */
export interface IpAddress {
  readonly v6: boolean;
  readonly value: bigint;
}

/** A CIDR block: its first address (host bits zero) and prefix length. */
export interface CidrBlock {
  readonly v6: boolean;
  readonly base: bigint;
  readonly prefix: number;
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;
const V4_MAPPED_MASK = ((1n << 96n) - 1n) << 32n;

/** Number of bits in an address of this family. */
export function bitsOf(v6: boolean): number {
  return v6 ? 128 : 32;
}

/** An IP address (Go's `net.ParseIP`), or `undefined`. IPv4-mapped IPv6 addresses come back as IPv4. */
export function parseIp(s: string): IpAddress | undefined {
  const v4 = parseIPv4(s);
  if (v4 !== undefined) return { v6: false, value: v4 };
  const v6 = parseIPv6(s);
  if (v6 === undefined) return undefined;
  return unmap(v6);
}

function unmap(value: bigint): IpAddress {
  if ((value & V4_MAPPED_MASK) === V4_MAPPED_PREFIX) return { v6: false, value: value & 0xffffffffn };
  return { v6: true, value };
}

/** A CIDR block (Go's `net.ParseCIDR`: the address is masked to the prefix), or `undefined`. */
export function parseCidr(s: string): CidrBlock | undefined {
  const slash = s.indexOf("/");
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const bitsText = s.slice(slash + 1);
  if (!/^\d+$/.test(bitsText)) return undefined;
  const prefix = Number(bitsText.length > 4 ? "9999" : bitsText);
  const v4 = parseIPv4(addr);
  if (v4 !== undefined) {
    if (prefix > 32) return undefined;
    return { v6: false, base: v4 & maskOf(prefix, 32), prefix };
  }
  const v6 = parseIPv6(addr);
  if (v6 === undefined || prefix > 128) return undefined;
  const base = v6 & maskOf(prefix, 128);
  // A masked IPv4-mapped block is an IPv4 block, as Go's IPNet treats it.
  if ((base & V4_MAPPED_MASK) === V4_MAPPED_PREFIX) return { v6: false, base: base & 0xffffffffn, prefix: prefix - 96 };
  return { v6: true, base, prefix };
}

function maskOf(prefix: number, bits: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return all ^ ((1n << BigInt(bits - prefix)) - 1n);
}

/** The last address of a block. */
export function lastAddress(c: CidrBlock): bigint {
  return c.base | ((1n << BigInt(bitsOf(c.v6) - c.prefix)) - 1n);
}

/** Number of addresses in a block. */
export function blockSize(c: CidrBlock): bigint {
  return 1n << BigInt(bitsOf(c.v6) - c.prefix);
}

/** True when the block holds the address (never across IPv4 and IPv6). */
export function blockContains(c: CidrBlock, a: IpAddress): boolean {
  return c.v6 === a.v6 && a.value >= c.base && a.value <= lastAddress(c);
}

/** An address as Go prints it: dotted quad, or RFC 5952 IPv6 (`2001:db8::1`). */
export function formatIp(a: IpAddress): string {
  if (!a.v6) {
    const v = Number(a.value);
    return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".");
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((a.value >> BigInt(i * 16)) & 0xffffn));
  // The longest run of two or more zero groups (the first of equals) becomes "::".
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return hex.slice(0, bestStart).join(":") + "::" + hex.slice(bestStart + bestLen).join(":");
}

/** A block as Go prints it: `10.0.0.0/8`, `2001:db8::/32`. */
export function formatCidr(c: CidrBlock): string {
  return `${formatIp({ v6: c.v6, value: c.base })}/${c.prefix}`;
}

/** A dotted quad as a 32-bit integer: exactly four decimal fields 0–255, without leading zeros. */
function parseIPv4(s: string): bigint | undefined {
  const fields = s.split(".");
  if (fields.length !== 4) return undefined;
  let v = 0;
  for (const f of fields) {
    if (!/^(0|[1-9]\d{0,2})$/.test(f)) return undefined;
    const n = Number(f);
    if (n > 255) return undefined;
    v = v * 256 + n;
  }
  return BigInt(v);
}

/** RFC 4291 text form as a 128-bit integer: hex groups, one `::`, an optional dotted quad at the end. */
function parseIPv6(s: string): bigint | undefined {
  if (s.length === 0 || s.includes("%")) return undefined;
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] === "" ? [] : halves[0]!.split(":");
  const tail = halves.length === 2 ? (halves[1] === "" ? [] : halves[1]!.split(":")) : [];
  const groups: number[] = [];
  const last = halves.length === 2 ? tail : head;
  const readGroups = (parts: readonly string[], allowV4Last: boolean): number[] | undefined => {
    const out: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (allowV4Last && i === parts.length - 1 && p.includes(".")) {
        const v4 = parseIPv4(p);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
      out.push(parseInt(p, 16));
    }
    return out;
  };
  const h = readGroups(head, last === head);
  const t = readGroups(tail, last === tail);
  if (!h || !t) return undefined;
  if (halves.length === 2) {
    const missing = 8 - h.length - t.length;
    if (missing < 1) return undefined;
    groups.push(...h, ...new Array<number>(missing).fill(0), ...t);
  } else {
    if (h.length !== 8) return undefined;
    groups.push(...h);
  }
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}
