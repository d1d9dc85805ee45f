/**
 * The `membership` family: the `in` operator as built-ins.
 * `x in c` is `internal.member_2(x, c)`; `k, v in c` is `internal.member_3(k, v, c)`.
 */
import { equal } from "../value/compare.js";
import { KeyedObject } from "../value/keyed-object.js";
import { objectGet } from "../value/object.js";
import { SetValue } from "../value/set.js";
import type { ObjectValue, Value } from "../value/types.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

/** True when `x` is an element of an array or set, or a value of an object; false for any other collection. */
export function member(x: Value, c: Value): boolean {
  if (c === null || typeof c !== "object") return false;
  if (c instanceof SetValue) return c.has(x);
  if (Array.isArray(c)) {
    for (let i = 0; i < c.length; i++) if (equal(c[i] as Value, x)) return true;
    return false;
  }
  for (const v of objectValues(c as ObjectValue)) if (equal(v, x)) return true;
  return false;
}

/**
 * True when `c[k]` is `v`: an array index, an object key, or (for a set, whose
 * `s[k]` is `k` itself) an element equal to both `k` and `v`.
 */
export function memberWithKey(k: Value, v: Value, c: Value): boolean {
  if (c === null || typeof c !== "object") return false;
  if (c instanceof SetValue) return c.has(k) && equal(k, v);
  if (Array.isArray(c)) {
    if (typeof k === "bigint" || typeof k !== "number" || !Number.isInteger(k) || k < 0 || k >= c.length) return false;
    return equal(c[k] as Value, v);
  }
  const w = objectGet(c as ObjectValue, k);
  return w !== undefined && equal(w, v);
}

function objectValues(o: ObjectValue): Iterable<Value> {
  if (o instanceof KeyedObject) return o.entries().map((e) => e[1]);
  return Object.values(o as Record<string, Value>);
}

/** `internal.member_2(x, c)`: `x in c`. */
export const member2 = defineBuiltin({
  name: "internal.member_2",
  family: "membership",
  description: "x in c: x is an element of array or set c, or a value of object c",
  args: [
    { name: "x", type: "any" },
    { name: "c", type: "any" },
  ],
  result: "boolean",
  deterministic: true,
  impl: (args) => member(args[0] as Value, args[1] as Value),
});

/** `internal.member_3(k, v, c)`: `k, v in c`. */
export const member3 = defineBuiltin({
  name: "internal.member_3",
  family: "membership",
  description: "k, v in c: c[k] is v (an array index, an object key, or a set element equal to both)",
  args: [
    { name: "k", type: "any" },
    { name: "v", type: "any" },
    { name: "c", type: "any" },
  ],
  result: "boolean",
  deterministic: true,
  impl: (args) => memberWithKey(args[0] as Value, args[1] as Value, args[2] as Value),
});

/** The `membership` family. */
export const MEMBERSHIP: readonly BuiltinDef[] = [member2, member3];
