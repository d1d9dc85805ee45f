/**
 * Session histories from a ledger: what each record contributes to the
 * `history` of later proposals of its session, and the inputs of records
 * whose history is stored by reference (`history_ref: "session"`).
 */
import type { Effect } from "../decision/contract.js";
import { SnapError } from "../source/diagnostic.js";
import type { Json } from "../value/json.js";
import type { LedgerRecord } from "./format.js";

/** One earlier governed proposal of a session, as policies see it in `input.history`. */
export interface HistoryItem {
  readonly proposal: Json;
  readonly effect: Effect;
  /** What the committed tool call returned, when the ledger recorded it. */
  readonly result?: Json;
}

/** What a record contributes to later histories of its session (`undefined` without a proposal). */
export function historyItem(record: LedgerRecord): HistoryItem | undefined {
  if (!Object.hasOwn(record.input, "proposal")) return undefined;
  const proposal = record.input["proposal"]!;
  const effect = record.decision.effect;
  return record.result === undefined ? { proposal, effect } : { proposal, effect, result: record.result };
}

/** `proposal.session` when it is a string. */
export function sessionOf(proposal: unknown): string | undefined {
  if (typeof proposal !== "object" || proposal === null || Array.isArray(proposal) || !Object.hasOwn(proposal, "session")) return undefined;
  const s = (proposal as Record<string, unknown>)["session"];
  return typeof s === "string" ? s : undefined;
}

/** Every session's history so far, built by adding records in ledger order. */
export class SessionHistories {
  private readonly sessions = new Map<string, HistoryItem[]>();

  /** Add the next record of the ledger. */
  add(record: LedgerRecord): void {
    const item = historyItem(record);
    const session = item && sessionOf(item.proposal);
    if (session === undefined) return;
    let items = this.sessions.get(session);
    if (!items) this.sessions.set(session, (items = []));
    items.push(item!);
  }

  /** The history a new proposal of `session` gets: a copy, oldest first (empty without a session). */
  historyFor(session: string | undefined): HistoryItem[] {
    return session === undefined ? [] : (this.sessions.get(session)?.slice() ?? []);
  }

  /**
   * The input `record`'s decision was made for: its `input`, with `history`
   * rebuilt when it is stored by reference. INVARIANT: exactly the records
   * before `record` have been added.
   */
  decidedInput(record: LedgerRecord): { readonly [k: string]: Json } {
    if (record.history_ref === undefined) return record.input;
    if (record.history_ref !== "session") {
      throw SnapError.of("ledger_unsupported", `record seq ${record.seq} has a history reference \`${String(record.history_ref)}\` this version does not know`, undefined, "replay it with a newer snapspace");
    }
    const proposal = Object.hasOwn(record.input, "proposal") ? record.input["proposal"] : undefined;
    return { ...record.input, history: this.historyFor(sessionOf(proposal)) as unknown as Json };
  }
}
