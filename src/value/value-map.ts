import { isNumber, normNumber } from "./number.js";
import type { Value } from "./types.js";
import { compositeKey } from "./key.js";

/** A JS primitive that stands for a scalar value in a `Map` (SameValueZero is Rego equality for these). */
type ScalarKey = null | boolean | number | bigint | string;

/**
 * A map keyed by Rego values with Rego equality: scalars are keyed directly,
 * composites by their canonical key text, in two separate maps so a string
 * can never collide with a composite's key.
 */
export class ValueMap<T> {
  private readonly scalars = new Map<ScalarKey, T>();
  private readonly composites = new Map<string, T>();

  get size(): number {
    return this.scalars.size + this.composites.size;
  }

  get(key: Value): T | undefined {
    return isComposite(key) ? this.composites.get(compositeKey(key)) : this.scalars.get(scalarKey(key));
  }

  has(key: Value): boolean {
    return isComposite(key) ? this.composites.has(compositeKey(key)) : this.scalars.has(scalarKey(key));
  }

  /** Store `value` at `key` unless the key is there already; false when it was (one key computation, where `has` then `set` make two). */
  setIfAbsent(key: Value, value: T): boolean {
    if (isComposite(key)) {
      const k = compositeKey(key);
      if (this.composites.has(k)) return false;
      this.composites.set(k, value);
    } else {
      const k = scalarKey(key);
      if (this.scalars.has(k)) return false;
      this.scalars.set(k, value);
    }
    return true;
  }

  set(key: Value, value: T): void {
    if (isComposite(key)) this.composites.set(compositeKey(key), value);
    else this.scalars.set(scalarKey(key), value);
  }

  /** The stored values, in no particular order (callers sort). */
  *values(): IterableIterator<T> {
    yield* this.scalars.values();
    yield* this.composites.values();
  }
}

function isComposite(v: Value): v is Exclude<Value, null | boolean | number | bigint | string> {
  return v !== null && typeof v === "object";
}

function scalarKey(v: Value): ScalarKey {
  return isNumber(v) ? normNumber(v) : (v as ScalarKey);
}
