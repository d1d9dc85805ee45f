import { KeyedObject, type Entry } from "./keyed-object.js";
import { compareStrings } from "./strings.js";
import type { ObjectValue, PlainObject, Value } from "./types.js";

/** The value at `key` in an object, or `undefined` (own properties only: `constructor` is not a key of `{}`). */
export function objectGet(o: ObjectValue, key: Value): Value | undefined {
  if (o instanceof KeyedObject) return o.get(key);
  if (typeof key !== "string" || !Object.hasOwn(o, key)) return undefined;
  return (o as PlainObject)[key];
}

/** Number of keys. */
export function objectSize(o: ObjectValue): number {
  return o instanceof KeyedObject ? o.size : Object.keys(o).length;
}

/** The keys of a plain object in canonical order. */
export function sortedKeys(o: PlainObject): string[] {
  return Object.keys(o).sort(compareStrings);
}

/** Entries of an object in canonical key order. */
export function objectEntries(o: ObjectValue): readonly Entry[] {
  if (o instanceof KeyedObject) return o.entries();
  const keys = sortedKeys(o as PlainObject);
  const out: Entry[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = [keys[i]!, (o as PlainObject)[keys[i]!]!];
  return out;
}
