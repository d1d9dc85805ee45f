/**
 * Recording the decisions of a batch run (`snapspace eval --ledger`): each
 * decision is handed to the ledger without waiting for its own sync, so
 * group commit writes them in large batches; the number in flight is
 * bounded, so memory stays flat however long the run; `finish` waits for the
 * last sync and reports any failure.
 */
import type { Decision } from "../decision/contract.js";
import { openLedger, type Ledger, type OpenLedgerOptions } from "./ledger.js";

/** Appends in flight before `record` waits for the disk. */
const MAX_IN_FLIGHT = 4096;

/** Appends the decisions of a run to a ledger. */
export class DecisionRecorder {
  private constructor(private readonly ledger: Ledger) {}

  /** Open (or create) the ledger at `path` for this run. Throws `SnapError` as `openLedger` does. */
  static async open(path: string, options: OpenLedgerOptions = {}): Promise<DecisionRecorder> {
    return new DecisionRecorder(await openLedger(path, options));
  }

  /** The ledger's head: the last record appended. */
  get head(): { readonly seq: number; readonly hash: string } {
    return this.ledger.head;
  }

  /**
   * Append one decision and the input it was made for (`result`: what the
   * recorded tool call returned, if known). Resolves at once unless too many
   * appends are in flight. Rejects with `SnapError` if the ledger failed or
   * the input is not JSON.
   */
  async record(input: unknown, decision: Decision, result?: unknown): Promise<void> {
    this.ledger.submit(result === undefined ? { input, decision } : { input, decision, result });
    const behind = this.ledger.head.seq - this.ledger.syncedHead.seq;
    if (behind > MAX_IN_FLIGHT) await this.ledger.whenSynced(this.ledger.head.seq - MAX_IN_FLIGHT / 2);
  }

  /** Wait until every decision is on disk, then close the ledger. Rejects with `ledger_write_failed` if one could not be written. */
  async finish(): Promise<void> {
    try {
      await this.ledger.flush();
    } finally {
      await this.ledger.close();
    }
  }
}
