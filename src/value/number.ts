import type { NumberValue } from "./types.js";

/**
 * Normalise a number: integers beyond ±(2^53−1) become `bigint`, safe
 * integers held as `bigint` become `number`. Every number the engine produces
 * goes through here, so equal numbers have one representation.
 */
export function normNumber(n: NumberValue): NumberValue {
  if (typeof n === "bigint") {
    return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
  }
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return BigInt(n);
  return n;
}

/** True for a `number` or `bigint`. */
export function isNumber(v: unknown): v is NumberValue {
  return typeof v === "number" || typeof v === "bigint";
}

/** True when `n` is an integer (a `bigint`, or a `number` without a fraction). */
export function isInteger(n: NumberValue): boolean {
  return typeof n === "bigint" || Number.isInteger(n);
}

/** Numeric comparison across `number` and `bigint`: negative, zero or positive. */
export function compareNumbers(a: NumberValue, b: NumberValue): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  // Mixed: compare exactly. A non-integer float is compared through its floor.
  const [x, y, flip] = typeof a === "bigint" ? [a, b as number, 1] : [b as bigint, a as number, -1];
  if (Number.isNaN(y)) return 0;
  if (y === Infinity) return -flip;
  if (y === -Infinity) return flip;
  const fy = Math.floor(y);
  const by = BigInt(fy);
  if (x < by) return -flip;
  if (x > by) return flip;
  return fy === y ? 0 : -flip; // x == floor(y) < y
}

/** True when two numbers are numerically equal. */
export function numbersEqual(a: NumberValue, b: NumberValue): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  return compareNumbers(a, b) === 0;
}

/**
 * Parse a Rego/JSON number literal (`12`, `-3.5e2`, `1000000000000000000001`)
 * without losing integer precision. Returns `undefined` for text that is not a number.
 */
export function parseNumber(raw: string): NumberValue | undefined {
  if (!/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(raw)) return undefined;
  if (/^-?\d+$/.test(raw)) {
    if (raw.length <= 15) return Number(raw);
    return normNumber(BigInt(raw));
  }
  const n = Number(raw);
  if (!Number.isFinite(n)) return undefined;
  // OPA reads number text exactly: `1e30` is 10^30, not the nearest double (1000000000000000019884624838656).
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return normNumber(exactInteger(raw) ?? n);
  return n;
}

/** The integer that decimal text with a fraction or exponent (`1.5e20`) denotes exactly; `undefined` when it has a fraction. */
function exactInteger(raw: string): bigint | undefined {
  const [, sign, int, frac = "", exp = "0"] = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(raw)!;
  let n = BigInt(int! + frac);
  const exp10 = Number(exp) - frac.length;
  if (exp10 >= 0) n *= 10n ** BigInt(exp10);
  else {
    const unit = 10n ** BigInt(-exp10);
    if (n % unit !== 0n) return undefined;
    n /= unit;
  }
  return sign === "-" ? -n : n;
}

/** The text of a number as OPA prints it in JSON (`1`, `0.5`, `1e-18`, big integers in full). */
export function formatNumber(n: NumberValue): string {
  if (typeof n === "bigint") return n.toString();
  if (Object.is(n, -0)) return "0";
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return BigInt(n).toString();
  // JS prints exponents as `1e+21`; JSON accepts both, and this is what JSON.stringify produces.
  return String(n);
}

/** A number as a JS float (loses precision for big integers; for built-ins that are defined on floats). */
export function toFloat(n: NumberValue): number {
  return typeof n === "bigint" ? Number(n) : n;
}
