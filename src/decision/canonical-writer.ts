/**
 * The RFC 8785 writer behind `canonical.ts`: one pass over a value, writing
 * the canonical text straight into a reusable buffer as UTF-8, so that
 * hashing needs neither a JS string nor a second encoding pass.
 *
 * Why not `JSON.stringify` or the `canonicalize` package: neither sorts keys
 * in one pass (`canonicalize` builds a string per value and `join`s them,
 * ~5× slower here), and both go through a JS string that `createHash` must
 * then encode again. The output is byte-identical to `canonicalize` for
 * every document it accepts (`test/decision/canonical-writer.test.ts` checks
 * it against the package with fast-check), with the two documented
 * extensions: big integers print their exact digits, and a lone surrogate
 * is escaped as `JSON.stringify` escapes it (`\ud800`).
 *
 * Two modes:
 * - `plain` (strict): the value must be JSON exactly as `fromJs` would
 *   return it unchanged; anything else (NaN, `undefined`, a function, a
 *   `Date`, a set, a safe integer held as `bigint`, an unsafe one held as a
 *   `number`, nesting beyond `MAX_PLAIN_DEPTH`, hence any cycle) makes the
 *   write fail, and the caller takes the slow path that names the problem.
 *   This is what lets `decide` check "is this JSON" and hash in one walk.
 * - general: also writes `bigint`s, sets and objects with non-string keys
 *   (as OPA's JSON API prints them), drops `undefined` properties and writes
 *   `undefined` array elements as `null` (as `JSON.stringify` does); throws
 *   `NotJsonError` for what is not JSON at all (`TooDeepError` for nesting
 *   beyond `MAX_JSON_DEPTH`, which `fromJs` refuses too).
 */
import { KeyedObject } from "../value/keyed-object.js";
import { MAX_JSON_DEPTH, NotJsonError, TooDeepError, toJson } from "../value/json.js";
import { SetValue } from "../value/set.js";
import type { Value } from "../value/types.js";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MIN_SAFE = -Number.MAX_SAFE_INTEGER;
const BIG_MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const OBJECT_PROTO = Object.prototype;

/** Deeper than this, plain mode gives up (the slow path detects cycles) and general mode starts tracking ancestors. */
const MAX_PLAIN_DEPTH = 200;
/** Objects with more keys than this are sorted with `Array.prototype.sort` (same order: UTF-16 code units) instead of insertion sort. */
const INSERTION_SORT_MAX = 16;
const HEX = "0123456789abcdef";

// The shared output buffer. INVARIANT: only one write uses it at a time; a write that starts while
// another is under way (a getter that canonicalises something) saves and restores it (`withFreshBuffer`).
let buf: Buffer = Buffer.allocUnsafe(1 << 14);
let pos = 0;
let busy = false;

/** Thrown inside a plain write to unwind to `writeCanonical`; never escapes this module. */
const NOT_PLAIN: unique symbol = Symbol("not plain JSON");

/**
 * Write the canonical UTF-8 text of `value` and pass it to `use` (the bytes
 * are only valid during the call). In plain mode, returns `undefined`
 * without calling `use` when `value` is not plain JSON.
 */
export function writeCanonical<T>(value: unknown, plain: boolean, use: (bytes: Buffer) => T): T | undefined {
  if (busy) return withFreshBuffer(() => writeCanonical(value, plain, use));
  busy = true;
  pos = 0;
  try {
    try {
      writeValue(value, plain, 0, undefined);
    } catch (e) {
      if (e === NOT_PLAIN) return undefined;
      throw e;
    }
    return use(buf.subarray(0, pos));
  } finally {
    busy = false;
    // Do not keep a buffer grown by one huge document.
    if (buf.length > 1 << 20) buf = Buffer.allocUnsafe(1 << 14);
  }
}

function withFreshBuffer<T>(run: () => T): T {
  const [savedBuf, savedPos] = [buf, pos];
  buf = Buffer.allocUnsafe(1 << 10);
  busy = false;
  try {
    return run();
  } finally {
    buf = savedBuf;
    pos = savedPos;
    busy = true;
  }
}

