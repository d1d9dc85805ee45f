/** The governance contract: schemas, validation, combination, canonical JSON and hashes. */
export type {
  Effect,
  RuleHit,
  PackageVerdict,
  GovernedEvaluator,
  Reason,
  DecisionError,
  Decision,
  DecideOptions,
  QueryOptions,
  QueryResult,
  Policy,
} from "./contract.js";
export { GOVERNED_RULES } from "./contract.js";
export { decide, combineVerdicts, serializeDecision, DEFAULT_REASON, type Combined } from "./decide.js";
export { canonicalJson, canonicalHash, sha256Hex } from "./canonical.js";
export { computePolicyHash, POLICY_HASH_FORMAT, type PolicySource } from "./policy-hash.js";
export { toReason, sortReasons, sortObligations, compareReasons, NON_STANDARD_REASON_NOTE } from "./reasons.js";
export { validateInput, validateRecord, formatIssue, formatPath, type FieldIssue, type Validated } from "./validate.js";
export {
  EFFECTS,
  RFC3339,
  isRfc3339,
  ProposalSchema,
  ContextSchema,
  MessageSchema,
  HistoryEntrySchema,
  EvalInputSchema,
  RecordSchema,
  ReasonSchema,
  DecisionErrorSchema,
  DecisionSchema,
  type Proposal,
  type Context,
  type HistoryEntry,
  type EvalInput,
  type RecordedProposal,
  type DecisionShape,
} from "./schemas.js";
export { jsonSchemaFiles, SCHEMA_BASE } from "./json-schemas.js";
