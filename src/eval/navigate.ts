/**
 * Looking up and iterating collections, as refs do: `x[k]` and `x[k]` with
 * `k` unbound. Iteration follows canonical order (arrays by index, objects by
 * sorted key, sets sorted), so solutions come out deterministically.
 */
import { KeyedObject } from "../value/keyed-object.js";
import { objectEntries } from "../value/object.js";
import { SetValue } from "../value/set.js";
import type { PlainObject, Value } from "../value/types.js";
import { ObjectCache } from "../value/object-cache.js";

/** `coll[key]`, or `undefined` (a missing key, an index out of range, a scalar). */
export function getKey(coll: Value, key: Value): Value | undefined {
  if (coll === null || typeof coll !== "object") return undefined;
  if (Array.isArray(coll)) {
    if (typeof key === "number") return Number.isInteger(key) && key >= 0 ? coll[key] : undefined;
    if (typeof key === "bigint") return key >= 0n && key < BigInt(coll.length) ? coll[Number(key)] : undefined;
    return undefined;
  }
  if (coll instanceof SetValue) return coll.has(key) ? key : undefined;
  if (coll instanceof KeyedObject) return coll.get(key);
  if (typeof key !== "string" || !Object.hasOwn(coll, key)) return undefined;
  return (coll as PlainObject)[key];
}

/** `coll[path[0]][path[1]]…` for a constant string path. */
export function getPath(v: Value | undefined, path: readonly string[], from = 0): Value | undefined {
  for (let i = from; i < path.length && v !== undefined; i++) v = getKey(v, path[i]!);
  return v;
}

/** True for values that can be iterated (arrays, objects, sets). */
export function isCollection(v: Value): boolean {
  return v !== null && typeof v === "object";
}

/** Call `k(key, value)` for each element in canonical order until it returns `true`; returns whether it did. */
export function forEachEntry(coll: Value, k: (key: Value, value: Value) => boolean): boolean {
  if (coll === null || typeof coll !== "object") return false;
  if (Array.isArray(coll)) {
    for (let i = 0; i < coll.length; i++) if (k(i, coll[i] as Value)) return true;
    return false;
  }
  if (coll instanceof SetValue) {
    for (const x of coll.sorted()) if (k(x, x)) return true;
    return false;
  }
  const entries = sortedEntries(coll as PlainObject | KeyedObject);
  for (let i = 0; i < entries.length; i++) if (k(entries[i]![0], entries[i]![1])) return true;
  return false;
}

// Rules that iterate the same object (labels, annotations) sort its keys once, for as long as it
// cannot have changed (see `value/object-cache.ts`).
const ENTRIES = new ObjectCache<readonly (readonly [Value, Value])[]>();

function sortedEntries(o: PlainObject | KeyedObject): readonly (readonly [Value, Value])[] {
  if (o instanceof KeyedObject) return o.entries();
  return ENTRIES.get(o) ?? ENTRIES.set(o, objectEntries(o));
}
