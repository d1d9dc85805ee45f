/**
 * The `type-checks` family: `is_number(x)` and friends (true or false, never an
 * error, as in OPA ≥ 0.x), and `type_name(x)`.
 *
 * The deprecated `cast_*` built-ins are in `deprecated.ts`: v0 modules only
 * (OPA v1 rejects them, and so does the checker under `rego.v1`).
 */
import { typeOf } from "../value/type-of.js";
import type { TypeName, Value } from "../value/types.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

function isType(t: TypeName): BuiltinDef {
  return defineBuiltin({
    name: `is_${t}`,
    family: "type-checks",
    description: `true when x is ${t === "array" || t === "object" ? "an" : "a"} ${t}, false otherwise`,
    args: [{ name: "x", type: "any" }],
    result: "boolean",
    deterministic: true,
    impl: (args) => typeOf(args[0] as Value) === t,
  });
}

/** `is_number(x)` */
export const isNumber = isType("number");
/** `is_string(x)` */
export const isString = isType("string");
/** `is_boolean(x)` */
export const isBoolean = isType("boolean");
/** `is_array(x)` */
export const isArray = isType("array");
/** `is_set(x)` */
export const isSet = isType("set");
/** `is_object(x)` */
export const isObject = isType("object");
/** `is_null(x)` */
export const isNull = isType("null");

/** `type_name(x)`: `"null"`, `"boolean"`, `"number"`, `"string"`, `"array"`, `"object"` or `"set"`. */
export const typeName = defineBuiltin({
  name: "type_name",
  family: "type-checks",
  description: "the type of x: null, boolean, number, string, array, object or set",
  args: [{ name: "x", type: "any" }],
  result: "string",
  deterministic: true,
  impl: (args) => typeOf(args[0] as Value),
});

/** The `type-checks` family. */
export const TYPE_CHECKS: readonly BuiltinDef[] = [isNumber, isString, isBoolean, isArray, isSet, isObject, isNull, typeName];
