/**
 * The `json-docs` family: reshaping documents by path — `json.filter`,
 * `json.remove` and `json.patch` — as OPA does. Paths are JSON Pointer
 * strings (`"a/b/0"`, leading `/` optional, `~1` for `/`, `~0` for `~`) or
 * arrays of keys (`["a", "b", 0]`), which may also name set members and
 * non-string object keys.
 *
 * `json.verify_schema` and `json.match_schema` are in `json-schema.ts`.
 */
import { ObjectBuilder } from "../value/keyed-object.js";
import { objectEntries } from "../value/object.js";
import { SetBuilder } from "../value/set.js";
import { isArray, isObject, isSet, typeOf } from "../value/type-of.js";
import { ValueMap } from "../value/value-map.js";
import type { ObjectValue, Value } from "../value/types.js";
import { applyJsonPatch, pathKeys } from "./json-patch.js";
import { BuiltinError, defineBuiltin, type BuiltinDef } from "./types.js";

/** A tree of paths: `null` keeps (or removes) the whole value here; a map narrows by key. */
type PathTree = null | ValueMap<PathTree>;

/** OPA's `pathsToObject`: merge paths into a tree, a shorter path covering longer ones. */
function pathTree(name: string, paths: Value): ValueMap<PathTree> {
  const root = new ValueMap<PathTree>();
  const list = isSet(paths) ? paths.sorted() : (paths as readonly Value[]);
  for (const p of list) {
    const keys = pathKeys(p);
    if (!keys) {
      throw new BuiltinError(
        `${name}: operand 2 must be one of {set, array} containing string paths or array of path segments but got ${typeOf(p)}`,
        1,
        "type_error",
      );
    }
    if (keys.length === 0) continue;
    let node = root;
    let covered = false;
    for (let i = 0; i < keys.length - 1 && !covered; i++) {
      const next = node.get(keys[i]!);
      if (next === undefined) {
        const fresh = new ValueMap<PathTree>();
        node.set(keys[i]!, fresh);
        node = fresh;
      } else if (next === null) {
        covered = true;
      } else {
        node = next;
      }
    }
    if (!covered) node.set(keys[keys.length - 1]!, null);
  }
  return root;
}

/** Array elements are addressed by their index as a string, as in a JSON Pointer. */
function indexKey(i: number): string {
  return String(i);
}

/** OPA's `filterObject`: keep only what the tree names. */
function keep(v: Value, tree: PathTree): Value {
  if (tree === null) return v;
  if (isArray(v)) {
    const out: Value[] = [];
    v.forEach((e, i) => {
      const sub = tree.get(indexKey(i));
      if (sub !== undefined) out.push(keep(e, sub));
    });
    return out;
  }
  if (isSet(v)) {
    const out = new SetBuilder();
    for (const e of v) {
      const sub = tree.get(e);
      if (sub !== undefined) out.add(keep(e, sub));
    }
    return out.build();
  }
  if (isObject(v)) {
    const out = new ObjectBuilder();
    for (const [k, e] of objectEntries(v)) {
      const sub = tree.get(k);
      if (sub !== undefined) out.set(k, keep(e, sub));
    }
    return out.build();
  }
  return v;
}

/** OPA's `jsonRemove`: drop what the tree names (`undefined` when the value itself goes). */
function drop(v: Value, tree: PathTree | undefined): Value | undefined {
  if (tree === undefined) return v;
  if (tree === null) return undefined;
  if (isArray(v)) {
    const out: Value[] = [];
    v.forEach((e, i) => {
      const r = drop(e, tree.get(indexKey(i)));
      if (r !== undefined) out.push(r);
    });
    return out;
  }
  if (isSet(v)) {
    const out = new SetBuilder();
    for (const e of v) {
      const r = drop(e, tree.get(e));
      if (r !== undefined) out.add(r);
    }
    return out.build();
  }
  if (isObject(v)) {
    const out = new ObjectBuilder();
    for (const [k, e] of objectEntries(v)) {
      const r = drop(e, tree.get(k));
      if (r !== undefined) out.set(k, r);
    }
    return out.build();
  }
  return v;
}

export const jsonFilter = defineBuiltin({
  name: "json.filter",
  family: "json-docs",
  description:
    "`object` with only the values at `paths` (an array or set of `\"a/b\"` strings or `[\"a\", \"b\"]` arrays); array elements are named by index.",
  args: [
    { name: "object", type: "object" },
    { name: "paths", type: ["array", "set"] },
  ],
  result: "object",
  deterministic: true,
  impl: ([object, paths]) => keep(object as ObjectValue, pathTree("json.filter", paths!)),
});

export const jsonRemove = defineBuiltin({
  name: "json.remove",
  family: "json-docs",
  description:
    "`object` without the values at `paths` (an array or set of `\"a/b\"` strings or `[\"a\", \"b\"]` arrays); removed array elements close up.",
  args: [
    { name: "object", type: "object" },
    { name: "paths", type: ["array", "set"] },
  ],
  result: "object",
  deterministic: true,
  impl: ([object, paths]) => drop(object as ObjectValue, pathTree("json.remove", paths!)),
});

export const jsonPatch = defineBuiltin({
  name: "json.patch",
  family: "json-docs",
  description:
    "`object` with JSON Patch (RFC 6902) operations applied in order: `add`, `remove`, `replace`, `move`, `copy`, `test`. Undefined when any operation is malformed or fails.",
  args: [
    { name: "object", type: "any" },
    { name: "patches", type: "array" },
  ],
  result: "any",
  deterministic: true,
  impl: ([object, patches]) => applyJsonPatch(object!, patches as readonly Value[]),
});

/** The `json-docs` family. */
export const JSON_DOCS: readonly BuiltinDef[] = [jsonFilter, jsonPatch, jsonRemove];
