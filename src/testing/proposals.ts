/**
 * Arbitraries of proposals and of whole eval inputs (DESIGN.md §3), built
 * from a description of a tool: its name, the schema of its arguments, the
 * agents that call it.
 */
import fc from "fast-check";
import * as z from "zod";
import type { Context, HistoryEntry, Proposal } from "../decision/schemas.js";
import { SnapError } from "../source/diagnostic.js";
import { zodArb } from "./zod-arb.js";

/** A fixed value, one of several, or an arbitrary of them. */
export type OneOrMore<T> = T | readonly T[] | fc.Arbitrary<T>;

/** What `proposalArb` generates. */
export interface ProposalArbOptions {
  /** The tool (or tools) proposed, e.g. `"payments.charge"`. */
  readonly tool: OneOrMore<string>;
  /** The tool's arguments: a zod object schema, or an arbitrary of argument objects. Default: `{}`. */
  readonly args?: z.ZodType | fc.Arbitrary<Record<string, unknown>>;
  /** The proposing agent (or agents). Default: `"agent"`. */
  readonly agent?: OneOrMore<string>;
  /** Idempotency keys to draw from; a small pool makes repeated keys likely. Default: no key. */
  readonly idempotencyKeys?: readonly string[];
  /** The session id. Default: none. */
  readonly session?: OneOrMore<string>;
}

/** An `OneOrMore` as an arbitrary. */
export function arbOf<T>(x: OneOrMore<T>): fc.Arbitrary<T> {
  if (x instanceof fc.Arbitrary) return x as fc.Arbitrary<T>;
  if (Array.isArray(x)) {
    if (x.length === 0) throw SnapError.of("empty_choice", "cannot choose from an empty list", undefined, "give at least one value");
    return fc.constantFrom(...(x as readonly T[]));
  }
  return fc.constant(x as T);
}

/**
 * An arbitrary of proposals for one tool (or a few): ids `p-0`, `p-1`, …,
 * arguments from a zod schema (see `zodArb` for the supported types) or an
 * arbitrary, agents and idempotency keys from the given pools.
 *
 * @example
 * ```ts
 * const charges = proposalArb({
 *   tool: "payments.charge",
 *   agent: "billing-bot",
 *   args: z.object({ amount: z.number().min(0).max(20_000), currency: z.enum(["EUR", "USD", "CHF"]) }),
 *   idempotencyKeys: ["inv-1", "inv-2"],
 * });
 * ```
 */
export function proposalArb(options: ProposalArbOptions): fc.Arbitrary<Proposal> {
  const args =
    options.args === undefined
      ? fc.constant({})
      : options.args instanceof z.ZodType
        ? (zodArb(options.args) as fc.Arbitrary<Record<string, unknown>>)
        : options.args;
  return fc
    .record({
      n: fc.nat({ max: 9999 }),
      agent: arbOf(options.agent ?? "agent"),
      tool: arbOf(options.tool),
      args,
      key: options.idempotencyKeys ? arbOf(options.idempotencyKeys) : fc.constant(undefined),
      session: options.session !== undefined ? arbOf(options.session) : fc.constant(undefined),
    })
    .map(({ n, agent, tool, args, key, session }) => ({
      id: `p-${n}`,
      agent,
      tool,
      args: args as Proposal["args"] & object,
      ...(key !== undefined ? { idempotency_key: key } : {}),
      ...(session !== undefined ? { session } : {}),
    }));
}

/** What `inputArb` generates. */
export interface InputArbOptions {
  readonly proposal: fc.Arbitrary<Proposal>;
  /** A fixed context, a list to choose from, or an arbitrary. Default: none. */
  readonly context?: OneOrMore<Context>;
  /** Earlier proposals of the session. Default: an empty history. */
  readonly history?: fc.Arbitrary<HistoryEntry[]>;
}

/** An eval input as `snapspace eval` builds it: the proposal, its context if any, and its history. */
export interface GeneratedInput {
  readonly proposal: Proposal;
  readonly context?: Context;
  readonly history: readonly HistoryEntry[];
}

/**
 * An arbitrary of eval inputs (DESIGN.md §3): a proposal with a context and
 * a history. The history is always present (empty by default), as
 * `snapspace eval` passes it, so decisions and `input_hash` match the CLI's.
 *
 * @example
 * ```ts
 * const inputs = inputArb({
 *   proposal: proposalArb({ tool: "payments.charge", agent: "billing-bot", args: chargeArgs }),
 *   context: fc.record({ now: timestampArb("2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z"), env: fc.constant("production") }),
 * });
 * ```
 */
export function inputArb(options: InputArbOptions): fc.Arbitrary<GeneratedInput> {
  return fc
    .record({
      proposal: options.proposal,
      context: options.context !== undefined ? arbOf(options.context) : fc.constant(undefined),
      history: options.history ?? fc.constant([] as HistoryEntry[]),
    })
    .map(({ proposal, context, history }) => (context === undefined ? { proposal, history } : { proposal, context, history }));
}

/**
 * An arbitrary of RFC 3339 timestamps (UTC, whole seconds) from `from` to
 * `to` inclusive, for `context.now`. Shrinks toward `from`.
 *
 * @example
 * ```ts
 * timestampArb("2026-11-02T00:00:00Z", "2026-11-02T23:59:59Z"); // "2026-11-02T10:15:00Z", …
 * ```
 */
export function timestampArb(from: string, to: string): fc.Arbitrary<string> {
  const lo = Date.parse(from);
  const hi = Date.parse(to);
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
    throw SnapError.of("bad_time_range", `\`${from}\` to \`${to}\` is not a time range`, undefined, "give two RFC 3339 timestamps, the earlier first");
  }
  return fc.integer({ min: Math.ceil(lo / 1000), max: Math.floor(hi / 1000) }).map(formatTimestamp);
}

/** Seconds since the epoch as RFC 3339 in UTC, without a fraction. */
export function formatTimestamp(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}
