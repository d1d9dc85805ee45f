/**
 * `decide`: the governance contract of DESIGN.md §3, the same for every back
 * end. It validates the input, asks the back end for each governed
 * package's verdict, and combines them:
 *
 * 1. any `deny` element anywhere → `deny`;
 * 2. else any `escalate` element → `escalate`;
 * 3. else some package's `allow` is true → `allow`;
 * 4. else `deny` with `DEFAULT_REASON` (snapspace never allows by default).
 *
 * Obligations are reported for `allow` and `escalate` (an escalated proposal
 * may be committed once a person approves it), never for `deny`.
 *
 * Failing closed: an invalid input, a package's evaluation error or a back end
 * that throws makes the effect `deny`, with the error in `errors` (and the
 * other packages' reasons still listed). Nothing here can produce `allow`
 * except rule 3 over a valid input without errors.
 */
import { isSnapError } from "../source/diagnostic.js";
import { formatLocation } from "../source/span.js";
import { compareStrings } from "../value/strings.js";
import type { Value } from "../value/types.js";
import { canonicalHash, canonicalJson } from "./canonical.js";
import type { Decision, DecideOptions, DecisionError, Effect, GovernedEvaluator, PackageVerdict, Reason } from "./contract.js";
import { sortObligations, sortReasons, toReason } from "./reasons.js";
import { formatIssue, validateInput } from "./validate.js";

/**
 * The reason of rule 4, when no package denies, escalates or allows. Its
 * package is `snapspace` and its location `<default>`, which no policy file
 * can have, so a reader can tell it from a policy's own reasons.
 */
export const DEFAULT_REASON: Reason = Object.freeze({
  effect: "deny",
  package: "snapspace",
  msg: "no policy allows this proposal",
  location: "<default>",
});

/**
 * Decide one proposal with a back end's evaluator. Never throws: bad input,
 * evaluation errors and back-end failures are a `deny` with `errors`.
 *
 * @example
 * const d = decide(evaluator, policy.policyHash, { proposal: { id: "p-1", agent: "bot", tool: "payments.charge", args: { amount: 20 } } });
 * d.effect; // "allow" | "deny" | "escalate"
 */
export function decide(evaluator: GovernedEvaluator, policyHash: string, input: unknown, options?: DecideOptions): Decision {
  const hashes = options?.hashes !== false;
  const validated = validateInput(input);
  if (!validated.ok) {
    const errors: DecisionError[] = validated.issues.map((i) => ({ code: "invalid_input", message: formatIssue(i), field: i.field }));
    return {
      proposal_id: readProposalId(input),
      effect: "deny",
      reasons: [],
      obligations: [],
      policy_hash: policyHash,
      ...(hashes && validated.document !== undefined ? { input_hash: canonicalHash(validated.document) } : {}),
      errors,
    };
  }
  const value = validated.value;
  let verdicts: readonly PackageVerdict[];
  try {
    verdicts = evaluator.evaluateGoverned(value);
  } catch (e) {
    return {
      proposal_id: value.proposal.id,
      effect: "deny",
      reasons: [],
      obligations: [],
      policy_hash: policyHash,
      ...(hashes ? { input_hash: canonicalHash(value) } : {}),
      errors: [errorOf(e)],
    };
  }
  const combined = combineVerdicts(verdicts);
  return {
    proposal_id: value.proposal.id,
    effect: combined.effect,
    reasons: combined.reasons,
    obligations: combined.obligations,
    policy_hash: policyHash,
    ...(hashes ? { input_hash: canonicalHash(value) } : {}),
    errors: combined.errors,
  };
}

/** What the verdicts of all packages add up to (everything of a decision but the ids and hashes). */
export interface Combined {
  readonly effect: Effect;
  readonly reasons: Reason[];
  readonly obligations: Decision["obligations"];
  readonly errors: DecisionError[];
}

/** Combine package verdicts by the rules of DESIGN.md §3 (see the module comment). */
export function combineVerdicts(verdicts: readonly PackageVerdict[]): Combined {
  let reasons: Reason[] = [];
  const obligations: Value[] = [];
  const errors: DecisionError[] = [];
  let denied = false;
  let escalated = false;
  let allowed = false;
  for (const v of verdicts) {
    for (const hit of v.deny) reasons.push(toReason("deny", v.package, hit));
    for (const hit of v.escalate) reasons.push(toReason("escalate", v.package, hit));
    denied ||= v.deny.length > 0;
    escalated ||= v.escalate.length > 0;
    allowed ||= v.allow === true;
    for (const o of v.obligations) obligations.push(o);
    if (v.error) errors.push(errorOf(v.error));
  }
  let effect: Effect;
  if (errors.length > 0 || denied) effect = "deny";
  else if (escalated) effect = "escalate";
  else if (allowed) effect = "allow";
  else {
    effect = "deny";
    reasons.push(DEFAULT_REASON);
  }
  reasons = sortReasons(reasons);
  // Obligations say what must happen if the proposal is committed; a denied proposal never is.
  return { effect, reasons, obligations: effect === "deny" ? [] : sortObligations(obligations), errors: sortErrors(errors) };
}

function errorOf(e: unknown): DecisionError {
  if (isSnapError(e)) {
    return { code: e.code, message: e.message, ...(e.location ? { location: formatLocation(e.location) } : {}) };
  }
  // A back end that throws something else has a bug; the decision still fails closed and says why.
  const message = e instanceof Error ? e.message : String(e);
  return { code: "evaluation_failed", message: `the evaluator failed: ${message}` };
}

function sortErrors(errors: DecisionError[]): DecisionError[] {
  if (errors.length < 2) return errors;
  const keyed = errors.map((e) => ({ e, key: canonicalJson(e) }));
  keyed.sort((a, b) => compareStrings(a.key, b.key));
  return keyed.filter((k, i) => i === 0 || k.key !== keyed[i - 1]!.key).map((k) => k.e);
}

/** `proposal.id` when it can be read as a string, else null. */
function readProposalId(input: unknown): string | null {
  if (typeof input !== "object" || input === null || !Object.hasOwn(input, "proposal")) return null;
  const p = (input as { proposal: unknown }).proposal;
  if (typeof p !== "object" || p === null || !Object.hasOwn(p, "id")) return null;
  const id = (p as { id: unknown }).id;
  return typeof id === "string" ? id : null;
}

/** The canonical JSON text of a decision: the same decision always gives the same bytes. */
export function serializeDecision(d: Decision): string {
  return canonicalJson(d);
}
