/**
 * `snapspace/testing`: property testing for policies (DESIGN.md §7,
 * docs/testing.md). Generate proposals — from a zod or JSON Schema of a
 * tool's arguments, or by mutating recorded sessions — and check what must
 * always hold of the decisions, with fast-check shrinking every failure to
 * the smallest input that still fails, printed as records that
 * `snapspace eval` reproduces.
 *
 * @example
 * ```ts
 * import { loadPolicies } from "snapspace";
 * import { checkProperty, inputArb, proposalArb } from "snapspace/testing";
 * import { z } from "zod";
 *
 * const policy = await loadPolicies(["policies/"]);
 * const charges = proposalArb({
 *   tool: "payments.charge",
 *   agent: "billing-bot",
 *   args: z.object({ amount: z.number().min(0).max(50_000), currency: z.enum(["EUR", "USD", "CHF"]) }),
 *   idempotencyKeys: ["inv-1"],
 * });
 * checkProperty(policy, inputArb({ proposal: charges }), (decision, input) =>
 *   !(decision.effect === "allow" && input.proposal.args.amount > 10_000) || "a charge over the hard limit was allowed",
 * );
 * ```
 */
export { zodArb } from "./zod-arb.js";
export { jsonSchemaArb } from "./json-schema-arb.js";
export {
  proposalArb,
  inputArb,
  timestampArb,
  type OneOrMore,
  type ProposalArbOptions,
  type InputArbOptions,
  type GeneratedInput,
} from "./proposals.js";
export { mutatedSessionsArb, mutatedRecordsArb, MUTATIONS, type Mutation, type MutateOptions } from "./mutate.js";
export { casesArb, type CasesOptions, type GeneratedTool } from "./cases.js";
export { replaySession, decideCase, type Session, type Replayed, type DecidedCase } from "./session.js";
export { readRecordsFile } from "./records.js";
export {
  checkProperty,
  checkDeterminism,
  checkIdempotentReplay,
  reorder,
  PropertyFailure,
  type CheckOptions,
  type CheckSummary,
  type DeterminismOptions,
} from "./checks.js";
export { PropertySet, checkProperties, policyData, type PropertyViolation, type PropertySetOptions } from "./properties.js";
