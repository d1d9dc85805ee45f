/**
 * Go's `time.ParseDuration`, ported step for step so that the same strings
 * are accepted, the same nanoseconds come out (including Go's float64
 * rounding of fractions) and the same errors are reported.
 *
 * Grammar: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, units `ns`, `us`, `µs`, `μs`,
 * `ms`, `s`, `m`, `h`; `"0"` alone is zero.
 */
import { goTimeQuote } from "./go-quote.js";

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ["ns", 1n],
  ["us", 1_000n],
  ["\u00b5s", 1_000n], // U+00B5 MICRO SIGN
  ["\u03bcs", 1_000n], // U+03BC GREEK SMALL LETTER MU
  ["ms", 1_000_000n],
  ["s", 1_000_000_000n],
  ["m", 60_000_000_000n],
  ["h", 3_600_000_000_000n],
]);

const LIMIT = 1n << 63n;

/** Thrown for a string that is not a Go duration; the message is Go's. */
export class DurationError extends Error {}

/** Nanoseconds of a Go duration string. Throws `DurationError`. */
export function parseGoDuration(orig: string): bigint {
  let s = orig;
  let d = 0n;
  let neg = false;
  const invalid = (): DurationError => new DurationError("time: invalid duration " + goTimeQuote(orig));

  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") throw invalid();
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s, 0))) throw invalid();
    // [0-9]*
    let i = 0;
    let v = 0n;
    for (; i < s.length && isDigit(s, i); i++) {
      if (v > LIMIT / 10n) throw invalid();
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > LIMIT) throw invalid();
    }
    const pre = i > 0;
    s = s.slice(i);
    // (\.[0-9]*)?
    let post = false;
    let f = 0n;
    let scale = 1;
    if (s !== "" && s[0] === ".") {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && isDigit(s, j); j++) {
        if (overflow) continue;
        if (f > (LIMIT - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > LIMIT) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    // unit: everything up to the next digit or '.'
    let k = 0;
    while (k < s.length && s[k] !== "." && !isDigit(s, k)) k++;
    if (k === 0) throw new DurationError("time: missing unit in duration " + goTimeQuote(orig));
    const u = s.slice(0, k);
    s = s.slice(k);
    const unit = UNITS.get(u);
    if (unit === undefined) throw new DurationError("time: unknown unit " + goTimeQuote(u) + " in duration " + goTimeQuote(orig));
    if (v > LIMIT / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // Go computes the fraction in float64: uint64(float64(f) * (float64(unit) / scale)).
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > LIMIT) throw invalid();
    }
    d += v;
    if (d > LIMIT) throw invalid();
  }
  if (neg) return -d;
  if (d > LIMIT - 1n) throw invalid();
  return d;
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}
