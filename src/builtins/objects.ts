/**
 * The `objects` family: `object.get`, `object.keys`, `object.remove`,
 * `object.filter`, `object.union`, `object.union_n`, `object.subset`.
 * (`json.filter`, `json.remove` and `json.patch` live in `json-docs.ts`.)
 */
import { equal } from "../value/compare.js";
import { KeyedObject, ObjectBuilder, setOwn } from "../value/keyed-object.js";
import { objectGet } from "../value/object.js";
import { SetValue } from "../value/set.js";
import { isObject } from "../value/type-of.js";
import type { ArrayValue, ObjectValue, PlainObject, Value } from "../value/types.js";
import { ValueMap } from "../value/value-map.js";
import { elementTypeError, elementsOf } from "./operands.js";
import { BuiltinError, defineBuiltin, type BuiltinDef } from "./types.js";

/** The entries of an object, in no particular order (cheaper than `objectEntries`, which sorts). */
function forEachEntry(o: ObjectValue, f: (k: Value, v: Value) => void): void {
  if (o instanceof KeyedObject) {
    for (const [k, v] of o.entries()) f(k, v);
    return;
  }
  for (const k of Object.keys(o)) f(k, (o as PlainObject)[k]!);
}

/**
 * `object.get(obj, key, default)`: `obj[key]`, or default when there is no
 * such key. An array key is a path (`["a", 0, "b"]` is `obj.a[0].b`),
 * through objects, arrays (integer indices) and sets (elements); `[]` is obj itself.
 */
export const objectGetBuiltin = defineBuiltin({
  name: "object.get",
  family: "objects",
  description: "obj[key] (or the value at path key, when key is an array), or default when there is none",
  args: [
    { name: "obj", type: "object" },
    { name: "key", type: "any" },
    { name: "default", type: "any" },
  ],
  result: "any",
  deterministic: true,
  impl: (args) => {
    const [obj, key, dflt] = args as [ObjectValue, Value, Value];
    if (!Array.isArray(key)) {
      // A key present with the value null is present: only a missing key takes the default.
      const v = objectGet(obj, key);
      return v === undefined ? dflt : v;
    }
    let cur: Value = obj;
    for (const step of key as ArrayValue) {
      const next = child(cur, step);
      if (next === undefined) return dflt;
      cur = next;
    }
    return cur;
  },
});

function child(v: Value, step: Value): Value | undefined {
  if (v === null || typeof v !== "object") return undefined;
  if (Array.isArray(v)) {
    return typeof step === "number" && Number.isInteger(step) && step >= 0 && step < v.length ? (v[step] as Value) : undefined;
  }
  if (v instanceof SetValue) return v.has(step) ? step : undefined;
  return objectGet(v as ObjectValue, step);
}

/** `object.keys(obj)`: the set of obj's keys. */
export const objectKeys = defineBuiltin({
  name: "object.keys",
  family: "objects",
  description: "the set of the keys of obj",
  args: [{ name: "obj", type: "object" }],
  result: "set",
  deterministic: true,
  impl: (args) => {
    const o = args[0] as ObjectValue;
    return SetValue.from(o instanceof KeyedObject ? o.entries().map((e) => e[0]) : Object.keys(o));
  },
});

/** The keys named by an array, a set, or an object (its keys), as a lookup. */
function keySet(keys: ArrayValue | SetValue | ObjectValue): { has(k: Value): boolean } {
  if (keys instanceof SetValue) return keys;
  const m = new ValueMap<true>();
  if (Array.isArray(keys)) for (const k of keys as ArrayValue) m.set(k, true);
  else forEachEntry(keys as ObjectValue, (k) => m.set(k, true));
  return m;
}

/** Build an object from the entries of `o` that `keep` accepts. */
function selectEntries(o: ObjectValue, keep: (k: Value) => boolean): ObjectValue {
  if (o instanceof KeyedObject) {
    const b = new ObjectBuilder();
    for (const [k, v] of o.entries()) if (keep(k)) b.set(k, v);
    return b.build();
  }
  const out: Record<string, Value> = {};
  for (const k of Object.keys(o)) if (keep(k)) setOwn(out, k, (o as PlainObject)[k]!);
  return out;
}

/** `object.remove(obj, keys)`: obj without the given keys (keys: an array, a set, or an object's keys). */
export const objectRemove = defineBuiltin({
  name: "object.remove",
  family: "objects",
  description: "obj without the keys listed in an array, a set, or the keys of an object",
  args: [
    { name: "obj", type: "object" },
    { name: "keys", type: ["array", "object", "set"] },
  ],
  result: "object",
  deterministic: true,
  impl: (args) => {
    const remove = keySet(args[1] as ArrayValue | SetValue | ObjectValue);
    return selectEntries(args[0] as ObjectValue, (k) => !remove.has(k));
  },
});

/** `object.filter(obj, keys)`: obj with only the given keys (keys: an array, a set, or an object's keys). */
export const objectFilter = defineBuiltin({
  name: "object.filter",
  family: "objects",
  description: "obj with only the keys listed in an array, a set, or the keys of an object",
  args: [
    { name: "obj", type: "object" },
    { name: "keys", type: ["array", "object", "set"] },
  ],
  result: "object",
  deterministic: true,
  impl: (args) => {
    const keep = keySet(args[1] as ArrayValue | SetValue | ObjectValue);
    return selectEntries(args[0] as ObjectValue, (k) => keep.has(k));
  },
});

