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
import type { Json } from "../value/json.js";
import type { Value } from "../value/types.js";
import { canonicalHash, canonicalJson, plainCanonicalHash } from "./canonical.js";
import type { Decision, DecideOptions, DecisionError, Effect, GovernedEvaluator, PackageVerdict, Reason } from "./contract.js";
import { sortObligations, sortReasons, toReason } from "./reasons.js";
import type { EvalInput } from "./schemas.js";
import { isWellFormedInput } from "./shape.js";
import { formatIssue, validateInput, type Validated } from "./validate.js";

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
 * What is checked before the policies run (see "Decisions" in docs/architecture.md):
 * - always, every field the contract names (DESIGN.md §3): presence, type,
 *   unknown fields, `context.now`, the shape of `history`; a bad one is a
 *   `deny` naming it, and the evaluator is not called;
 * - with hashes (the default, and always in the CLI, ledger and governor),
 *   also that the whole document is JSON: the canonical writer that computes
 *   `input_hash` refuses NaN, `undefined`, functions, class instances and
 *   cycles in the same walk, and such an input is a `deny` naming the field;
 * - with `hashes: false`, the free-form values (`args`, `meta`, `result`,
 *   `approvals`, other `context` fields) are trusted to be JSON, as what
 *   `JSON.parse` returns is, and passed to the evaluator as they are.
 *
 * @example
 * const d = decide(evaluator, policy.policyHash, { proposal: { id: "p-1", agent: "bot", tool: "payments.charge", args: { amount: 20 } } });
 * d.effect; // "allow" | "deny" | "escalate"
 */
export function decide(evaluator: GovernedEvaluator, policyHash: string, input: unknown, options?: DecideOptions): Decision {
  const hashes = options === undefined || options.hashes !== false;
  let value: EvalInput & Value;
  let inputHash: string | undefined;
  try {
    // The fast path: the contract's fields in one pass, then (with hashes) JSON-ness and the hash in one walk.
    if (isWellFormedInput(input as Value) && (!hashes || (inputHash = plainCanonicalHash(input)) !== undefined)) {
      value = input as EvalInput & Value;
    } else {
      // Anything else (a bad field, a value to normalise, something that is not JSON) is `validateInput`'s to name.
      const validated = validateInput(input);
      if (!validated.ok) return invalidDecision(input, validated, policyHash, hashes);
      value = validated.value;
      if (hashes) inputHash = canonicalHash(value);
    }
  } catch (e) {
    // Only an input no JSON document can be gets here (a getter or proxy that throws): still a decision, never a throw.
    const message = e instanceof Error ? e.message : String(e);
    return decision(readProposalIdSafely(input), "deny", [], [], policyHash, undefined, [{ code: "invalid_input", message: `the input could not be read: ${message}` }]);
  }
  let verdicts: readonly PackageVerdict[];
  try {
    verdicts = evaluator.evaluateGoverned(value);
  } catch (e) {
    return decision(value.proposal.id, "deny", [], [], policyHash, inputHash, [errorOf(e)]);
  }
  const c = combineVerdicts(verdicts);
  return decision(value.proposal.id, c.effect, c.reasons, c.obligations, policyHash, inputHash, c.errors);
}

function invalidDecision(input: unknown, validated: Validated<unknown> & { ok: false }, policyHash: string, hashes: boolean): Decision {
  const errors: DecisionError[] = validated.issues.map((i) => ({ code: "invalid_input", message: formatIssue(i), field: i.field }));
  const inputHash = hashes && validated.document !== undefined ? canonicalHash(validated.document) : undefined;
  return decision(readProposalId(input), "deny", [], [], policyHash, inputHash, errors);
}

/** A `Decision` with its fields always in the same order (one object shape per presence of `input_hash`). */
function decision(
  proposalId: string | null,
  effect: Effect,
  reasons: readonly Reason[],
  obligations: readonly Json[],
  policyHash: string,
  inputHash: string | undefined,
  errors: readonly DecisionError[],
): Decision {
  return inputHash === undefined
    ? { proposal_id: proposalId, effect, reasons, obligations, policy_hash: policyHash, errors }
    : { proposal_id: proposalId, effect, reasons, obligations, policy_hash: policyHash, input_hash: inputHash, errors };
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
  const reasons: Reason[] = [];
  let obligations: Value[] | undefined;
  let errors: DecisionError[] | undefined;
  let denied = false;
  let escalated = false;
  let allowed = false;
  for (let i = 0; i < verdicts.length; i++) {
    const v = verdicts[i]!;
    const { deny, escalate } = v;
    if (deny.length > 0) {
      denied = true;
      for (let j = 0; j < deny.length; j++) reasons.push(toReason("deny", v.package, deny[j]!));
    }
    if (escalate.length > 0) {
      escalated = true;
      for (let j = 0; j < escalate.length; j++) reasons.push(toReason("escalate", v.package, escalate[j]!));
    }
    if (v.allow === true) allowed = true;
    if (v.obligations.length > 0) (obligations ??= []).push(...v.obligations);
    if (v.error) (errors ??= []).push(errorOf(v.error));
  }
  let effect: Effect;
  if (errors !== undefined || denied) effect = "deny";
  else if (escalated) effect = "escalate";
  else if (allowed) effect = "allow";
  else {
    effect = "deny";
    reasons.push(DEFAULT_REASON);
  }
  return {
    effect,
    reasons: sortReasons(reasons),
    // Obligations say what must happen if the proposal is committed; a denied proposal never is.
    obligations: effect === "deny" || obligations === undefined ? [] : sortObligations(obligations),
    errors: errors === undefined ? [] : sortErrors(errors),
  };
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

/** `readProposalId`, for an input whose reading has already thrown once. */
function readProposalIdSafely(input: unknown): string | null {
  try {
    return readProposalId(input);
  } catch {
    return null;
  }
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
