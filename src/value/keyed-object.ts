import { compare } from "./compare.js";
import type { PlainObject, Value } from "./types.js";
import { ValueMap } from "./value-map.js";

/** One `key: value` pair. */
export type Entry = readonly [key: Value, value: Value];

/**
 * A Rego object with at least one key that is not a string (`{1: "a"}`,
 * `{["x"]: true}`). Objects whose keys are all strings are plain JS objects;
 * `ObjectBuilder.build()` picks the representation, so equal objects always
 * share one.
 *
 * INVARIANT: a `KeyedObject` has at least one non-string key.
 */
export class KeyedObject {
  private sortedCache: readonly Entry[] | undefined;

  private constructor(private readonly map: ValueMap<Entry>) {}

  /** @internal used by `ObjectBuilder` only. */
  static fromMap(map: ValueMap<Entry>): KeyedObject {
    return new KeyedObject(map);
  }

  get size(): number {
    return this.map.size;
  }

  /** The value at `key`, or `undefined`. */
  get(key: Value): Value | undefined {
    return this.map.get(key)?.[1];
  }

  /** Entries sorted by key (canonical order). */
  entries(): readonly Entry[] {
    if (!this.sortedCache) this.sortedCache = [...this.map.values()].sort((a, b) => compare(a[0], b[0]));
    return this.sortedCache;
  }
}

/** Accumulates entries, then builds a plain object or a `KeyedObject`. */
export class ObjectBuilder {
  private map = new ValueMap<Entry>();
  private allStrings = true;

  /** Set `key` to `value` (a later set of an equal key replaces the earlier one). */
  set(key: Value, value: Value): void {
    if (typeof key !== "string") this.allStrings = false;
    this.map.set(key, [key, value]);
  }

  /** The value set for `key`, or `undefined`. */
  get(key: Value): Value | undefined {
    return this.map.get(key)?.[1];
  }

  has(key: Value): boolean {
    return this.map.has(key);
  }

  get size(): number {
    return this.map.size;
  }

  /** The object; the builder must not be used afterwards. */
  build(): PlainObject | KeyedObject {
    const map = this.map;
    this.map = new ValueMap<Entry>();
    if (!this.allStrings) return KeyedObject.fromMap(map);
    const o: Record<string, Value> = {};
    for (const [k, v] of map.values()) setOwn(o, k as string, v);
    return o;
  }
}

/** Assign an own property, including `__proto__`, which plain assignment would turn into a prototype change. */
export function setOwn(o: Record<string, Value>, key: string, value: Value): void {
  if (key === "__proto__") Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}
