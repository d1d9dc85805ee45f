/** The check stage: names, safety, arity, recursion, determinism. */
export { checkModules, checkQuery, QUERY_OWNER, type CheckOptions, type CheckResult } from "./check.js";
export type {
  Program,
  CheckedQuery,
  Analysis,
  BodyPlan,
  RuleDef,
  RuleKind,
  RuleNode,
  NameTarget,
  ResolvedRef,
  CallTarget,
  WithTarget,
} from "./program.js";
export { findNode } from "./rule-tree.js";
export { OPERATOR_BUILTINS } from "./operators.js";
