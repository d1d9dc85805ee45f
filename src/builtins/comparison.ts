/**
 * The `comparison` family: the operators `== != < <= > >=` as built-ins,
 * over OPA's total order across all types (`null < false < 0 < "" < [] <
 * {} < set()`, so `1 < "a"` holds).
 */
import { compare, equal as valuesEqual } from "../value/compare.js";
import type { Value } from "../value/types.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

const XY = [
  { name: "x", type: "any" },
  { name: "y", type: "any" },
] as const;

/** `equal(x, y)`: `x == y`. */
export const equal = defineBuiltin({
  name: "equal",
  family: "comparison",
  description: "x == y",
  args: XY,
  result: "boolean",
  deterministic: true,
  impl: (args) => valuesEqual(args[0] as Value, args[1] as Value),
});

/** `neq(x, y)`: `x != y`. */
export const neq = defineBuiltin({
  name: "neq",
  family: "comparison",
  description: "x != y",
  args: XY,
  result: "boolean",
  deterministic: true,
  impl: (args) => !valuesEqual(args[0] as Value, args[1] as Value),
});

/** `lt(x, y)`: `x < y`. */
export const lt = defineBuiltin({
  name: "lt",
  family: "comparison",
  description: "x < y in OPA's total order",
  args: XY,
  result: "boolean",
  deterministic: true,
  impl: (args) => compare(args[0] as Value, args[1] as Value) < 0,
});

/** `lte(x, y)`: `x <= y`. */
export const lte = defineBuiltin({
  name: "lte",
  family: "comparison",
  description: "x <= y in OPA's total order",
  args: XY,
  result: "boolean",
  deterministic: true,
  impl: (args) => compare(args[0] as Value, args[1] as Value) <= 0,
});

/** `gt(x, y)`: `x > y`. */
export const gt = defineBuiltin({
  name: "gt",
  family: "comparison",
  description: "x > y in OPA's total order",
  args: XY,
  result: "boolean",
  deterministic: true,
  impl: (args) => compare(args[0] as Value, args[1] as Value) > 0,
});

/** `gte(x, y)`: `x >= y`. */
export const gte = defineBuiltin({
  name: "gte",
  family: "comparison",
  description: "x >= y in OPA's total order",
  args: XY,
  result: "boolean",
  deterministic: true,
  impl: (args) => compare(args[0] as Value, args[1] as Value) >= 0,
});

/** The `comparison` family. */
export const COMPARISON: readonly BuiltinDef[] = [equal, neq, lt, lte, gt, gte];
