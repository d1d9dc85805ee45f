/**
 * A reader of DER (the ASN.1 encoding of certificates and keys), as strict
 * as Go's `golang.org/x/crypto/cryptobyte`, which Go's `crypto/x509` parses
 * with: single-byte tags, minimal definite lengths, minimal INTEGERs,
 * BOOLEANs of 0x00 or 0xff, OID arcs below 2^31. Each `read…` consumes one
 * element and returns `undefined` when the next element is not what was
 * asked for (the caller turns that into Go's error message), as cryptobyte's
 * `Read…` return false.
 */

/** Something Go's parsers reject; the message is the error text Go gives. */
export class GoParseError extends Error {}

/** Tags (the whole identifier octet) of the universal types x509 reads. */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** The tag of context-specific `[n]`, primitive or constructed. */
export function contextTag(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

/** A BIT STRING: its bytes and how many bits of them count. */
export interface BitString {
  readonly bytes: Uint8Array;
  readonly bitLength: number;
}

/** A cursor over DER bytes, consuming one element a call. */
export class Der {
  private pos: number;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  /** True when every byte has been read. */
  get empty(): boolean {
    return this.pos >= this.end;
  }

  /** The bytes not read yet. */
  rest(): Uint8Array {
    return this.buf.subarray(this.pos, this.end);
  }

  /** The tag of the next element, without consuming it. */
  peekTag(): number | undefined {
    return this.pos < this.end ? this.buf[this.pos] : undefined;
  }

  /** The next element, whatever its tag: tag, header length, and the whole element's bytes. */
  private next(): { tag: number; header: number; element: Uint8Array } | undefined {
    const s = this.buf.subarray(this.pos, this.end);
    if (s.length < 2) return undefined;
    const tag = s[0]!;
    const lenByte = s[1]!;
    if ((tag & 0x1f) === 0x1f) return undefined; // high-tag-number form: not supported, as in cryptobyte
    let header = 2;
    let length: number;
    if ((lenByte & 0x80) === 0) {
      length = lenByte;
    } else {
      const lenLen = lenByte & 0x7f;
      if (lenLen === 0 || lenLen > 4 || s.length < 2 + lenLen) return undefined;
      length = 0;
      for (let i = 0; i < lenLen; i++) length = length * 256 + s[2 + i]!;
      // DER: the shortest form, so no long form below 128 and no leading zero octet.
      if (length < 128 || s[2] === 0) return undefined;
      header += lenLen;
    }
    if (header + length > s.length) return undefined;
    this.pos += header + length;
    return { tag, header, element: s.subarray(0, header + length) };
  }

  /** The next element, whatever its tag, with its content as a reader. */
  readAny(): { tag: number; content: Der; element: Uint8Array } | undefined {
    const e = this.next();
    if (!e) return undefined;
    return { tag: e.tag, content: new Der(e.element, e.header), element: e.element };
  }

  /** The content of the next element, which must have this tag. */
  read(tag: number): Der | undefined {
    return this.peekTag() === tag ? this.readAny()?.content : undefined;
  }

  /** The whole next element (header included), which must have this tag. */
  readElement(tag: number): Uint8Array | undefined {
    return this.peekTag() === tag ? this.next()?.element : undefined;
  }

  /** The content bytes of the next element, which must have this tag. */
  readBytes(tag: number): Uint8Array | undefined {
    return this.read(tag)?.rest();
  }

  /** An optional element: its content, `null` when the next element has another tag, `undefined` when malformed. */
  readOptional(tag: number): Der | null | undefined {
    if (this.peekTag() !== tag) return null;
    return this.read(tag);
  }

  /** An INTEGER of any size (minimally encoded, as DER requires), under its own tag or an implicit one. */
  readInteger(tag: number = TAG.INTEGER): bigint | undefined {
    const b = this.readBytes(tag);
    return b === undefined ? undefined : integerContent(b);
  }

  /** An INTEGER that fits Go's `int` (64 bits). */
  readInt(tag: number = TAG.INTEGER): number | bigint | undefined {
    const v = this.readInteger(tag);
    return v === undefined ? undefined : goInt(v);
  }

  /** A BOOLEAN: one octet, 0x00 or 0xff. */
  readBoolean(): boolean | undefined {
    const b = this.readBytes(TAG.BOOLEAN);
    if (b === undefined || b.length !== 1 || (b[0] !== 0 && b[0] !== 0xff)) return undefined;
    return b[0] === 0xff;
  }

  /** An OBJECT IDENTIFIER as Go's `asn1.ObjectIdentifier` (arcs below 2^31). */
  readOid(): number[] | undefined {
    const b = this.readBytes(TAG.OID);
    return b === undefined ? undefined : oidArcs(b);
  }

  /** A BIT STRING, with cryptobyte's checks on the padding. */
  readBitString(): BitString | undefined {
    const b = this.readBytes(TAG.BIT_STRING);
    return b === undefined ? undefined : bitStringContent(b);
  }
}

/** The value of an INTEGER's content octets, or `undefined` when not minimally encoded. */
export function integerContent(b: Uint8Array): bigint | undefined {
  return minimalInteger(b) ? twosComplement(b) : undefined;
}

/** An integer as Go's `int` holds it (64 bits), as a Rego number, or `undefined` when it does not fit. */
export function goInt(v: bigint): number | bigint | undefined {
  if (v < -(2n ** 63n) || v >= 2n ** 63n) return undefined;
  return Number.isSafeInteger(Number(v)) ? Number(v) : v;
}

/** A BIT STRING's content octets (unused-bit count, then the bits), or `undefined` when the padding is wrong. */
export function bitStringContent(b: Uint8Array): BitString | undefined {
  if (b.length === 0) return undefined;
  const padding = b[0]!;
  const bytes = b.subarray(1);
  if (padding > 7 || (bytes.length === 0 && padding !== 0)) return undefined;
  if (bytes.length > 0 && (bytes[bytes.length - 1]! & ((1 << padding) - 1)) !== 0) return undefined;
  return { bytes, bitLength: bytes.length * 8 - padding };
}

function minimalInteger(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  if (b.length === 1) return true;
  return !((b[0] === 0 && (b[1]! & 0x80) === 0) || (b[0] === 0xff && (b[1]! & 0x80) === 0x80));
}

/** A big-endian two's-complement integer. */
function twosComplement(b: Uint8Array): bigint {
  const v = unsignedInteger(b);
  return b.length > 0 && (b[0]! & 0x80) !== 0 ? v - (1n << BigInt(b.length * 8)) : v;
}

/** A big-endian unsigned integer (Go's `big.Int.SetBytes`). */
export function unsignedInteger(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  return BigInt("0x" + Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex"));
}

/** The bits of a BIT STRING moved to the right end of its bytes (Go's `BitString.RightAlign`). */
export function rightAlign(b: BitString): Uint8Array {
  const shift = 8 - (b.bitLength % 8);
  if (shift === 8 || b.bytes.length === 0) return b.bytes;
  const a = new Uint8Array(b.bytes.length);
  a[0] = b.bytes[0]! >> shift;
  for (let i = 1; i < b.bytes.length; i++) a[i] = ((b.bytes[i - 1]! << (8 - shift)) & 0xff) | (b.bytes[i]! >> shift);
  return a;
}

/** Bit `i` (from the most significant bit of the first byte) of a BIT STRING, 0 beyond its end (Go's `BitString.At`). */
export function bitAt(b: BitString, i: number): number {
  if (i < 0 || i >= b.bitLength) return 0;
  return (b.bytes[i >> 3]! >> (7 - (i % 8))) & 1;
}

/** The arcs of an OID's content bytes, each below 2^31 as cryptobyte requires, or `undefined`. */
export function oidArcs(b: Uint8Array): number[] | undefined {
  if (b.length === 0) return undefined;
  const arcs: number[] = [];
  let v = 0;
  let start = true;
  for (const x of b) {
    if (start && x === 0x80) return undefined; // a leading 0x80 octet is not minimal
    if (v >= 1 << 24) return undefined; // the next 7 bits would reach 2^31
    start = false;
    v = v * 128 + (x & 0x7f);
    if ((x & 0x80) === 0) {
      // The first subidentifier packs two arcs.
      if (arcs.length === 0) arcs.push(...(v < 80 ? [Math.floor(v / 40), v % 40] : [2, v - 80]));
      else arcs.push(v);
      v = 0;
      start = true;
    }
  }
  return start ? arcs : undefined; // a last subidentifier without its end is truncated
}

/** The arcs of an OID's content bytes, of any size (Go's `x509.OID`), or `undefined` when not minimal. */
export function bigOidArcs(b: Uint8Array): bigint[] | undefined {
  if (b.length === 0 || (b[b.length - 1]! & 0x80) !== 0) return undefined;
  const subs: bigint[] = [];
  let v = 0n;
  let first = true;
  for (const x of b) {
    if (first && x === 0x80) return undefined; // a leading 0x80 octet is not minimal
    first = false;
    v = (v << 7n) | BigInt(x & 0x7f);
    if ((x & 0x80) === 0) {
      subs.push(v);
      v = 0n;
      first = true;
    }
  }
  const head = subs[0]!;
  const arcs = head < 80n ? [head / 40n, head % 40n] : [2n, head - 80n];
  return [...arcs, ...subs.slice(1)];
}

/** Dotted text of OID arcs: `2.5.29.17`. */
export function oidText(arcs: readonly (number | bigint)[]): string {
  return arcs.join(".");
}
