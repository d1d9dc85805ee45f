export type { BuiltinDef, BuiltinContext, ArgSpec, TypeSpec } from "./types.js";
export { defineBuiltin, BuiltinError } from "./types.js";
export { callBuiltin, typeAccepts, describeTypeSpec } from "./call.js";
export { ALL_BUILTINS, lookupBuiltin, suggestBuiltin, editDistance } from "./registry.js";
