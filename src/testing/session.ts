/**
 * Sessions as `snapspace eval --session` replays them (DESIGN.md §4): the
 * input of a record has as its history the earlier records of its session,
 * each with the effect the policy decides for it now and its recorded
 * result. The toolkit replays sessions the same way, so that a session it
 * prints reproduces with `snapspace eval --session`.
 */
import type { Decision, DecideOptions, Effect, Policy } from "../decision/contract.js";
import type { HistoryEntry, RecordedProposal } from "../decision/schemas.js";
import type { GeneratedInput } from "./proposals.js";

/**
 * A session to replay: records of one `proposal.session`, oldest first. The
 * last record is the one under test; the earlier ones are decided first to
 * make its history.
 */
export type Session = readonly RecordedProposal[];

/** What replaying a session gives. */
export interface Replayed {
  /** The input of the last record, with the session's history. */
  readonly input: GeneratedInput;
  /** The effect decided for each earlier record, in order. */
  readonly earlier: readonly Effect[];
}

/**
 * Replay `session` with `policy` as `snapspace eval --session` does, and
 * return the input of its last record.
 *
 * @example
 * ```ts
 * const { input } = replaySession(policy, [firstCharge, retryOfTheSameCharge]);
 * input.history[0].effect; // what the policy decided for the first charge
 * ```
 */
export function replaySession(policy: Policy, session: Session, options: DecideOptions = { hashes: false }): Replayed {
  if (session.length === 0) throw new RangeError("a session to replay needs at least one record");
  const history: HistoryEntry[] = [];
  const earlier: Effect[] = [];
  for (let i = 0; i < session.length - 1; i++) {
    const record = session[i]!;
    const d = policy.decide(inputOf(record, history.slice()), options);
    earlier.push(d.effect);
    history.push(record.result === undefined ? { proposal: record.proposal, effect: d.effect } : { proposal: record.proposal, effect: d.effect, result: record.result });
  }
  return { input: inputOf(session[session.length - 1]!, history), earlier };
}

/** The input of a record with a given history (the context only when the record has one, as the CLI does). */
export function inputOf(record: RecordedProposal, history: readonly HistoryEntry[]): GeneratedInput {
  return record.context === undefined ? { proposal: record.proposal, history } : { proposal: record.proposal, context: record.context, history };
}

/** A generated case, decided: the input under test, its decision, and the session it came from (if any). */
export interface DecidedCase {
  readonly input: unknown;
  readonly decision: Decision;
  readonly session?: Session;
}

/**
 * Decide one generated value: an array is a `Session` (its last record is
 * decided after the earlier ones), anything else an input.
 *
 * @example
 * ```ts
 * const [session] = fc.sample(mutatedSessionsArb(records), 1);
 * const { input, decision } = decideCase(policy, session);
 * ```
 */
export function decideCase(policy: Policy, generated: unknown, options?: DecideOptions): DecidedCase {
  if (Array.isArray(generated)) {
    const session = generated as Session;
    const { input } = replaySession(policy, session);
    return { input, decision: policy.decide(input, options), session };
  }
  return { input: generated, decision: policy.decide(generated, options) };
}

/** Records grouped by `proposal.session`, in order of first appearance; a record without a session is a session of its own. */
export function groupSessions(records: readonly RecordedProposal[]): Session[] {
  const out: RecordedProposal[][] = [];
  const bySession = new Map<string, RecordedProposal[]>();
  for (const r of records) {
    const id = r.proposal.session;
    if (id === undefined) {
      out.push([r]);
      continue;
    }
    let s = bySession.get(id);
    if (!s) {
      bySession.set(id, (s = []));
      out.push(s);
    }
    s.push(r);
  }
  return out;
}
