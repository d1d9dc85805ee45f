/**
 * snapspace: a deterministic policy engine for AI agents.
 *
 * @example
 * ```ts
 * import { loadPolicies, compile } from "snapspace";
 * const policy = await loadPolicies(["policies/"]);
 * const decision = policy.decide(input);
 * const results = policy.query("data.agent.payments.deny", { input });
 * ```
 */
export {
  compile,
  compileSources,
  loadPolicies,
  PolicyError,
  CompiledPolicy,
  type CompileOptions,
  type ModuleSource,
  type LoadOptions,
  type RuleInfo,
  type EvaluateOptions,
  type PolicySettings,
} from "./api/index.js";
export type {
  Policy,
  Decision,
  DecideOptions,
  DecisionError,
  Effect,
  Reason,
  QueryOptions,
  QueryResult,
  GovernedEvaluator,
  PackageVerdict,
  RuleHit,
} from "./decision/contract.js";
export type { EvalLimits, PrintLine, Solution } from "./eval/index.js";
export { DEFAULT_DEPTH_LIMIT, DEFAULT_STEP_BUDGET } from "./eval/index.js";
export { SnapError, isSnapError, type Diagnostic, type Location, renderDiagnostic, renderDiagnostics, diagnosticToJson } from "./source/index.js";
export { SetValue, KeyedObject, toJson, parseJson, stringifyJson, toRegoText, type Value, type Json } from "./value/index.js";
export {
  createGovernor,
  openLedger,
  verifyLedger,
  replayLedger,
  type Governor,
  type GovernorOptions,
  type GovernedDecision,
  type Ledger,
  type LedgerRecord,
  type OpenLedgerOptions,
  type VerifyReport,
  type ReplayReport,
} from "./ledger/index.js";
export { decide, serializeDecision, canonicalJson, validateInput, validateRecord } from "./decision/index.js";
