/**
 * Argument checks that go deeper than `callBuiltin`'s declared top-level
 * types (an integer where a number is accepted, an array of strings), with
 * OPA's wording: `operand 2 must be integer number but got floating-point
 * number`, `operand 1 must be array of number but got array containing string`.
 * Every error names the argument at fault so the caller can point at it.
 */
import { SetValue } from "../value/set.js";
import { typeOf } from "../value/type-of.js";
import type { ArrayValue, NumberValue, Value } from "../value/types.js";
import { BuiltinError } from "./types.js";

/** A `builtin_error` for argument `argIndex` of built-in `name`, prefixed with the name as OPA does. */
export function builtinError(name: string, message: string, argIndex?: number): BuiltinError {
  return new BuiltinError(`${name}: ${message}`, argIndex, "builtin_error");
}

/** A `type_error` for argument `argIndex`: `name: operand N must be EXPECTED but got TYPE`. */
export function operandTypeError(name: string, argIndex: number, expected: string, got: Value): BuiltinError {
  return new BuiltinError(`${name}: operand ${argIndex + 1} must be ${expected} but got ${typeOf(got)}`, argIndex, "type_error");
}

/** An error about one element of a collection argument: `operand 1 must be array of number but got array containing string`. */
export function elementTypeError(name: string, argIndex: number, collection: Value, element: Value, expected: string): BuiltinError {
  const kind = typeOf(collection);
  return new BuiltinError(
    `${name}: operand ${argIndex + 1} must be ${kind} of ${expected} but got ${kind} containing ${typeOf(element)}`,
    argIndex,
    "type_error",
  );
}

/** The elements of an array or a set (a set's in canonical order), without copying an array. */
export function elementsOf(v: ArrayValue | SetValue): readonly Value[] {
  return v instanceof SetValue ? v.sorted() : v;
}

/** A number that must be an integer, as a `bigint` (OPA's `BigIntOperand`). */
export function bigIntOperand(name: string, v: NumberValue, argIndex: number): bigint {
  if (typeof v === "bigint") return v;
  if (!Number.isInteger(v)) throw notInteger(name, argIndex);
  return BigInt(v);
}

/**
 * A number that must be an integer of 64 bits (OPA's `IntOperand`, a Go
 * `int`), for counts and indexes. Beyond 64 bits OPA reports it as a float,
 * and so does this. One beyond JS's safe range comes back rounded: as a
 * count or an index it is past the end of anything either way.
 */
export function intOperand(name: string, v: NumberValue, argIndex: number): number {
  if (typeof v === "bigint") {
    if (v < INT64_MIN || v > INT64_MAX) throw notInteger(name, argIndex);
    return Number(v);
  }
  if (!Number.isInteger(v) || Math.abs(v) >= 2 ** 63) throw notInteger(name, argIndex);
  return v;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function notInteger(name: string, argIndex: number): BuiltinError {
  return new BuiltinError(`${name}: operand ${argIndex + 1} must be integer number but got floating-point number`, argIndex, "type_error");
}

/** The strings of an array or set argument; an element of another type is a `type_error`. */
export function stringElements(name: string, v: ArrayValue | SetValue, argIndex: number): string[] {
  const items = elementsOf(v);
  const out: string[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const x = items[i]!;
    if (typeof x !== "string") throw elementTypeError(name, argIndex, v, x, "string");
    out[i] = x;
  }
  return out;
}
