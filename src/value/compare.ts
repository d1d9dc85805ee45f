import { compareNumbers, numbersEqual } from "./number.js";
import { objectEntries, objectGet, objectSize } from "./object.js";
import { SetValue } from "./set.js";
import { compareStrings } from "./strings.js";
import { TYPE_RANK, typeOf } from "./type-of.js";
import { KeyedObject } from "./keyed-object.js";
import type { ArrayValue, NumberValue, ObjectValue, PlainObject, Value } from "./types.js";

/**
 * OPA's total order over all values: by type (null < boolean < number <
 * string < array < object < set), then within the type — numbers
 * numerically, strings by code point, arrays and sets element-wise then by
 * length, objects key by key (sorted) then by size.
 */
export function compare(a: Value, b: Value): number {
  if (a === b) return 0;
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta !== tb) return TYPE_RANK[ta] - TYPE_RANK[tb];
  switch (ta) {
    case "null":
      return 0;
    case "boolean":
      return (a ? 1 : 0) - (b ? 1 : 0);
    case "number":
      return compareNumbers(a as NumberValue, b as NumberValue);
    case "string":
      return compareStrings(a as string, b as string);
    case "array":
      return compareSequences(a as ArrayValue, b as ArrayValue);
    case "set":
      return compareSequences((a as SetValue).sorted(), (b as SetValue).sorted());
    case "object": {
      const ea = objectEntries(a as ObjectValue);
      const eb = objectEntries(b as ObjectValue);
      const n = Math.min(ea.length, eb.length);
      for (let i = 0; i < n; i++) {
        const c = compare(ea[i]![0], eb[i]![0]) || compare(ea[i]![1], eb[i]![1]);
        if (c !== 0) return c;
      }
      return ea.length - eb.length;
    }
  }
}

function compareSequences(a: readonly Value[], b: readonly Value[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compare(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Rego equality (`1 == 1.0`; objects and sets regardless of order). Faster than `compare(a, b) === 0`. */
export function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if (ta !== "object" || a === null || b === null || typeof b !== "object") {
    if ((ta === "number" || ta === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
      return numbersEqual(a as NumberValue, b);
    }
    return false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i] as Value, b[i] as Value)) return false;
    return true;
  }
  if (a instanceof SetValue) {
    if (!(b instanceof SetValue) || a.size !== b.size) return false;
    for (const x of a) if (!b.has(x)) return false;
    return true;
  }
  if (Array.isArray(b) || b instanceof SetValue) return false;
  const oa = a as ObjectValue;
  const ob = b as ObjectValue;
  if (!(oa instanceof KeyedObject) && !(ob instanceof KeyedObject)) {
    // Both plain: no need to sort keys.
    const keys = Object.keys(oa);
    if (keys.length !== Object.keys(ob).length) return false;
    for (const k of keys) {
      if (!Object.hasOwn(ob, k) || !equal((oa as PlainObject)[k]!, (ob as PlainObject)[k]!)) return false;
    }
    return true;
  }
  if (objectSize(oa) !== objectSize(ob)) return false;
  for (const [k, v] of objectEntries(oa)) {
    const w = objectGet(ob, k);
    if (w === undefined || !equal(v, w)) return false;
  }
  return true;
}
