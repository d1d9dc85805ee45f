/**
 * The `aggregates` family: `count`, `sum`, `product`, `max`, `min`, `sort`.
 *
 * The deprecated `all` and `any` are in `deprecated.ts`: OPA v1 rejects them
 * in v1 modules and keeps them for v0 ones.
 */
import { compare } from "../value/compare.js";
import { objectSize } from "../value/object.js";
import { SetValue } from "../value/set.js";
import type { ArrayValue, NumberValue, ObjectValue, Value } from "../value/types.js";
import { add, mul } from "./arith.js";
import { elementTypeError, elementsOf } from "./operands.js";
import { runeCount } from "./runes.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

type Collection = ArrayValue | SetValue;

/** `count(collection)`: elements of an array or set, keys of an object, runes of a string. */
export const count = defineBuiltin({
  name: "count",
  family: "aggregates",
  description: "the number of elements of an array or set, keys of an object, or characters (runes) of a string",
  args: [{ name: "collection", type: ["array", "object", "set", "string"] }],
  result: "number",
  deterministic: true,
  impl: (args) => {
    const c = args[0] as Value;
    if (typeof c === "string") return runeCount(c);
    if (Array.isArray(c)) return c.length;
    if (c instanceof SetValue) return c.size;
    return objectSize(c as ObjectValue);
  },
});

/** `sum(collection)`: the sum of an array or set of numbers (0 when empty). */
export const sum = defineBuiltin({
  name: "sum",
  family: "aggregates",
  description: "the sum of an array or set of numbers; 0 when empty",
  args: [{ name: "collection", type: ["array", "set"] }],
  result: "number",
  deterministic: true,
  impl: (args) => fold("sum", args[0] as Collection, 0, add),
});

/** `product(collection)`: the product of an array or set of numbers (1 when empty). */
export const product = defineBuiltin({
  name: "product",
  family: "aggregates",
  description: "the product of an array or set of numbers; 1 when empty",
  args: [{ name: "collection", type: ["array", "set"] }],
  result: "number",
  deterministic: true,
  impl: (args) => fold("product", args[0] as Collection, 1, mul),
});

function fold(name: string, c: Collection, start: NumberValue, op: (a: NumberValue, b: NumberValue) => NumberValue): NumberValue {
  const items = elementsOf(c);
  let acc = start;
  for (let i = 0; i < items.length; i++) {
    const x = items[i]!;
    if (typeof x !== "number" && typeof x !== "bigint") throw elementTypeError(name, 0, c, x, "number");
    acc = op(acc, x);
  }
  return acc;
}

/** `max(collection)`: the greatest element in OPA's total order; undefined when empty. */
export const max = defineBuiltin({
  name: "max",
  family: "aggregates",
  description: "the greatest element of an array or set (any types, in OPA's total order); undefined when empty",
  args: [{ name: "collection", type: ["array", "set"] }],
  result: "any",
  deterministic: true,
  impl: (args) => extreme(args[0] as Collection, 1),
});

/** `min(collection)`: the least element in OPA's total order; undefined when empty. */
export const min = defineBuiltin({
  name: "min",
  family: "aggregates",
  description: "the least element of an array or set (any types, in OPA's total order); undefined when empty",
  args: [{ name: "collection", type: ["array", "set"] }],
  result: "any",
  deterministic: true,
  impl: (args) => extreme(args[0] as Collection, -1),
});

function extreme(c: Collection, sign: 1 | -1): Value | undefined {
  if (c instanceof SetValue) {
    // Sets iterate sorted: the extremes are at the ends.
    const s = c.sorted();
    return s.length === 0 ? undefined : sign > 0 ? s[s.length - 1] : s[0];
  }
  if (c.length === 0) return undefined;
  let best = c[0]!;
  for (let i = 1; i < c.length; i++) {
    const x = c[i]!;
    if (compare(x, best) * sign > 0) best = x;
  }
  return best;
}

/** `sort(collection)`: the elements of an array or set as an array in OPA's total order. */
export const sort = defineBuiltin({
  name: "sort",
  family: "aggregates",
  description: "the elements of an array or set as a sorted array (OPA's total order)",
  args: [{ name: "collection", type: ["array", "set"] }],
  result: "array",
  deterministic: true,
  impl: (args) => {
    const c = args[0] as Collection;
    return c instanceof SetValue ? c.sorted() : [...c].sort(compare);
  },
});

/** The `aggregates` family. */
export const AGGREGATES: readonly BuiltinDef[] = [count, sum, product, max, min, sort];
