import { KeyedObject } from "./keyed-object.js";
import { SetValue } from "./set.js";
import type { ArrayValue, ObjectValue, TypeName, Value } from "./types.js";

/** The Rego type of a value. */
export function typeOf(v: Value): TypeName {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return "boolean";
    case "number":
    case "bigint":
      return "number";
    case "string":
      return "string";
  }
  if (Array.isArray(v)) return "array";
  if (v instanceof SetValue) return "set";
  return "object";
}

/** Rank of each type in OPA's total order: null < boolean < number < string < array < object < set. */
export const TYPE_RANK: Readonly<Record<TypeName, number>> = {
  null: 0,
  boolean: 1,
  number: 2,
  string: 3,
  array: 4,
  object: 5,
  set: 6,
};

/** True for an array. */
export function isArray(v: Value | undefined): v is ArrayValue {
  return Array.isArray(v);
}

/** True for a set. */
export function isSet(v: Value | undefined): v is SetValue {
  return v instanceof SetValue;
}

/** True for an object (plain or keyed). */
export function isObject(v: Value | undefined): v is ObjectValue {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof SetValue);
}

/** True for a keyed object (an object with a non-string key). */
export function isKeyedObject(v: Value | undefined): v is KeyedObject {
  return v instanceof KeyedObject;
}
