import { typeOf } from "../value/type-of.js";
import type { TypeName, Value } from "../value/types.js";
import { BuiltinError, type BuiltinContext, type BuiltinDef, type TypeSpec } from "./types.js";

/** True when a value of type `t` is accepted by `spec`. */
export function typeAccepts(spec: TypeSpec, t: TypeName): boolean {
  return spec === "any" || spec === t || (Array.isArray(spec) && spec.includes(t));
}

/** `number`, or `one of {array, set}`, as OPA words it. */
export function describeTypeSpec(spec: TypeSpec): string {
  if (typeof spec === "string") return spec;
  return spec.length === 1 ? spec[0]! : `one of {${[...spec].sort().join(", ")}}`;
}

/**
 * Call a built-in: check each argument against its declared type (unless
 * the built-in checks them statically only), then run it. Throws `BuiltinError` (with the index of the argument at fault) on a
 * type mismatch or when the implementation rejects an argument. The
 * interpreter and the compiled evaluators both call built-ins through here.
 */
export function callBuiltin(def: BuiltinDef, args: readonly Value[], ctx: BuiltinContext): Value | undefined {
  const impl = def.impl;
  if (!impl) throw new BuiltinError(`${def.name} is not deterministic and cannot be evaluated`);
  if (def.checkTypesStaticallyOnly) return impl(args, ctx);
  for (let i = 0; i < args.length; i++) {
    const spec = def.variadic ? def.args[0]!.type : def.args[i]!.type;
    if (spec === "any") continue;
    const t = typeOf(args[i]!);
    if (!typeAccepts(spec, t)) {
      throw new BuiltinError(`${def.name}: operand ${i + 1} must be ${describeTypeSpec(spec)} but got ${t}`, i, "type_error");
    }
  }
  return impl(args, ctx);
}
