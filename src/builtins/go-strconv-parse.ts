/**
 * Go's `strconv` reading of Go literal syntax, as `text/template`'s parser
 * uses it: `Unquote` (interpreted and raw strings), `UnquoteChar`,
 * `ParseInt`/`ParseUint` with base 0 (`0x`, `0o`, `0b`, leading-`0`
 * octal, `_` separators) and `ParseFloat` (decimal and hexadecimal).
 * Strings are Go byte strings: a `\xff` escape that leaves invalid UTF-8
 * becomes U+FFFD here.
 */
import { fromUtf8 } from "./go-base64.js";

/** Why a parse failed, in `strconv`'s words. */
export type NumError = "invalid syntax" | "value out of range";

/** A parsed value, or `strconv`'s error. */
export type Parsed<T> = { readonly ok: true; readonly v: T } | { readonly ok: false; readonly err: NumError };

const SYNTAX = { ok: false, err: "invalid syntax" } as const;
const RANGE = { ok: false, err: "value out of range" } as const;

function unhex(c: string | undefined): number {
  if (c === undefined) return -1;
  const n = "0123456789abcdef".indexOf(c.toLowerCase());
  return n;
}

/**
 * Go `strconv.UnquoteChar(s[i:], quote)`: the character or byte at `i` and
 * where the rest starts; `undefined` for a syntax error. `multibyte` is
 * false for a plain byte (`\x80`, `\200`), which is not UTF-8 encoded.
 */
export function unquoteChar(s: string, i: number, quote: string): { value: number; multibyte: boolean; next: number } | undefined {
  if (i >= s.length) return undefined;
  const c = s[i]!;
  if (c === quote && (quote === "'" || quote === '"')) return undefined;
  const cp = s.codePointAt(i)!;
  if (cp >= 0x80) return { value: cp, multibyte: true, next: i + (cp > 0xffff ? 2 : 1) };
  if (c !== "\\") return { value: cp, multibyte: false, next: i + 1 };
  if (i + 1 >= s.length) return undefined;
  const e = s[i + 1]!;
  let j = i + 2;
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92 };
  if (Object.hasOwn(simple, e)) return { value: simple[e]!, multibyte: false, next: j };
  if (e === "x" || e === "u" || e === "U") {
    const n = e === "x" ? 2 : e === "u" ? 4 : 8;
    let v = 0;
    for (let k = 0; k < n; k++) {
      const d = unhex(s[j + k]);
      if (d < 0) return undefined;
      v = v * 16 + d;
    }
    j += n;
    if (e === "x") return { value: v, multibyte: false, next: j };
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
    return { value: v, multibyte: true, next: j };
  }
  if (e >= "0" && e <= "7") {
    let v = e.charCodeAt(0) - 48;
    for (let k = 0; k < 2; k++) {
      const d = (s.charCodeAt(j + k) || 0) - 48;
      if (d < 0 || d > 7) return undefined;
      v = v * 8 + d;
    }
    if (v > 255) return undefined;
    return { value: v, multibyte: false, next: j + 2 };
  }
  if (e === "'" || e === '"') return e === quote ? { value: e.charCodeAt(0), multibyte: false, next: j } : undefined;
  return undefined;
}

/** Go `strconv.Unquote` for a `"…"` or `` `…` `` literal; `undefined` for a syntax error. */
export function unquote(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const quote = s[0]!;
  if (quote === "`") {
    if (s[s.length - 1] !== "`" || s.indexOf("`", 1) !== s.length - 1) return undefined;
    return s.slice(1, -1).replaceAll("\r", ""); // raw strings drop carriage returns
  }
  if (quote !== '"') return undefined;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  let i = 1;
  while (i < s.length && s[i] !== quote) {
    if (s[i] === "\n") return undefined;
    const r = unquoteChar(s, i, quote);
    if (r === undefined) return undefined;
    i = r.next;
    if (r.value < 0x80 || !r.multibyte) bytes.push(r.value);
    else bytes.push(...enc.encode(String.fromCodePoint(r.value)));
  }
  if (i !== s.length - 1) return undefined;
  return fromUtf8(Uint8Array.from(bytes));
}

/** Go's `underscoreOK`: `_` only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = "^";
  let i = 0;
  if (s[0] === "-" || s[0] === "+") s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "box".includes(s[1]!.toLowerCase())) {
    i = 2;
    saw = "0";
    hex = s[1]!.toLowerCase() === "x";
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c))) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

/** Go `strconv.ParseUint(s, base, 64)` for base 0 (the prefix decides) or 10. */
export function parseUint64(s: string, base: 0 | 10 = 0): Parsed<bigint> {
  if (s === "") return SYNTAX;
  const s0 = s;
  let b = 10;
  if (base === 0 && s[0] === "0") {
    const p = s.length >= 3 ? s[1]!.toLowerCase() : "";
    b = p === "b" ? 2 : p === "o" ? 8 : p === "x" ? 16 : 8;
    s = s.slice(p === "b" || p === "o" || p === "x" ? 2 : 1);
  }
  let n = 0n;
  let underscores = false;
  let overflow = false;
  for (const c of s) {
    if (c === "_" && base === 0) {
      underscores = true;
      continue;
    }
    const d = unhex(c);
    if (d < 0 || d >= b) return SYNTAX;
    n = n * BigInt(b) + BigInt(d);
    if (n >= 2n ** 64n) overflow = true;
  }
  if (underscores && !underscoreOK(s0)) return SYNTAX;
  return overflow ? RANGE : { ok: true, v: n };
}

/** Go `strconv.ParseInt(s, base, 64)` for base 0 or 10. */
export function parseInt64(s: string, base: 0 | 10 = 0): Parsed<bigint> {
  if (s === "") return SYNTAX;
  const neg = s[0] === "-";
  const u = parseUint64(s[0] === "+" || s[0] === "-" ? s.slice(1) : s, base);
  if (!u.ok) return u;
  if (u.v > (neg ? 2n ** 63n : 2n ** 63n - 1n)) return RANGE;
  return { ok: true, v: neg ? -u.v : u.v };
}

const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/;
const SPECIAL_FLOAT = /^([+-]?)(inf|infinity|nan)$/i;

/** Go `strconv.ParseFloat(s, 64)`. */
export function parseFloat64(s: string): Parsed<number> {
  const special = SPECIAL_FLOAT.exec(s);
  if (special) return { ok: true, v: special[2]!.toLowerCase() === "nan" ? NaN : special[1] === "-" ? -Infinity : Infinity };
  if (s.includes("_")) {
    if (!underscoreOK(s)) return SYNTAX;
    s = s.replaceAll("_", "");
  }
  let v: number;
  if (DECIMAL_FLOAT.test(s)) {
    v = Number(s);
  } else {
    const m = HEX_FLOAT.exec(s);
    if (!m || m[2]! + m[3]! === "") return SYNTAX;
    const mant = BigInt("0x" + m[2]! + m[3]!);
    const exp = Number(m[4]) - 4 * m[3]!.length;
    v = Number(mant);
    // Scale in steps so that 2 ** exp itself neither overflows nor underflows.
    for (let e = exp; e !== 0; ) {
      const step = Math.max(-1000, Math.min(1000, e));
      v *= 2 ** step;
      e -= step;
    }
    if (m[1] === "-") v = -v;
  }
  return Number.isFinite(v) ? { ok: true, v } : RANGE;
}
