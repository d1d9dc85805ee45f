/**
 * The built-ins OPA deprecated before 1.0: `any`, `all`, `re_match`,
 * `set_diff`, `net.cidr_overlap` and the `cast_*` family. OPA still accepts
 * them in v0 modules (`--v0-compatible`) and rejects them in v1 modules;
 * the checker does the same, reading `deprecated` (the replacement to
 * suggest). Policies written before OPA 1.0 — Gatekeeper's older library
 * among them — call them, so v0 compatibility needs them.
 */
import { SetValue } from "../value/set.js";
import { isArray, isObject } from "../value/type-of.js";
import type { ArrayValue, Value } from "../value/types.js";
import { operandTypeError } from "./operands.js";
import { regexMatch } from "./regex.js";
import { netCidrContains } from "./net.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

const F = "deprecated";

/** `any(collection)`: whether `true` is an element of the array or set (OPA's deprecated built-in). */
export const anyTrue = defineBuiltin({
  name: "any",
  family: F,
  description: "whether the array or set contains `true` (deprecated: use `true in collection`)",
  args: [{ name: "collection", type: ["array", "set"] }],
  result: "boolean",
  deterministic: true,
  deprecated: "`true in collection`",
  impl: ([c]) => (c instanceof SetValue ? c.has(true) : (c as ArrayValue).some((x) => x === true)),
});

/** `all(collection)`: whether every element of the array or set is `true` (true when empty). */
export const allTrue = defineBuiltin({
  name: "all",
  family: F,
  description: "whether every element of the array or set is `true`, true when it is empty (deprecated: use `every`)",
  args: [{ name: "collection", type: ["array", "set"] }],
  result: "boolean",
  deterministic: true,
  deprecated: "`every x in collection { x == true }`",
  impl: ([c]) => (c instanceof SetValue ? c.sorted() : (c as ArrayValue)).every((x) => x === true),
});

/** `re_match(pattern, value)`: the old name of `regex.match`. */
export const reMatch = defineBuiltin({
  name: "re_match",
  family: F,
  description: "whether the RE2 pattern matches value (deprecated: use `regex.match`)",
  args: regexMatch.args,
  result: "boolean",
  deterministic: true,
  deprecated: "`regex.match(pattern, value)`",
  impl: (args, ctx) => regexMatch.impl!(args, ctx),
});

/** `net.cidr_overlap(cidr, ip)`: the old name of `net.cidr_contains`. */
export const netCidrOverlap = defineBuiltin({
  name: "net.cidr_overlap",
  family: F,
  description: "whether the CIDR block contains the address or block (deprecated: use `net.cidr_contains`)",
  args: netCidrContains.args,
  result: "boolean",
  deterministic: true,
  deprecated: "`net.cidr_contains(cidr, cidr_or_ip)`",
  impl: (args, ctx) => netCidrContains.impl!(args, ctx),
});

/** `set_diff(a, b)`: `a - b` on sets. */
export const setDiff = defineBuiltin({
  name: "set_diff",
  family: F,
  description: "the elements of set a that are not in set b (deprecated: use `a - b`)",
  args: [
    { name: "a", type: "set" },
    { name: "b", type: "set" },
  ],
  result: "set",
  deterministic: true,
  deprecated: "`a - b`",
  impl: ([a, b]) => (a as SetValue).difference(b as SetValue),
});

/** `cast_array(x)`: an array as is, a set as the array of its elements in sorted order. */
export const castArray = defineBuiltin({
  name: "cast_array",
  family: F,
  description: "an array unchanged, or a set as an array in sorted order (deprecated)",
  args: [{ name: "x", type: "any" }],
  result: "array",
  deterministic: true,
  deprecated: "an array comprehension, `[x | some x in s]`",
  impl: ([x]) => {
    if (isArray(x!)) return x;
    if (x instanceof SetValue) return [...x.sorted()];
    throw operandTypeError("cast_array", 0, "array or set", x!);
  },
});

/** `cast_set(x)`: a set as is, an array as the set of its elements. */
export const castSet = defineBuiltin({
  name: "cast_set",
  family: F,
  description: "a set unchanged, or an array as the set of its elements (deprecated)",
  args: [{ name: "x", type: "any" }],
  result: "set",
  deterministic: true,
  deprecated: "a set comprehension, `{x | some x in a}`",
  impl: ([x]) => {
    if (x instanceof SetValue) return x;
    if (isArray(x!)) return SetValue.from(x as ArrayValue);
    throw operandTypeError("cast_set", 0, "array or set", x!);
  },
});

/** A deprecated `cast_<type>` that returns its argument when it has the type, and fails otherwise. */
function identityCast(type: "string" | "boolean" | "null" | "object", test: (v: Value) => boolean): BuiltinDef {
  const name = `cast_${type}`;
  return defineBuiltin({
    name,
    family: F,
    description: `the argument unchanged when it is a ${type}, an error otherwise (deprecated)`,
    args: [{ name: "x", type: "any" }],
    result: type,
    deterministic: true,
    deprecated: `\`is_${type}(x)\``,
    impl: ([x]) => {
      if (test(x!)) return x;
      throw operandTypeError(name, 0, type, x!);
    },
  });
}

export const castString = identityCast("string", (v) => typeof v === "string");
export const castBoolean = identityCast("boolean", (v) => typeof v === "boolean");
export const castNull = identityCast("null", (v) => v === null);
export const castObject = identityCast("object", (v) => isObject(v));

/** The deprecated built-ins, accepted only in v0 modules. */
export const DEPRECATED: readonly BuiltinDef[] = [
  anyTrue,
  allTrue,
  reMatch,
  netCidrOverlap,
  setDiff,
  castArray,
  castSet,
  castString,
  castBoolean,
  castNull,
  castObject,
];
