/**
 * The Rego value model.
 *
 * Values are JSON-native where JSON can hold them, so a JSON input document
 * *is* a `Value` without conversion (the hot path of `decide` never copies
 * the input):
 *
 * | Rego    | representation |
 * |---------|----------------|
 * | null    | `null` |
 * | boolean | `true` / `false` |
 * | number  | `number` (floats, and integers within ±(2^53−1)); `bigint` for integers beyond, so none loses precision |
 * | string  | `string` |
 * | array   | a JS array (`readonly Value[]`) |
 * | object  | a plain JS object when every key is a string; a `KeyedObject` when some key is not |
 * | set     | a `SetValue` |
 *
 * `undefined` (JS) is Rego's *undefined*: not a value; every operation handles it explicitly.
 * Values are immutable: nothing in the engine mutates a value after building it.
 * Plain objects may come from users (with `Object.prototype`): always read them
 * with `Object.hasOwn`, never `o[k]` alone (see `objectGet`).
 */
import type { KeyedObject } from "./keyed-object.js";
import type { SetValue } from "./set.js";

/** A Rego number: a float or safe integer as `number`, a larger integer as `bigint`. */
export type NumberValue = number | bigint;

/** A Rego array. */
export type ArrayValue = readonly Value[];

/** A Rego object whose keys are all strings, as a plain JS object. */
export interface PlainObject {
  readonly [key: string]: Value;
}

/** A Rego object: plain (string keys) or keyed (any keys). */
export type ObjectValue = PlainObject | KeyedObject;

/** Any Rego value. */
export type Value = null | boolean | NumberValue | string | ArrayValue | ObjectValue | SetValue;

/** The Rego type names, as `type_name` returns them, in OPA's sort order. */
export type TypeName = "null" | "boolean" | "number" | "string" | "array" | "object" | "set";
