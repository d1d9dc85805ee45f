/**
 * Exact parsing of decimal number text (`"12"`, `"-1.5e3"`, `".5"`), for
 * `to_number` and `units.*`: integral values come out exact (as `bigint`
 * beyond 2^53), others as the nearest double.
 */
import { normNumber } from "../value/number.js";
import type { NumberValue } from "../value/types.js";

/** A decimal number as `sign × digits × 10^exp10`. */
export interface Decimal {
  readonly negative: boolean;
  readonly digits: bigint;
  readonly exp10: number;
}

// Go's strconv.ParseFloat decimal syntax: digits with an optional point (either side may be empty, not both), optional exponent.
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parse decimal text (with `allowSign`, a leading `+` or `-`); `undefined` when it is not one. */
export function parseDecimalParts(text: string, allowSign: boolean): Decimal | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign, int = "", frac = "", exp] = m;
  if (int === "" && frac === "") return undefined;
  if (sign !== "" && !allowSign) return undefined;
  const e = Number(exp ?? 0);
  // Beyond any double: too large unless the digits are all zero; too small is zero.
  if (e > 100_000) return /[1-9]/.test(int + frac) ? undefined : { negative: false, digits: 0n, exp10: 0 };
  if (e < -100_000) return { negative: false, digits: 0n, exp10: 0 };
  return { negative: sign === "-", digits: BigInt((int + frac).replace(/^0+(?=\d)/, "") || "0"), exp10: e - frac.length };
}

/**
 * The number `d × 2^exp2`, exact when integral (`bigint` beyond 2^53),
 * otherwise the nearest double; `undefined` when it is too large for a
 * double (beyond ±1.8e308, where Go's ParseFloat reports a range error).
 */
export function decimalToNumber(d: Decimal, exp2 = 0): NumberValue | undefined {
  if (d.digits === 0n) return 0;
  let n = d.digits;
  let exp10 = d.exp10;
  if (exp2 >= 0) n <<= BigInt(exp2);
  // Drop trailing zeros so that integral values are recognised however they are written.
  while (exp10 < 0 && n % 10n === 0n) {
    n /= 10n;
    exp10++;
  }
  if (exp2 < 0) {
    // n × 10^exp10 / 2^-exp2 = n × 5^-exp2 × 10^(exp10 + exp2)
    n *= 5n ** BigInt(-exp2);
    exp10 += exp2;
    while (exp10 < 0 && n % 10n === 0n) {
      n /= 10n;
      exp10++;
    }
  }
  const sign = d.negative ? -1n : 1n;
  if (exp10 >= 0) {
    if (exp10 > 400) return undefined;
    const v = sign * n * 10n ** BigInt(exp10);
    return Number.isFinite(Number(v)) ? normNumber(v) : undefined;
  }
  const f = Number(`${d.negative ? "-" : ""}${n}e${exp10}`);
  return Number.isFinite(f) ? f : undefined;
}

/**
 * The integer part of `d` as OPA's `format_int` computes it: Go's
 * `big.Float.SetString` rounds the text to a 64-bit mantissa (half to even),
 * then `Int` truncates toward zero. Exact for integers of up to 64 bits.
 */
export function truncatedAt64Bits(d: Decimal): bigint {
  if (d.digits === 0n) return 0n;
  let num = d.digits;
  let den = 1n;
  if (d.exp10 >= 0) num *= 10n ** BigInt(d.exp10);
  else den = 10n ** BigInt(-d.exp10);
  // Scale by 2^s so that the quotient has exactly 64 bits, then round it.
  let s = 64 - (bitLength(num) - bitLength(den));
  const quotient = (shift: number): [bigint, bigint, bigint] => {
    const n = shift >= 0 ? num << BigInt(shift) : num;
    const m = shift >= 0 ? den : den << BigInt(-shift);
    return [n / m, n % m, m];
  };
  let [q, r, m] = quotient(s);
  if (q >= 1n << 64n) [q, r, m] = quotient(--s);
  else if (q < 1n << 63n) [q, r, m] = quotient(++s);
  if (2n * r > m || (2n * r === m && (q & 1n) === 1n)) q++;
  const magnitude = s >= 0 ? q >> BigInt(s) : q << BigInt(-s);
  return d.negative ? -magnitude : magnitude;
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}