function ensure(n: number): void {
  if (pos + n <= buf.length) return;
  const next = Buffer.allocUnsafe(Math.max(buf.length * 2, pos + n));
  buf.copy(next, 0, 0, pos);
  buf = next;
}

function writeValue(v: unknown, plain: boolean, depth: number, ancestors: Set<object> | undefined): void {
  switch (typeof v) {
    case "string":
      writeString(v);
      return;
    case "number":
      writeNumber(v, plain);
      return;
    case "boolean":
      writeAscii(v ? "true" : "false");
      return;
    case "bigint":
      // `fromJs` turns a safe integer held as `bigint` into a `number`; plain mode leaves that to it.
      if (plain && v <= BIG_MAX_SAFE && v >= -BIG_MAX_SAFE) throw NOT_PLAIN;
      writeAscii(v.toString());
      return;
    case "object":
      break;
    default:
      if (plain) throw NOT_PLAIN;
      throw new NotJsonError("", typeof v);
  }
  if (v === null) {
    writeAscii("null");
    return;
  }
  if (depth > MAX_PLAIN_DEPTH) {
    if (plain) throw NOT_PLAIN;
    if (depth >= MAX_JSON_DEPTH) throw new TooDeepError("");
    ancestors ??= new Set();
    if (ancestors.has(v)) throw new NotJsonError("", "a cycle");
    ancestors.add(v);
  }
  if (Array.isArray(v)) writeArray(v, plain, depth, ancestors);
  else writeObject(v, plain, depth, ancestors);
  if (ancestors !== undefined) ancestors.delete(v);
}

function writeArray(a: readonly unknown[], plain: boolean, depth: number, ancestors: Set<object> | undefined): void {
  ensure(1);
  buf[pos++] = 0x5b; // [
  for (let i = 0; i < a.length; i++) {
    if (i > 0) {
      ensure(1);
      buf[pos++] = 0x2c; // ,
    }
    const x = a[i];
    if (x === undefined) {
      // An array hole or `undefined` element is `null`, as in JSON.stringify.
      if (plain) throw NOT_PLAIN;
      writeAscii("null");
    } else writeValue(x, plain, depth + 1, ancestors);
  }
  ensure(1);
  buf[pos++] = 0x5d; // ]
}

function writeObject(o: object, plain: boolean, depth: number, ancestors: Set<object> | undefined): void {
  const proto = Object.getPrototypeOf(o);
  if (proto !== OBJECT_PROTO && proto !== null) {
    if (plain) throw NOT_PLAIN;
    if (o instanceof SetValue || o instanceof KeyedObject) return writeValue(toJson(o as Value), false, depth, ancestors);
    const what = typeof (o as { toJSON?: unknown }).toJSON === "function" ? "an object with `toJSON`" : `a ${proto?.constructor?.name ?? "non-plain"} object`;
    throw new NotJsonError("", what);
  }
  const keys = Object.keys(o);
  sortKeys(keys);
  const rec = o as Record<string, unknown>;
  ensure(1);
  buf[pos++] = 0x7b; // {
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = rec[k];
    if (x === undefined) {
      // Left out, as JSON.stringify does.
      if (plain) throw NOT_PLAIN;
      continue;
    }
    if (!first) {
      ensure(1);
      buf[pos++] = 0x2c; // ,
    }
    first = false;
    writeString(k);
    ensure(1);
    buf[pos++] = 0x3a; // :
    writeValue(x, plain, depth + 1, ancestors);
  }
  ensure(1);
  buf[pos++] = 0x7d; // }
}

