/** Base documents for OPA Wasm modules: checking what callers pass, and merging documents. */
import { SnapError } from "../source/diagnostic.js";
import { fromJs, NotJsonError, toJson } from "../value/json.js";
import { KeyedObject, setOwn } from "../value/keyed-object.js";
import { isObject } from "../value/type-of.js";
import type { PlainObject, Value } from "../value/types.js";

/** True for an object whose keys are all strings (what JSON can hold). */
export function isPlainObject(v: Value | undefined): v is PlainObject {
  return isObject(v) && !(v instanceof KeyedObject);
}

/**
 * Check that a caller's value is JSON and return it as OPA's JSON API would
 * print it (sets as sorted arrays, non-string keys as their Rego text),
 * since that is all a Wasm module can be given. Throws a `SnapError` with `code`.
 */
export function checkJson(value: unknown, what: string, code: string): Value {
  try {
    return toJson(fromJs(value)) as Value;
  } catch (e) {
    if (e instanceof NotJsonError) {
      throw SnapError.of(code, `${what} is not JSON: ${e.message}`, undefined, "pass plain JSON objects, arrays, strings, numbers, booleans and null");
    }
    throw e;
  }
}

/** Check a caller's `data`: JSON, and an object (the root of `data` always is). */
export function checkData(data: unknown, what: string): PlainObject {
  const value = checkJson(data, what, "invalid_data");
  if (!isPlainObject(value)) {
    throw SnapError.of("invalid_data", `${what} must be a JSON object`, undefined, "wrap the document in an object: the root of `data` is always one");
  }
  return value;
}

/**
 * Merge `over` into `base`, recursively through objects. Where both hold a
 * value that is not an object at the same path, `onConflict` (given the
 * dotted path) builds the error to throw; without it, `over` wins.
 */
export function mergeData(base: PlainObject, over: PlainObject, onConflict?: (path: string) => Error, at = ""): PlainObject {
  const out: Record<string, Value> = { ...base };
  for (const key of Object.keys(over)) {
    const next = over[key]!;
    const path = at ? `${at}.${key}` : key;
    const prev = Object.hasOwn(out, key) ? out[key] : undefined;
    if (prev === undefined) setOwn(out, key, next);
    else if (isPlainObject(prev) && isPlainObject(next)) setOwn(out, key, mergeData(prev, next, onConflict, path));
    else if (onConflict) throw onConflict(path);
    else setOwn(out, key, next);
  }
  return out;
}
