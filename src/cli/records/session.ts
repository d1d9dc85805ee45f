/**
 * Session replay for `snapspace eval --session` (DESIGN.md §4): each
 * record's `input.history` is built from the earlier records of its own
 * session (`proposal.session`), with the effects decided now and their
 * recorded results. Records of other sessions never touch it, and records
 * without a session have an empty history.
 *
 * Memory: what is kept is, per session, one small entry per decided record
 * (the parsed proposal, shared with the record, its effect and its result);
 * contexts are not kept. Sessions are never closed (a file may interleave
 * them in any order), so this grows with the number of session records in
 * the run: about the size of the proposals and results read.
 */
import type { Effect } from "../../decision/contract.js";
import type { HistoryEntry, RecordedProposal } from "../../decision/schemas.js";

/** The input document `eval` decides for a record. */
export interface EvalInputDocument {
  readonly proposal: RecordedProposal["proposal"];
  readonly context?: RecordedProposal["context"];
  readonly history: readonly HistoryEntry[];
}

const NO_HISTORY: readonly HistoryEntry[] = Object.freeze([]);

/** The histories of the sessions seen so far, for one policy set. */
export class SessionHistories {
  private readonly bySession = new Map<string, HistoryEntry[]>();

  /**
   * The input for `record`: its proposal and context, and its session's
   * history so far. INVARIANT: `decide` does not keep the input, so the
   * history array is shared with later records of the session instead of
   * copied (a copy per record would be quadratic in a session's length);
   * `add` only appends after the decision is made.
   */
  inputFor(record: RecordedProposal): EvalInputDocument {
    const session = record.proposal.session;
    const history = session === undefined ? NO_HISTORY : (this.bySession.get(session) ?? NO_HISTORY);
    return record.context === undefined ? { proposal: record.proposal, history } : { proposal: record.proposal, context: record.context, history };
  }

  /** Remember a decided record in its session's history. */
  add(record: RecordedProposal, effect: Effect): void {
    const session = record.proposal.session;
    if (session === undefined) return;
    let history = this.bySession.get(session);
    if (!history) this.bySession.set(session, (history = []));
    const entry: HistoryEntry = record.result === undefined ? { proposal: record.proposal, effect } : { proposal: record.proposal, effect, result: record.result };
    history.push(entry);
  }

  /** Number of sessions seen. */
  get sessions(): number {
    return this.bySession.size;
  }
}

/** The input for a record when sessions are not replayed: no history is known. */
export function standaloneInput(record: RecordedProposal): EvalInputDocument {
  return record.context === undefined ? { proposal: record.proposal, history: NO_HISTORY } : { proposal: record.proposal, context: record.context, history: NO_HISTORY };
}

