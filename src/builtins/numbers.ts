/**
 * The `numbers` family: the arithmetic operators (`+ - * / %` are the
 * built-ins `plus`, `minus`, `mul`, `div`, `rem`), rounding, and ranges.
 * The arithmetic itself lives in `arith.ts` (`add`, `sub`, `mul`, `div`,
 * `rem`), which compiled evaluators import directly.
 */
import { SetValue } from "../value/set.js";
import type { NumberValue, Value } from "../value/types.js";
import { abs as absNumber, add, div as divide, fromFloat, mul as multiply, rem as remainder, sub } from "./arith.js";
import { bigIntOperand, builtinError, operandTypeError } from "./operands.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

/** The longest array `numbers.range` and `numbers.range_step` build; beyond it they fail rather than exhaust memory. */
export const MAX_RANGE_LENGTH = 10_000_000;

/** `plus(x, y)`: `x + y`. */
export const plus = defineBuiltin({
  name: "plus",
  family: "numbers",
  description: "x + y",
  args: [
    { name: "x", type: "number" },
    { name: "y", type: "number" },
  ],
  result: "number",
  deterministic: true,
  impl: (args) => add(args[0] as NumberValue, args[1] as NumberValue),
});

/** `minus(x, y)`: `x - y` on numbers, set difference on sets. */
export const minus = defineBuiltin({
  name: "minus",
  family: "numbers",
  description: "x - y on numbers; the elements of set x that are not in set y",
  args: [
    { name: "x", type: ["number", "set"] },
    { name: "y", type: ["number", "set"] },
  ],
  result: ["number", "set"],
  deterministic: true,
  impl: (args) => {
    const [x, y] = args as [Value, Value];
    if (x instanceof SetValue) {
      if (y instanceof SetValue) return x.difference(y);
      throw operandTypeError("minus", 1, "set", y);
    }
    if (y instanceof SetValue) throw operandTypeError("minus", 1, "number", y);
    return sub(x as NumberValue, y as NumberValue);
  },
});

/** `mul(x, y)`: `x * y`. */
export const mul = defineBuiltin({
  name: "mul",
  family: "numbers",
  description: "x * y",
  args: [
    { name: "x", type: "number" },
    { name: "y", type: "number" },
  ],
  result: "number",
  deterministic: true,
  impl: (args) => multiply(args[0] as NumberValue, args[1] as NumberValue),
});

/** `div(x, y)`: `x / y`; dividing by zero is an error. */
export const div = defineBuiltin({
  name: "div",
  family: "numbers",
  description: "x / y; an error when y is zero",
  args: [
    { name: "x", type: "number" },
    { name: "y", type: "number" },
  ],
  result: "number",
  deterministic: true,
  impl: (args) => divide(args[0] as NumberValue, args[1] as NumberValue),
});

/** `rem(x, y)`: `x % y` on integers. */
export const rem = defineBuiltin({
  name: "rem",
  family: "numbers",
  description: "the remainder of x / y, truncated toward zero; both must be integers and y non-zero",
  args: [
    { name: "x", type: "number" },
    { name: "y", type: "number" },
  ],
  result: "number",
  deterministic: true,
  impl: (args) => remainder(args[0] as NumberValue, args[1] as NumberValue),
});

/** `abs(x)` */
export const abs = defineBuiltin({
  name: "abs",
  family: "numbers",
  description: "the absolute value of x",
  args: [{ name: "x", type: "number" }],
  result: "number",
  deterministic: true,
  impl: (args) => absNumber(args[0] as NumberValue),
});

/** `ceil(x)`: rounded up. */
export const ceil = defineBuiltin({
  name: "ceil",
  family: "numbers",
  description: "x rounded up to an integer",
  args: [{ name: "x", type: "number" }],
  result: "number",
  deterministic: true,
  impl: (args) => roundWith(args[0] as NumberValue, Math.ceil),
});

