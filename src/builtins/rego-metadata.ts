/**
 * `rego.metadata.rule()` and `rego.metadata.chain()`: the `# METADATA`
 * annotations of the rule that calls them. As OPA does (it rewrites these
 * calls at compile time), the checker binds each call site to its rule's
 * annotations with `boundMetadata`; the registry entries below answer only
 * for calls outside any rule (a query), where there is no active rule.
 */
import type { Value } from "../value/types.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

const F = "rego";

/** `rego.metadata.rule()`: the rule-scoped annotations of the active rule (`{}` without any). */
export const regoMetadataRule = defineBuiltin({
  name: "rego.metadata.rule",
  family: F,
  description: "the annotations declared for the active rule with the `rule` scope, or an empty object",
  args: [],
  result: "object",
  deterministic: true,
  impl: () => ({}),
});

/** `rego.metadata.chain()`: the annotations of the active rule and of its document and packages, innermost first. */
export const regoMetadataChain = defineBuiltin({
  name: "rego.metadata.chain",
  family: F,
  description: "the chain of annotations from the active rule out to its packages: `[{path, annotations?}, …]`",
  args: [],
  result: "array",
  deterministic: true,
  impl: () => [],
});

/** Whether `def` is one of the two metadata built-ins, whose value depends on the calling rule. */
export function isMetadataBuiltin(def: BuiltinDef): boolean {
  return def === regoMetadataRule || def === regoMetadataChain;
}

/** A copy of a metadata built-in that returns `value`: the call site of one rule, bound at check time. */
export function boundMetadata(def: BuiltinDef, value: Value): BuiltinDef {
  return { ...def, impl: () => value };
}

export const REGO_METADATA: readonly BuiltinDef[] = [regoMetadataRule, regoMetadataChain];
