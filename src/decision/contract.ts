/**
 * The seams between the back ends (interpreter, compiled evaluator, built
 * module, OPA Wasm) and the governance contract of DESIGN.md §3. A back end
 * implements `GovernedEvaluator`; `decide` (in this folder) turns its
 * verdicts into a `Decision`, the same way for every back end.
 */
import type { SnapError } from "../source/diagnostic.js";
import type { Json } from "../value/json.js";
import type { Value } from "../value/types.js";

/** The four rule names through which a package takes part in decisions. */
export const GOVERNED_RULES = ["deny", "escalate", "allow", "obligations"] as const;

/** The three effects. */
export type Effect = "allow" | "deny" | "escalate";

/** One element of a `deny` or `escalate` set, with the rule definition that produced it. */
export interface RuleHit {
  readonly value: Value;
  /** `file:line` of the rule definition (for OPA Wasm: the entrypoint). */
  readonly location: string;
  /**
   * Set by a back end that built `value` itself as an object whose `msg` is
   * this string: then `details` holds its other fields exactly as `toReason`
   * would make them (fresh JSON; `null` when there are none), so the reason
   * needs no copy of the object.
   */
  readonly msg?: string;
  readonly details?: Readonly<Record<string, Json>> | null;
}

/** What one governed package said about one input. */
export interface PackageVerdict {
  /** Dotted package path, e.g. `agent.payments`. */
  readonly package: string;
  readonly deny: readonly RuleHit[];
  readonly escalate: readonly RuleHit[];
  /** `allow` is true (undefined or any other value counts as not allowing). */
  readonly allow: boolean;
  readonly obligations: readonly Value[];
  /** An evaluation error in this package; the decision fails closed. */
  readonly error?: SnapError;
}

/** A back end that can evaluate the governance rules of a policy set. */
export interface GovernedEvaluator {
  /** Packages that define at least one of the governed rules, sorted. */
  readonly governedPackages: readonly string[];
  /** Evaluate every governed package against one input document. Never throws for an evaluation error: it is reported in the verdict. */
  evaluateGoverned(input: Value): PackageVerdict[];
}

/** A reason in a decision. */
export interface Reason {
  readonly effect: "deny" | "escalate";
  readonly package: string;
  readonly msg: string;
  /** `file:line` of the rule definition that produced it. */
  readonly location: string;
  /** When the policy's reason was an object, its other fields. */
  readonly details?: Readonly<Record<string, Json>>;
}

/** An error in a decision (the effect is then `deny`). */
export interface DecisionError {
  readonly code: string;
  readonly message: string;
  readonly location?: string;
  /** The input field at fault, for input validation errors (`proposal.tool`). */
  readonly field?: string;
}

/** A governance decision (DESIGN.md §3). */
export interface Decision {
  readonly proposal_id: string | null;
  readonly effect: Effect;
  readonly reasons: readonly Reason[];
  readonly obligations: readonly Json[];
  readonly policy_hash: string;
  readonly input_hash?: string;
  readonly errors: readonly DecisionError[];
}

/** Options of `decide`. */
export interface DecideOptions {
  /** Compute `input_hash` (default true). `false` is the hot path for callers that log elsewhere. */
  readonly hashes?: boolean;
}

/** Options of `query`. */
export interface QueryOptions {
  readonly input?: unknown;
  /** Extra base documents, merged over the policy set's data for this query. */
  readonly data?: unknown;
}

/** One solution of a query, as OPA's API prints it. */
export interface QueryResult {
  readonly expressions: readonly Json[];
  readonly bindings: Readonly<Record<string, Json>>;
}

/** A loaded policy set: what `compile`, `loadPolicies`, `loadOpaWasm` and a built module give you. */
export interface Policy {
  /** `sha256:…` over the canonical form of the policy set (sources after formatting, and data). */
  readonly policyHash: string;
  /** Decide one proposal. Synchronous and pure. Never throws for bad input: it is a `deny` with errors. */
  decide(input: unknown, options?: DecideOptions): Decision;
  /** Evaluate a Rego query (`data.agent.payments.deny`, `x := 1; x > 0`). Throws `SnapError`. */
  query(query: string, options?: QueryOptions): QueryResult[];
}
