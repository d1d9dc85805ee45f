/**
 * JSON numbers as gojsonschema reads them: exact rationals made from the
 * number's text (Go's `big.Rat`), so `0.07` is a multiple of `0.01` and
 * `1.0` is an integer; printed in messages as Go prints the `big.Float`
 * made of one; and re-encoded as Go's `encoding/json` writes a `float64`
 * (what `enum`, `const` and `uniqueItems` compare).
 */

/** An exact decimal `±digits × 10^exp10`, normalised: `digits` has no trailing zeros, and zero is `0 × 10^0`. */
export interface ExactNumber {
  readonly negative: boolean;
  readonly digits: bigint;
  /** The decimal digits of `digits` (so the value has `size + exp10` digits before the point). */
  readonly size: number;
  readonly exp10: number;
}

const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

const ZERO: ExactNumber = { negative: false, digits: 0n, size: 1, exp10: 0 };

/** The exact value of JSON number text (`-1.50e3`). */
export function exactNumber(text: string): ExactNumber {
  const m = NUMBER_TEXT.exec(text);
  // INVARIANT: callers pass the text of a JSON number (the parser and `formatNumber` produce nothing else).
  if (!m) throw new Error(`not a JSON number: ${text}`);
  const [, sign, int, frac = "", exp = "0"] = m;
  const all = (int! + frac).replace(/^0+/, "");
  const trimmed = all.replace(/0+$/, "");
  if (trimmed === "") return ZERO;
  return {
    negative: sign === "-",
    digits: BigInt(trimmed),
    size: trimmed.length,
    exp10: Number(exp) - frac.length + (all.length - trimmed.length),
  };
}

/** Whether the number is an integer (Go: `big.Rat.IsInt`). */
export function isIntegral(n: ExactNumber): boolean {
  return n.exp10 >= 0;
}

function sign(n: ExactNumber): number {
  return n.digits === 0n ? 0 : n.negative ? -1 : 1;
}

/** Compare two numbers exactly: negative, zero or positive (Go: `big.Rat.Cmp`). */
export function compareExact(a: ExactNumber, b: ExactNumber): number {
  const sa = sign(a);
  const sb = sign(b);
  if (sa !== sb) return sa - sb;
  if (sa === 0) return 0;
  // Different orders of magnitude decide without arithmetic (exponents may be huge).
  const oa = a.size + a.exp10;
  const ob = b.size + b.exp10;
  let magnitude: number;
  if (oa !== ob) {
    magnitude = oa < ob ? -1 : 1;
  } else {
    // Same order: the exponents differ by less than the longer digit string.
    const e = Math.min(a.exp10, b.exp10);
    const x = a.digits * 10n ** BigInt(a.exp10 - e);
    const y = b.digits * 10n ** BigInt(b.exp10 - e);
    magnitude = x < y ? -1 : x > y ? 1 : 0;
  }
  return sa * magnitude;
}

/** Whether `value / divisor` is an integer; `divisor` is positive (gojsonschema's `multipleOf`). */
export function isMultipleOf(value: ExactNumber, divisor: ExactNumber): boolean {
  if (value.digits === 0n) return true;
  const k = value.exp10 - divisor.exp10;
  // value = v·10^k·10^e and divisor = d·10^e with v free of trailing zeros: for k < 0, v would need a factor 10.
  if (k < 0) return false;
  return ((value.digits % divisor.digits) * powMod(10n, k, divisor.digits)) % divisor.digits === 0n;
}

function powMod(base: bigint, exp: number, mod: bigint): bigint {
  let result = 1n % mod;
  let b = base % mod;
  let e = exp;
  while (e > 0) {
    if (e % 2 === 1) result = (result * b) % mod;
    b = (b * b) % mod;
    e = Math.floor(e / 2);
  }
  return result;
}

/**
 * The number as Go's `fmt` prints a `*big.Float` set from it (`%v`, the
 * shortest `%g`): `3`, `0.5`, `100000`, `1e+06`, `1.5e-05`. A `big.Float`
 * made by `SetRat` has at least 64 bits of precision, enough that the
 * shortest form is the number's own digits (for more than about 19
 * significant digits of a non-integer Go may round; not reproduced).
 */
export function formatGoBigFloat(n: ExactNumber): string {
  if (n.digits === 0n) return "0";
  const d = n.digits.toString();
  const point = d.length + n.exp10; // value = 0.d × 10^point
  const exp = point - 1;
  let body: string;
  if (exp < -4 || exp >= 6) {
    const mantissa = d.length > 1 ? `${d[0]}.${d.slice(1)}` : d;
    body = `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  } else if (point <= 0) {
    body = `0.${"0".repeat(-point)}${d}`;
  } else if (point >= d.length) {
    body = d + "0".repeat(point - d.length);
  } else {
    body = `${d.slice(0, point)}.${d.slice(point)}`;
  }
  return n.negative ? `-${body}` : body;
}

/**
 * JSON number text read into a Go `float64` and written back by
 * `encoding/json` (`1.50` → `1.5`, `1e2` → `100`, `1e-7` → `1e-7`);
 * `undefined` when it overflows a `float64` (Go's `Unmarshal` fails).
 */
export function goFloatJson(text: string): string | undefined {
  const f = Number(text);
  if (!Number.isFinite(f)) return undefined;
  if (Object.is(f, -0)) return "-0";
  // Go switches to exponent form below 1e-6 and from 1e21, as JS does; both print the shortest digits.
  return String(f);
}