/** RFC 8785 §3.2.3: property names in the order of their UTF-16 code units, which is what JS's `<` on strings compares. */
function sortKeys(keys: string[]): void {
  const n = keys.length;
  if (n > INSERTION_SORT_MAX) {
    keys.sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const k = keys[i]!;
    if (keys[i - 1]! < k) continue;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
}

/**
 * ECMAScript's Number::toString, as RFC 8785 §3.2.2.3 requires (`-0` is `0`).
 * Plain mode refuses integers beyond 2^53 held as `number` (`fromJs` makes them `bigint`).
 */
function writeNumber(x: number, plain: boolean): void {
  if (x >= MIN_SAFE && x <= MAX_SAFE) {
    if (x % 1 === 0) writeInteger(x);
    else writeAscii(String(x));
    return;
  }
  if (plain) throw NOT_PLAIN;
  if (!Number.isFinite(x)) throw new NotJsonError("", String(x));
  writeAscii(String(x));
}

/** A safe integer's digits, without making a string. */
function writeInteger(x: number): void {
  ensure(17);
  if (x === 0) {
    buf[pos++] = 0x30; // also -0
    return;
  }
  if (x < 0) {
    buf[pos++] = 0x2d;
    x = -x;
  }
  let digits = 1;
  for (let q = x; q >= 10; q = Math.floor(q / 10)) digits++;
  let p = pos + digits;
  pos = p;
  while (x >= 10) {
    const r = x % 10;
    buf[--p] = 0x30 + r;
    x = (x - r) / 10;
  }
  buf[--p] = 0x30 + x;
}

function writeAscii(text: string): void {
  ensure(text.length);
  for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
}

/**
 * A JSON string as RFC 8785 §3.2.2.2 writes it (ES `JSON.stringify`'s
 * escapes: `\b \t \n \f \r \" \\`, other controls as `\u00xx` in lowercase
 * hex), encoded as UTF-8; a lone surrogate is written as `\udxxx`.
 *
 * The loop over characters that are written as they are (printable ASCII
 * but `"` and `\`, nearly every character of a decision's input) is kept
 * apart from the rest (`writeStringRest`): the first string with an escape
 * or a non-ASCII character would otherwise make the optimising compiler
 * recompile the whole loop, slower for every string after (measured: after
 * serialising a few decisions, `input_hash` of a 2 KB input took 2.5× longer).
 */
function writeString(s: string): void {
  const n = s.length;
  ensure(n * 6 + 2);
  const b = buf;
  let p = pos;
  b[p++] = 0x22;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x80 || c === 0x22 || c === 0x5c) break;
    b[p++] = c;
  }
  if (i < n) p = writeStringRest(s, i, p);
  b[p++] = 0x22;
  pos = p;
}

/** The characters of `s` from `i` on, written at `p` (room is ensured); returns the position after them. */
function writeStringRest(s: string, i: number, p: number): number {
  const n = s.length;
  const b = buf;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
        b[p++] = c;
        continue;
      }
      b[p++] = 0x5c; // \
      switch (c) {
        case 0x22:
          b[p++] = 0x22;
          break;
        case 0x5c:
          b[p++] = 0x5c;
          break;
        case 0x08:
          b[p++] = 0x62; // b
          break;
        case 0x09:
          b[p++] = 0x74; // t
          break;
        case 0x0a:
          b[p++] = 0x6e; // n
          break;
        case 0x0c:
          b[p++] = 0x66; // f
          break;
        case 0x0d:
          b[p++] = 0x72; // r
          break;
        default:
          b[p++] = 0x75; // u
          b[p++] = 0x30;
          b[p++] = 0x30;
          b[p++] = HEX.charCodeAt(c >> 4);
          b[p++] = HEX.charCodeAt(c & 15);
      }
    } else if (c < 0x800) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 63);
    } else if (c < 0xd800 || c > 0xdfff) {
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 63);
      b[p++] = 0x80 | (c & 63);
    } else {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        b[p++] = 0xf0 | (cp >> 18);
        b[p++] = 0x80 | ((cp >> 12) & 63);
        b[p++] = 0x80 | ((cp >> 6) & 63);
        b[p++] = 0x80 | (cp & 63);
      } else {
        // A lone surrogate: escaped, as JSON.stringify does (RFC 8785 itself refuses it).
        b[p++] = 0x5c;
        b[p++] = 0x75;
        b[p++] = HEX.charCodeAt(c >> 12);
        b[p++] = HEX.charCodeAt((c >> 8) & 15);
        b[p++] = HEX.charCodeAt((c >> 4) & 15);
        b[p++] = HEX.charCodeAt(c & 15);
      }
    }
  }
  return p;
}
