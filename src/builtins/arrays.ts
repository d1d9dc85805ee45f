/** The `arrays` family: `array.concat`, `array.slice`, `array.reverse`. */
import type { ArrayValue, NumberValue } from "../value/types.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

/** `array.concat(a, b)`: the elements of a, then those of b. */
export const arrayConcat = defineBuiltin({
  name: "array.concat",
  family: "arrays",
  description: "the elements of a followed by those of b",
  args: [
    { name: "a", type: "array" },
    { name: "b", type: "array" },
  ],
  result: "array",
  deterministic: true,
  impl: (args) => {
    const a = args[0] as ArrayValue;
    const b = args[1] as ArrayValue;
    if (b.length === 0) return a;
    if (a.length === 0) return b;
    return a.concat(b);
  },
});

/**
 * `array.slice(a, start, stop)`: the elements from index start up to, not
 * including, stop. Indices are clamped to the array (a negative start is 0,
 * a stop past the end is the end); start past stop gives `[]`.
 *
 * A non-integer index makes the call undefined: OPA's default (non-strict)
 * result, and what the conformance suite expects.
 */
export const arraySlice = defineBuiltin({
  name: "array.slice",
  family: "arrays",
  description: "the elements of a from index start up to (not including) stop, clamped to the array",
  args: [
    { name: "a", type: "array" },
    { name: "start", type: "number" },
    { name: "stop", type: "number" },
  ],
  result: "array",
  deterministic: true,
  impl: (args) => {
    const a = args[0] as ArrayValue;
    const start = clampIndex(args[1] as NumberValue, a.length);
    const stop = clampIndex(args[2] as NumberValue, a.length);
    if (start === undefined || stop === undefined) return undefined;
    if (start >= stop) return [];
    if (start === 0 && stop === a.length) return a;
    return a.slice(start, stop);
  },
});

function clampIndex(n: NumberValue, length: number): number | undefined {
  if (typeof n === "bigint") return n < 0n ? 0 : length;
  if (!Number.isInteger(n)) return undefined;
  return n < 0 ? 0 : n > length ? length : n;
}

/** `array.reverse(a)`: the elements of a in reverse order. */
export const arrayReverse = defineBuiltin({
  name: "array.reverse",
  family: "arrays",
  description: "the elements of a in reverse order",
  args: [{ name: "a", type: "array" }],
  result: "array",
  deterministic: true,
  impl: (args) => [...(args[0] as ArrayValue)].reverse(),
});

/** The `arrays` family. */
export const ARRAYS: readonly BuiltinDef[] = [arrayConcat, arraySlice, arrayReverse];
