/**
 * JSON Patch (RFC 6902) over Rego values, as OPA's `json.patch` applies it:
 * paths are JSON Pointers (`/a/0/b`, `~1` for `/`, `~0` for `~`) or arrays
 * of keys (which may address set members by value and objects by non-string
 * keys). Any failure — a malformed patch, a missing path, a failed `test` —
 * makes the whole patch fail; the input is never changed (values are
 * immutable).
 */
import { equal } from "../value/compare.js";
import { ObjectBuilder } from "../value/keyed-object.js";
import { objectEntries, objectGet } from "../value/object.js";
import { SetBuilder, type SetValue } from "../value/set.js";
import { isArray, isObject, isSet } from "../value/type-of.js";
import type { ObjectValue, Value } from "../value/types.js";

/** A document: a value, or nothing (after the root was removed). */
type Doc = Value | undefined;

/** Marks a failed operation. */
const FAIL = Symbol("fail");
type Result<T> = T | typeof FAIL;

/** A path as keys: `"/a/b"` → `["a", "b"]`, `""` → `[]`, an array as it is. `undefined` for anything else. */
export function pathKeys(path: Value): readonly Value[] | undefined {
  if (typeof path === "string") {
    if (path === "") return [];
    return path
      .replace(/^\/+/, "")
      .split("/")
      .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
  }
  return isArray(path) ? path : undefined;
}

/**
 * The document after applying `patches` in order, or `undefined` when any
 * patch is malformed or fails (or the result is no document at all).
 */
export function applyJsonPatch(target: Value, patches: readonly Value[]): Value | undefined {
  let doc: Doc = target;
  for (const p of patches) {
    const next = applyOne(doc, p);
    if (next === FAIL) return undefined;
    doc = next;
  }
  return doc;
}

function applyOne(doc: Doc, patch: Value): Result<Doc> {
  if (!isObject(patch)) return FAIL;
  const attr = (name: string): Value | undefined => objectGet(patch, name);
  const op = attr("op");
  const rawPath = attr("path");
  if (typeof op !== "string" || rawPath === undefined) return FAIL;
  const path = pathKeys(rawPath);
  if (!path) return FAIL;
  const value = attr("value");
  const rawFrom = attr("from");
  const from = rawFrom === undefined ? undefined : pathKeys(rawFrom);
  switch (op) {
    case "add":
      return value === undefined ? FAIL : add(doc, path, value);
    case "remove": {
      const r = remove(doc, path);
      return r === FAIL ? FAIL : r.doc;
    }
    case "replace": {
      // RFC 6902 §4.3: the same as a remove followed by an add.
      if (value === undefined) return FAIL;
      const r = remove(doc, path);
      return r === FAIL ? FAIL : add(r.doc, path, value);
    }
    case "move": {
      if (!from || isProperPrefix(from, path)) return FAIL;
      const r = remove(doc, from);
      return r === FAIL ? FAIL : add(r.doc, path, r.removed);
    }
    case "copy": {
      if (!from) return FAIL;
      const v = get(doc, from);
      return v === FAIL ? FAIL : add(doc, path, v);
    }
    case "test": {
      if (value === undefined) return FAIL;
      const v = get(doc, path);
      return v !== FAIL && equal(v, value) ? doc : FAIL;
    }
    default:
      return FAIL;
  }
}

function isProperPrefix(a: readonly Value[], b: readonly Value[]): boolean {
  return a.length < b.length && a.every((k, i) => equal(k, b[i]!));
}

function add(doc: Doc, path: readonly Value[], value: Value): Result<Doc> {
  if (path.length === 0) return value;
  return update(doc, path, (parent, key) => {
    if (isArray(parent)) {
      const i = arrayIndex(key, parent.length, true);
      return i === undefined ? FAIL : [...parent.slice(0, i), value, ...parent.slice(i)];
    }
    if (isSet(parent)) return equal(key, value) ? addToSet(parent.sorted(), value) : FAIL;
    if (isObject(parent)) return withEntry(parent, key, value);
    return FAIL;
  });
}

