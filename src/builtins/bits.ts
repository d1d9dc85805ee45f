/**
 * The `bits` family: bitwise operations on integers of any size, with Go
 * `big.Int` semantics (two's complement for negatives, arithmetic right shift).
 */
import { normNumber } from "../value/number.js";
import type { NumberValue } from "../value/types.js";
import { bigIntOperand, builtinError } from "./operands.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

/** The largest shift `bits.lsh` accepts; a larger one would build an integer of gigabytes. */
export const MAX_SHIFT = 1 << 20;

function binary(name: string, description: string, op: (x: bigint, y: bigint) => bigint, op32: (x: number, y: number) => number): BuiltinDef {
  return defineBuiltin({
    name,
    family: "bits",
    description,
    args: [
      { name: "x", type: "number" },
      { name: "y", type: "number" },
    ],
    result: "number",
    deterministic: true,
    impl: (args) => {
      const x = args[0] as NumberValue;
      const y = args[1] as NumberValue;
      // Fast path: 32-bit integers, where JS's bit operators are exact.
      if (typeof x === "number" && typeof y === "number" && (x | 0) === x && (y | 0) === y) {
        return op32(x, y);
      }
      return normNumber(op(bigIntOperand(name, x, 0), bigIntOperand(name, y, 1)));
    },
  });
}

/** `bits.and(x, y)`: `x & y`. */
export const bitsAnd = binary("bits.and", "the bitwise and of two integers", (x, y) => x & y, (x, y) => x & y);
/** `bits.or(x, y)`: `x | y`. */
export const bitsOr = binary("bits.or", "the bitwise or of two integers", (x, y) => x | y, (x, y) => x | y);
/** `bits.xor(x, y)`: `x ^ y`. */
export const bitsXor = binary("bits.xor", "the bitwise exclusive or of two integers", (x, y) => x ^ y, (x, y) => x ^ y);

/** `bits.negate(x)`: `~x` (that is `-x - 1`). */
export const bitsNegate = defineBuiltin({
  name: "bits.negate",
  family: "bits",
  description: "the bitwise complement of an integer (-x - 1)",
  args: [{ name: "x", type: "number" }],
  result: "number",
  deterministic: true,
  impl: (args) => normNumber(~bigIntOperand("bits.negate", args[0] as NumberValue, 0)),
});

function shift(name: string, description: string, op: (x: bigint, s: bigint) => bigint): BuiltinDef {
  return defineBuiltin({
    name,
    family: "bits",
    description,
    args: [
      { name: "x", type: "number" },
      { name: "s", type: "number" },
    ],
    result: "number",
    deterministic: true,
    impl: (args) => {
      const x = bigIntOperand(name, args[0] as NumberValue, 0);
      const s = bigIntOperand(name, args[1] as NumberValue, 1);
      if (s < 0n) throw builtinError(name, "operand 2 must be unsigned integer number but got negative integer", 1);
      if (s > BigInt(MAX_SHIFT)) {
        if (name === "bits.rsh") return x < 0n ? -1 : 0;
        throw builtinError(name, `shift of ${s} bits is larger than the limit of ${MAX_SHIFT}`, 1);
      }
      return normNumber(op(x, s));
    },
  });
}

/** `bits.lsh(x, s)`: `x << s`. */
export const bitsLsh = shift("bits.lsh", "x shifted left by s bits", (x, s) => x << s);
/** `bits.rsh(x, s)`: `x >> s` (arithmetic: negative numbers stay negative). */
export const bitsRsh = shift("bits.rsh", "x shifted right by s bits (arithmetic shift)", (x, s) => x >> s);

/** The `bits` family. */
export const BITS: readonly BuiltinDef[] = [bitsAnd, bitsOr, bitsXor, bitsNegate, bitsLsh, bitsRsh];
