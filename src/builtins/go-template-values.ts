/**
 * Values as Go's `text/template` sees them through `reflect`, for the data
 * OPA gives it: the variables object decoded from JSON with `UseNumber`, so
 * a number is a `json.Number` (a string type: `len` counts its characters,
 * `eq` compares it as a string, it is always true in `if`), an array is
 * `[]interface{}`, an object `map[string]interface{}`, null the nil
 * interface. Template literals add `int`, `float64`, `string` and `bool`.
 *
 * `RValue` is a `reflect.Value`: `undefined` is the zero Value (what a nil
 * result becomes), an `Iface` is a value of static type `interface{}` (what
 * indexing a slice or map gives, before the pipeline unwraps it).
 */
import { unreachable } from "../source/unreachable.js";
import { formatNumber } from "../value/number.js";
import { KeyedObject } from "../value/keyed-object.js";
import { SetValue } from "../value/set.js";
import type { Value } from "../value/types.js";
import type { GoArg } from "./go-fmt.js";
import type { GoSliceArg } from "./go-fmt-values.js";
import { toGoJson } from "./go-json.js";
import type { Json } from "../value/json.js";

/** A Go value that is not an interface (never `*big.Int` here: template numbers are `int`, `float64` or `json.Number`). */
export type Concrete = Exclude<GoArg, { t: "nil" } | { t: "*big.Int" }>;

/** A value of static type `interface{}`; `x` is `{ t: "nil" }` for the nil interface. */
export interface Iface {
  readonly t: "interface {}";
  readonly x: GoArg;
}

/** A `reflect.Value`: `undefined` is the zero (invalid) Value. */
export type RValue = Concrete | Iface | undefined;

/** Go's `reflect.Kind`, as far as these values go. */
export type Kind = "invalid" | "interface" | "bool" | "int" | "uint" | "float" | "string" | "slice" | "map";

/** The nil interface. */
export const NIL: GoArg = { t: "nil" };

/** `reflect.Value.Kind()`. */
export function kindOf(v: RValue): Kind {
  if (v === undefined) return "invalid";
  switch (v.t) {
    case "interface {}":
      return "interface";
    case "bool":
      return "bool";
    case "int":
    case "int64":
      return "int";
    case "uint8":
      return "uint";
    case "float64":
      return "float";
    case "string":
    case "json.Number":
      return "string";
    case "[]interface {}":
      return "slice";
    case "map[string]interface {}":
      return "map";
    default:
      return unreachable(v);
  }
}

/** A value held in an interface{} (slice elements, map values) as a `reflect.Value` of that static type. */
export function inIface(x: GoArg): Iface {
  return { t: "interface {}", x };
}

/** `reflect.Value.Interface()` as `fmt` and `...any` parameters receive it (the zero Value as nil). */
export function toArg(v: RValue): GoArg {
  if (v === undefined) return NIL;
  return v.t === "interface {}" ? v.x : v;
}

/** A Go value (not the nil interface) as a `reflect.Value`; the nil interface as the zero Value. */
export function fromArg(x: GoArg): RValue {
  return x.t === "nil" || x.t === "*big.Int" ? undefined : x;
}

/** Go's `indirectInterface`: the value inside an interface, the zero Value for a nil one. */
export function indirectInterface(v: RValue): RValue {
  return v !== undefined && v.t === "interface {}" ? fromArg(v.x) : v;
}

/** Go's `indirect`: through interfaces, stopping at a nil one (`isNil`). */
export function indirect(v: RValue): { v: RValue; isNil: boolean } {
  if (v !== undefined && v.t === "interface {}") return v.x.t === "nil" ? { v, isNil: true } : { v: fromArg(v.x), isNil: false };
  return { v, isNil: false };
}

/** Go's `template.IsTrue` (every kind here has a truth value). */
export function isTrue(v: RValue): boolean {
  if (v === undefined) return false;
  switch (v.t) {
    case "interface {}":
      return v.x.t !== "nil";
    case "bool":
      return v.v;
    case "int":
    case "int64":
    case "uint8":
      return v.v !== 0n;
    case "float64":
      return v.v !== 0;
    case "string":
    case "json.Number":
      return v.v.length > 0;
    case "[]interface {}":
      return v.v.length > 0;
    case "map[string]interface {}":
      return v.v.size > 0;
    default:
      return unreachable(v);
  }
}

/** The length of a Go string: its UTF-8 bytes. */
export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** `reflect.Value.Len()` of a string, slice or map. */
export function lengthOf(v: Concrete & { t: "string" | "json.Number" | "[]interface {}" | "map[string]interface {}" }): number {
  switch (v.t) {
    case "string":
    case "json.Number":
      return byteLength(v.v);
    case "[]interface {}":
      return v.v.length;
    case "map[string]interface {}":
      return v.v.size;
    default:
      return unreachable(v);
  }
}

/**
 * The capacity `encoding/json` leaves a decoded array with: it appends one
 * element at a time from an empty slice, so the capacity doubles (1, 2, 4,
 * … 512). Beyond 512 elements Go's growth follows its allocator's size
 * classes; the length stands in for it there.
 */
function decodedCapacity(n: number): number {
  if (n === 0 || n > 512) return n;
  let cap = 1;
  while (cap < n) cap *= 2;
  return cap;
}

function fromJson(j: Json): GoArg {
  if (j === null) return NIL;
  switch (typeof j) {
    case "boolean":
      return { t: "bool", v: j };
    case "number":
    case "bigint":
      return { t: "json.Number", v: formatNumber(j) };
    case "string":
      return { t: "string", v: j };
  }
  if (Array.isArray(j)) {
    const v = (j as readonly Json[]).map(fromJson);
    const slice: GoSliceArg = { t: "[]interface {}", v, spare: new Array<GoArg>(decodedCapacity(v.length) - v.length).fill(NIL) };
    return slice;
  }
  const m = new Map<string, GoArg>();
  for (const k of Object.keys(j)) m.set(k, fromJson((j as Record<string, Json>)[k]!));
  return { t: "map[string]interface {}", v: m };
}

/** Variables that OPA cannot hand to a template (its message names what JSON does not have). */
export class TemplateDataError extends Error {}

/**
 * A Rego value as the Go data OPA executes the template with. OPA decodes
 * the variables from their Rego text as JSON (`ast.As`, with `UseNumber`),
 * so a set or an object key that is not a string anywhere in them fails
 * to decode: `TemplateDataError`.
 */
export function goTemplateData(v: Value): GoArg {
  const notJson = firstNotJson(v);
  if (notJson !== undefined) throw new TemplateDataError(`the variables must be JSON, and ${notJson} is not (OPA decodes them from their Rego text)`);
  return fromJson(toGoJson(v));
}

/** What in `v` has no JSON text: a set, or an object with a key that is not a string. */
function firstNotJson(v: Value): string | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  if (v instanceof SetValue) return "a set";
  if (v instanceof KeyedObject) {
    for (const [k, x] of v.entries()) {
      if (typeof k !== "string") return "an object with a key that is not a string";
      const inner = firstNotJson(x);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  const items: readonly Value[] = Array.isArray(v) ? v : Object.values(v as Record<string, Value>);
  for (const x of items) {
    const inner = firstNotJson(x);
    if (inner !== undefined) return inner;
  }
  return undefined;
}