function remove(doc: Doc, path: readonly Value[]): Result<{ doc: Doc; removed: Value }> {
  if (doc === undefined) return FAIL;
  if (path.length === 0) return { doc: undefined, removed: doc };
  let removed: Value | undefined;
  const out = update(doc, path, (parent, key) => {
    if (isArray(parent)) {
      const i = arrayIndex(key, parent.length - 1, false);
      if (i === undefined) return FAIL;
      removed = parent[i]!;
      return [...parent.slice(0, i), ...parent.slice(i + 1)];
    }
    if (isSet(parent)) {
      if (!parent.has(key)) return FAIL;
      removed = key;
      return setWithout(parent.sorted(), key);
    }
    if (isObject(parent)) {
      const v = objectGet(parent, key);
      if (v === undefined) return FAIL;
      removed = v;
      return withoutEntry(parent, key);
    }
    return FAIL;
  });
  return out === FAIL || removed === undefined ? FAIL : { doc: out, removed };
}

function get(doc: Doc, path: readonly Value[]): Result<Value> {
  let cur = doc;
  for (const key of path) {
    if (cur === undefined) return FAIL;
    const next = child(cur, key);
    if (next === undefined) return FAIL;
    cur = next;
  }
  return cur === undefined ? FAIL : cur;
}

/** The child of `v` at `key`: an object's value, an array's element, or a set's member itself. */
function child(v: Value, key: Value): Value | undefined {
  if (isArray(v)) {
    const i = arrayIndex(key, v.length - 1, false);
    return i === undefined ? undefined : v[i];
  }
  if (isSet(v)) return v.has(key) ? key : undefined;
  if (isObject(v)) return objectGet(v, key);
  return undefined;
}

/** Rebuild `doc` along `path`, letting `f` change the parent of the last key. */
function update(doc: Doc, path: readonly Value[], f: (parent: Value, key: Value) => Result<Value>): Result<Value> {
  if (doc === undefined) return FAIL;
  const key = path[0]!;
  if (path.length === 1) return f(doc, key);
  const c = child(doc, key);
  if (c === undefined) return FAIL;
  const updated = update(c, path.slice(1), f);
  if (updated === FAIL) return FAIL;
  if (isArray(doc)) {
    const i = arrayIndex(key, doc.length - 1, false)!;
    return [...doc.slice(0, i), updated, ...doc.slice(i + 1)];
  }
  if (isSet(doc)) return addToSet(setWithout(doc.sorted(), key).sorted(), updated);
  return withEntry(doc as ObjectValue, key, updated);
}

/**
 * An array index from a path key: a decimal string without leading zeros, or
 * an integer; `-` (one past the end) only where `dashAllowed`. `max` is the
 * largest index allowed.
 */
function arrayIndex(key: Value, max: number, dashAllowed: boolean): number | undefined {
  let i: number;
  if (typeof key === "string") {
    if (key === "-") return dashAllowed ? max : undefined;
    if (!/^(0|[1-9]\d*)$/.test(key)) return undefined;
    i = Number(key);
  } else if (typeof key === "number" && Number.isSafeInteger(key)) {
    i = key;
  } else {
    return undefined;
  }
  return i >= 0 && i <= max ? i : undefined;
}

function withEntry(o: ObjectValue, key: Value, value: Value): Value {
  const b = new ObjectBuilder();
  for (const [k, v] of objectEntries(o)) b.set(k, v);
  b.set(key, value);
  return b.build();
}

function withoutEntry(o: ObjectValue, key: Value): Value {
  const b = new ObjectBuilder();
  for (const [k, v] of objectEntries(o)) if (!equal(k, key)) b.set(k, v);
  return b.build();
}

function addToSet(members: readonly Value[], value: Value): Value {
  const b = new SetBuilder();
  for (const m of members) b.add(m);
  b.add(value);
  return b.build();
}

function setWithout(members: readonly Value[], key: Value): SetValue {
  const b = new SetBuilder();
  for (const m of members) if (!equal(m, key)) b.add(m);
  return b.build();
}