/** `floor(x)`: rounded down. */
export const floor = defineBuiltin({
  name: "floor",
  family: "numbers",
  description: "x rounded down to an integer",
  args: [{ name: "x", type: "number" }],
  result: "number",
  deterministic: true,
  impl: (args) => roundWith(args[0] as NumberValue, Math.floor),
});

/** `round(x)`: to the nearest integer, halves away from zero (`round(-9.5)` is `-10`). */
export const round = defineBuiltin({
  name: "round",
  family: "numbers",
  description: "x rounded to the nearest integer, halves away from zero",
  args: [{ name: "x", type: "number" }],
  result: "number",
  deterministic: true,
  // Math.round rounds halves up; applied to |x| that is away from zero.
  impl: (args) => roundWith(args[0] as NumberValue, (x) => (x < 0 ? -Math.round(-x) : Math.round(x))),
});

function roundWith(x: NumberValue, f: (x: number) => number): NumberValue {
  return typeof x === "bigint" || Number.isInteger(x) ? x : fromFloat(f(x));
}

/** `numbers.range(a, b)`: the integers from a to b inclusive, descending when a > b. */
export const numbersRange = defineBuiltin({
  name: "numbers.range",
  family: "numbers",
  description: "the integers from a to b, both included; descending when a > b",
  args: [
    { name: "a", type: "number" },
    { name: "b", type: "number" },
  ],
  result: "array",
  deterministic: true,
  impl: (args) => {
    const a = bigIntOperand("numbers.range", args[0] as NumberValue, 0);
    const b = bigIntOperand("numbers.range", args[1] as NumberValue, 1);
    return range("numbers.range", a, b, 1n);
  },
});

/** `numbers.range_step(a, b, step)`: from a toward b by a positive step, b included when reached. */
export const numbersRangeStep = defineBuiltin({
  name: "numbers.range_step",
  family: "numbers",
  description: "the integers from a toward b in steps of step (positive), b included when reached",
  args: [
    { name: "a", type: "number" },
    { name: "b", type: "number" },
    { name: "step", type: "number" },
  ],
  result: "array",
  deterministic: true,
  impl: (args) => {
    const a = bigIntOperand("numbers.range_step", args[0] as NumberValue, 0);
    const b = bigIntOperand("numbers.range_step", args[1] as NumberValue, 1);
    const step = bigIntOperand("numbers.range_step", args[2] as NumberValue, 2);
    if (step <= 0n) throw builtinError("numbers.range_step", "step must be a positive number above zero", 2);
    return range("numbers.range_step", a, b, step);
  },
});

function range(name: string, a: bigint, b: bigint, step: bigint): NumberValue[] {
  const span = a <= b ? b - a : a - b;
  const length = span / step + 1n;
  if (length > BigInt(MAX_RANGE_LENGTH)) {
    throw builtinError(name, `range of ${length} numbers is longer than the limit of ${MAX_RANGE_LENGTH}`);
  }
  const n = Number(length);
  const out: NumberValue[] = new Array(n);
  if (span <= MAX_SAFE && a >= -MAX_SAFE && a <= MAX_SAFE && b >= -MAX_SAFE && b <= MAX_SAFE) {
    // Every i * step is at most the span and every value lies between a and b: all safe integers.
    const x = Number(a);
    const s = a <= b ? Number(step) : -Number(step);
    for (let i = 0; i < n; i++) out[i] = x + i * s;
    return out;
  }
  const s = a <= b ? step : -step;
  for (let i = 0; i < n; i++) out[i] = fromBig(a + BigInt(i) * s);
  return out;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function fromBig(n: bigint): NumberValue {
  return n >= -MAX_SAFE && n <= MAX_SAFE ? Number(n) : n;
}

/** The `numbers` family. */
export const NUMBERS: readonly BuiltinDef[] = [plus, minus, mul, div, rem, abs, ceil, floor, round, numbersRange, numbersRangeStep];
