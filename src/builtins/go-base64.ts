/**
 * Base64 as Go's `encoding/base64` decodes it (OPA's `base64.*` use it):
 * strict about the alphabet and padding, tolerant of `\r` and `\n`, and
 * reporting `illegal base64 data at input byte N` at the byte Go names.
 * Encoding uses Node's `Buffer`, which agrees with Go.
 */

/** Thrown for text that is not valid base64; the message is Go's. */
export class Base64Error extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
  }
}

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function decodeMap(alphabet: string): Int16Array {
  const m = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
}

const STD_MAP = decodeMap(STD);
const URL_MAP = decodeMap(URL);

/** The bytes encoded in `text` (standard or URL alphabet, with padding, as Go's `StdEncoding`/`URLEncoding`). Throws `Base64Error`. */
export function decodeBase64(text: string, alphabet: "std" | "url"): Uint8Array {
  const src = new TextEncoder().encode(text);
  const map = alphabet === "std" ? STD_MAP : URL_MAP;
  const out: number[] = [];
  let si = 0;
  // Go's decodeQuantum, one 4-character quantum at a time.
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        throw new Base64Error(si - j); // a partial quantum: padding is required
      }
      const c = src[si]!;
      si++;
      const v = map[c]!;
      if (v >= 0) {
        dbuf[j] = v;
        continue;
      }
      if (c === 0x0a || c === 0x0d) {
        j--;
        continue;
      }
      if (c !== 0x3d) throw new Base64Error(si - 1);
      // Padding: only after two or three characters of a quantum.
      if (j === 0 || j === 1) throw new Base64Error(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
        if (si === src.length) throw new Base64Error(src.length);
        if (src[si] !== 0x3d) throw new Base64Error(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
      if (si < src.length) throw new Base64Error(si); // trailing garbage
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (dlen < 4) break;
  }
  return Uint8Array.from(out);
}

/**
 * Restore the padding a base64url text omits (RFC 7515 Appendix C), as OPA
 * does, going by the text's length in UTF-8 bytes (`byteLength`, by default
 * its length, the same for ASCII text); `undefined`
 * for an impossible length.
 */
export function padBase64url(s: string, byteLength = s.length): string | undefined {
  if (s.endsWith("=")) return s;
  switch (byteLength % 4) {
    case 0:
      return s;
    case 2:
      return s + "==";
    case 3:
      return s + "=";
    default:
      return undefined;
  }
}

/** Base64 of bytes: standard alphabet with padding, URL alphabet with or without. */
export function encodeBase64(bytes: Uint8Array, alphabet: "std" | "url", pad = true): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (alphabet === "std") return buf.toString("base64");
  const s = buf.toString("base64url"); // Node's base64url has no padding
  return pad ? s + "=".repeat((4 - (s.length % 4)) % 4) : s;
}

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

const STRICT = new TextDecoder("utf-8", { fatal: true });

/**
 * Bytes as a string; each byte that does not start a valid UTF-8 sequence
 * becomes one U+FFFD, as Go's `utf8.DecodeRune` reads it (so as OPA counts
 * such a string's runes and prints it as JSON). The WHATWG decoder would
 * instead fold a truncated sequence such as `e6 97` into a single U+FFFD.
 */
export function fromUtf8(bytes: Uint8Array): string {
  try {
    return STRICT.decode(bytes);
  } catch {
    return decodeRunes(bytes);
  }
}

function decodeRunes(b: Uint8Array): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let out = "";
  let start = 0; // of the current run of valid sequences
  let i = 0;
  while (i < b.length) {
    const size = runeSize(b, i);
    if (size > 0) {
      i += size;
      continue;
    }
    out += buf.toString("utf8", start, i) + "\ufffd";
    start = ++i;
  }
  return out + buf.toString("utf8", start, i);
}

/** The length of the valid UTF-8 sequence at `b[i]`, or 0 when `utf8.DecodeRune` would answer RuneError of size 1. */
function runeSize(b: Uint8Array, i: number): number {
  const c0 = b[i]!;
  if (c0 < 0x80) return 1;
  const cont = (j: number, lo = 0x80, hi = 0xbf): boolean => j < b.length && b[j]! >= lo && b[j]! <= hi;
  if (c0 >= 0xc2 && c0 <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (c0 >= 0xe0 && c0 <= 0xef) {
    const [lo, hi] = c0 === 0xe0 ? [0xa0, 0xbf] : c0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const [lo, hi] = c0 === 0xf0 ? [0x90, 0xbf] : c0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}