/**
 * Merge b into a: keys of both whose values are both objects merge
 * recursively; otherwise b's value wins.
 */
export function mergeObjects(a: ObjectValue, b: ObjectValue): ObjectValue {
  if (!(a instanceof KeyedObject) && !(b instanceof KeyedObject)) {
    const out: Record<string, Value> = {};
    for (const k of Object.keys(a)) setOwn(out, k, (a as PlainObject)[k]!);
    for (const k of Object.keys(b)) {
      const v = (b as PlainObject)[k]!;
      const prev = Object.hasOwn(out, k) ? out[k] : undefined;
      setOwn(out, k, prev !== undefined && isObject(prev) && isObject(v) ? mergeObjects(prev, v) : v);
    }
    return out;
  }
  const builder = new ObjectBuilder();
  forEachEntry(a, (k, v) => builder.set(k, v));
  forEachEntry(b, (k, v) => {
    const prev = builder.get(k);
    builder.set(k, prev !== undefined && isObject(prev) && isObject(v) ? mergeObjects(prev, v) : v);
  });
  return builder.build();
}

/** `object.union(a, b)`: a and b merged recursively, b's values winning. */
export const objectUnion = defineBuiltin({
  name: "object.union",
  family: "objects",
  description: "a and b merged recursively; where both have a key and the values are not both objects, b's value wins",
  args: [
    { name: "a", type: "object" },
    { name: "b", type: "object" },
  ],
  result: "object",
  deterministic: true,
  impl: (args) => mergeObjects(args[0] as ObjectValue, args[1] as ObjectValue),
});

/** `object.union_n(objects)`: the objects of an array merged left to right, as `object.union`. */
export const objectUnionN = defineBuiltin({
  name: "object.union_n",
  family: "objects",
  description: "the objects of an array merged recursively from left to right (later values win)",
  args: [{ name: "objects", type: "array" }],
  result: "object",
  deterministic: true,
  impl: (args) => {
    const list = args[0] as ArrayValue;
    let acc: ObjectValue = {};
    for (const o of list) {
      if (!isObject(o)) throw elementTypeError("object.union_n", 0, list, o, "object");
      acc = mergeObjects(acc, o);
    }
    return acc;
  },
});

/**
 * `object.subset(super, sub)`: objects — every key of sub is in super with an
 * equal value, recursing into values that are both objects (and comparing
 * values that are both sets as sets); sets — every element of sub (a set or
 * an array) is in super; arrays — sub appears contiguously in super; an
 * array super and a set sub — every element of sub is in super.
 */
export const objectSubset = defineBuiltin({
  name: "object.subset",
  family: "objects",
  description: "whether sub is a subset of super (objects recursively, sets by element, arrays as a contiguous run)",
  args: [
    { name: "super", type: ["array", "object", "set"] },
    { name: "sub", type: ["array", "object", "set"] },
  ],
  result: "boolean",
  deterministic: true,
  impl: (args) => {
    const [sup, sub] = args as [Value, Value];
    if (isObject(sup) && isObject(sub)) return isObjectSubset(sup, sub);
    if (sup instanceof SetValue && (sub instanceof SetValue || Array.isArray(sub))) {
      return elementsOf(sub as ArrayValue | SetValue).every((x) => sup.has(x));
    }
    if (Array.isArray(sup) && Array.isArray(sub)) return isContiguousRun(sup as ArrayValue, sub as ArrayValue);
    if (Array.isArray(sup) && sub instanceof SetValue) {
      const have = SetValue.from(sup as ArrayValue);
      return sub.sorted().every((x) => have.has(x));
    }
    // OPA's wording, and an operand error, which OPA reports as a type error.
    throw new BuiltinError("object.subset: both arguments to object.subset must be of the same type or array and set", 1, "type_error");
  },
});

function isObjectSubset(sup: ObjectValue, sub: ObjectValue): boolean {
  let ok = true;
  forEachEntry(sub, (k, v) => {
    if (!ok) return;
    const w = objectGet(sup, k);
    if (w === undefined) ok = false;
    else if (equal(v, w)) return;
    else if (isObject(w) && isObject(v)) ok = isObjectSubset(w, v);
    else if (w instanceof SetValue && v instanceof SetValue) ok = v.sorted().every((x) => w.has(x));
    else ok = false;
  });
  return ok;
}

function isContiguousRun(sup: ArrayValue, sub: ArrayValue): boolean {
  if (sub.length === 0) return true;
  for (let i = 0; i + sub.length <= sup.length; i++) {
    let j = 0;
    while (j < sub.length && equal(sup[i + j] as Value, sub[j] as Value)) j++;
    if (j === sub.length) return true;
  }
  return false;
}

/** The `objects` family. */
export const OBJECTS: readonly BuiltinDef[] = [objectGetBuiltin, objectKeys, objectRemove, objectFilter, objectUnion, objectUnionN, objectSubset];
