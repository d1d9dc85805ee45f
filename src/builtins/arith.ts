/**
 * Rego arithmetic on `NumberValue`s, exported as plain functions so that the
 * interpreter's operators and compiled evaluators call them directly.
 *
 * Integers are exact: a sum or product of safe integers that leaves the safe
 * range is recomputed with `bigint` (`1000000000000000000000 + 1` is
 * `1000000000000000000001`). Anything involving a non-integer is IEEE double
 * arithmetic, as OPA's results show (`0.1 + 0.2` is `0.30000000000000004`).
 * Every result goes through `normNumber`, so equal numbers share one form.
 */
import { normNumber } from "../value/number.js";
import type { NumberValue } from "../value/types.js";
import { builtinError } from "./operands.js";
import { BuiltinError } from "./types.js";

// INVARIANT: operands are normalised (a `bigint` is never within the safe range,
// a `number` is never an unsafe integer), so a non-integer is always a `number`.

/** `a + b` */
export function add(a: NumberValue, b: NumberValue): NumberValue {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isSafeInteger(r) || !Number.isInteger(a) || !Number.isInteger(b)) return fromFloat(r);
    return normNumber(BigInt(a) + BigInt(b));
  }
  if (isIntegral(a) && isIntegral(b)) return normNumber(BigInt(a) + BigInt(b));
  return fromFloat(Number(a) + Number(b));
}

/** `a - b` */
export function sub(a: NumberValue, b: NumberValue): NumberValue {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (Number.isSafeInteger(r) || !Number.isInteger(a) || !Number.isInteger(b)) return fromFloat(r);
    return normNumber(BigInt(a) - BigInt(b));
  }
  if (isIntegral(a) && isIntegral(b)) return normNumber(BigInt(a) - BigInt(b));
  return fromFloat(Number(a) - Number(b));
}

/** `a * b` */
export function mul(a: NumberValue, b: NumberValue): NumberValue {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    // A true product beyond 2^53 cannot round back into the safe range, so a safe `r` is exact.
    if (Number.isSafeInteger(r) || !Number.isInteger(a) || !Number.isInteger(b)) return fromFloat(r);
    return normNumber(BigInt(a) * BigInt(b));
  }
  if (isIntegral(a) && isIntegral(b)) return normNumber(BigInt(a) * BigInt(b));
  return fromFloat(Number(a) * Number(b));
}

/** `a / b`; throws `div: divide by zero` (blaming argument 1). Exact when both are integers and `b` divides `a`. */
export function div(a: NumberValue, b: NumberValue): NumberValue {
  if (b === 0 || b === 0n) throw builtinError("div", "divide by zero", 1);
  if (typeof a === "number" && typeof b === "number") return fromFloat(a / b);
  if (isIntegral(a) && isIntegral(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    if (x % y === 0n) return normNumber(x / y);
  }
  return fromFloat(Number(a) / Number(b));
}

/**
 * `a % b` on integers, truncated toward zero like Go (`-7 % 3` is `-1`).
 * Throws `rem: modulo by zero`, or `rem: modulo on floating-point number`
 * when either operand has a fraction.
 */
export function rem(a: NumberValue, b: NumberValue): NumberValue {
  if (!isIntegral(a)) throw builtinError("rem", "modulo on floating-point number", 0);
  if (!isIntegral(b)) throw builtinError("rem", "modulo on floating-point number", 1);
  if (b === 0 || b === 0n) throw builtinError("rem", "modulo by zero", 1);
  if (typeof a === "number" && typeof b === "number") return fromFloat(a % b);
  return normNumber(BigInt(a) % BigInt(b));
}

/** `-a` */
export function negate(a: NumberValue): NumberValue {
  return typeof a === "bigint" ? normNumber(-a) : fromFloat(-a);
}

/** `|a|` */
export function abs(a: NumberValue): NumberValue {
  return typeof a === "bigint" ? (a < 0n ? -a : a) : fromFloat(Math.abs(a));
}

function isIntegral(n: NumberValue): boolean {
  return typeof n === "bigint" || Number.isInteger(n);
}

/** A float result as a `NumberValue`: no negative zero (OPA prints `0`), big integral results become `bigint`. */
export function fromFloat(r: number): NumberValue {
  if (r === 0) return 0;
  // Only reachable by mixing a huge integer with a fraction, or dividing by a tiny fraction.
  if (!Number.isFinite(r)) throw new BuiltinError("arithmetic result is too large for a floating-point number", undefined, "builtin_error");
  return Number.isInteger(r) && !Number.isSafeInteger(r) ? BigInt(r) : r;
}
