/**
 * The embeddable governor: decide, record, answer — for a service that sits
 * between agents and their tools. It keeps, in memory, the per-session
 * history and the idempotency keys already committed, built once from the
 * ledger when it starts and kept up to date as records are appended.
 */
import type { Decision, Policy } from "../decision/contract.js";
import { SnapError } from "../source/diagnostic.js";
import type { LedgerRecord } from "./format.js";
import { SessionHistories, historyItem, sessionOf, type HistoryItem } from "./history.js";
import { openLedger, type Ledger, type OpenLedgerOptions } from "./ledger.js";

/** A decision from `govern`; `duplicate_of` is set when it is the earlier decision for an idempotency key already allowed. */
export type GovernedDecision = Decision & {
  /** The ledger record of the original decision, for a retried proposal whose `idempotency_key` was already allowed. */
  readonly duplicate_of?: { readonly seq: number; readonly hash: string };
};

/** Options of `createGovernor`. */
export interface GovernorOptions {
  /** The policy set that decides (from `loadPolicies`, `compile`, `loadOpaWasm`…). */
  readonly policies: Policy;
  /** The ledger to record to: an open `Ledger`, or a path to open (the governor then owns and closes it). */
  readonly ledger: Ledger | string;
  /** The session of proposals that name none (written into their `proposal.session`). */
  readonly session?: string;
  /** Options for opening the ledger, when `ledger` is a path. */
  readonly ledgerOptions?: OpenLedgerOptions;
}

/** Decides proposals and records every decision. */
export interface Governor {
  /**
   * Decide one proposal with the history of its session, append the decision
   * to the ledger, and return it once it is on disk. A proposal whose
   * `idempotency_key` was already allowed in this ledger is not decided
   * again: the original decision comes back with `duplicate_of`.
   */
  govern(proposal: unknown, context?: unknown): Promise<GovernedDecision>;
  /** Swap the policy set. Decisions already begun finish with the old one; every later one uses the new one. */
  reload(policies: Policy): void;
  /** The `policy_hash` of the current policy set. */
  readonly policyHash: string;
  /** The ledger decisions go to. */
  readonly ledger: Ledger;
  /** The history a proposal of `session` would see now (oldest first). */
  history(session: string): readonly HistoryItem[];
  /** Stop: wait for pending appends and, if the governor opened the ledger, close it. */
  close(): Promise<void>;
}

/**
 * Create a governor over a policy set and a ledger.
 *
 * @example
 * const governor = await createGovernor({ policies: await loadPolicies(["policies/"]), ledger: "decisions.jsonl" });
 * const decision = await governor.govern(proposal, { now: new Date().toISOString() });
 * if (decision.effect === "allow" && !decision.duplicate_of) runTool(proposal);
 */
export async function createGovernor(options: GovernorOptions): Promise<Governor> {
  checkPolicy(options.policies);
  if (options.session !== undefined && typeof options.session !== "string") {
    throw SnapError.of("governor_bad_option", "`session` must be a string", undefined, "pass the session id proposals without `proposal.session` belong to");
  }
  const index = new DecisionIndex();
  let ledger: Ledger;
  let owned: boolean;
  if (typeof options.ledger === "string") {
    const user = options.ledgerOptions?.onRecord;
    ledger = await openLedger(options.ledger, {
      ...options.ledgerOptions,
      onRecord: (r) => {
        index.add(r);
        user?.(r);
      },
    });
    owned = true;
  } else {
    ledger = options.ledger;
    ledger.forEachRecord((r) => index.add(r));
    owned = false;
  }
  // Subscribing right after the scan, with no await between, so no record is missed.
  const unsubscribe = ledger.subscribe((r) => index.add(r));
  return new LedgerGovernor(options.policies, ledger, owned, unsubscribe, index, options.session);
}

class LedgerGovernor implements Governor {
  constructor(
    private policy: Policy,
    readonly ledger: Ledger,
    private readonly owned: boolean,
    private readonly unsubscribe: () => void,
    private readonly index: DecisionIndex,
    private readonly defaultSession: string | undefined,
  ) {}

  get policyHash(): string {
    return this.policy.policyHash;
  }

  async govern(proposal: unknown, context?: unknown): Promise<GovernedDecision> {
    // INVARIANT: everything from here to `submit` runs without an await, so
    // decisions are made and chained one at a time, each seeing every earlier
    // one in its history and in the idempotency index, and with one policy set.
    const policy = this.policy;
    const p = withSession(proposal, this.defaultSession);
    const key = ownString(p, "idempotency_key");
    const earlier = key === undefined ? undefined : this.index.committed.get(key);
    if (earlier) {
      // The original may still be on its way to disk: answer only once it is there.
      await this.ledger.whenSynced(earlier.seq);
      return { ...earlier.decision, duplicate_of: { seq: earlier.seq, hash: earlier.hash } };
    }
    const input: Record<string, unknown> = { proposal: p };
    if (context !== undefined) input["context"] = context;
    input["history"] = this.index.histories.historyFor(sessionOf(p));
    const decision = policy.decide(input);
    // The history is every earlier record of the session: recorded by that reference, not repeated.
    const { committed } = this.ledger.submit({ input, decision, historyRef: "session" });
    await committed;
    return decision;
  }

  reload(policies: Policy): void {
    checkPolicy(policies);
    this.policy = policies;
  }

  history(session: string): readonly HistoryItem[] {
    return this.index.histories.historyFor(session);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    if (this.owned) await this.ledger.close();
    else await this.ledger.flush().catch(() => undefined);
  }
}

interface Committed {
  readonly seq: number;
  readonly hash: string;
  readonly decision: Decision;
}

/** What the governor remembers of the ledger: each session's history, and the first allowed record of each idempotency key. */
class DecisionIndex {
  readonly histories = new SessionHistories();
  readonly committed = new Map<string, Committed>();

  add(record: LedgerRecord): void {
    this.histories.add(record);
    const item = historyItem(record);
    const key = item && ownString(item.proposal, "idempotency_key");
    if (key !== undefined && item!.effect === "allow" && !this.committed.has(key)) {
      this.committed.set(key, { seq: record.seq, hash: record.hash, decision: record.decision });
    }
  }
}

function withSession(proposal: unknown, session: string | undefined): unknown {
  if (session === undefined || !isPlainObject(proposal) || Object.hasOwn(proposal, "session")) return proposal;
  return { ...proposal, session };
}

function ownString(x: unknown, key: string): string | undefined {
  if (!isPlainObject(x) || !Object.hasOwn(x, key)) return undefined;
  const v = x[key];
  return typeof v === "string" ? v : undefined;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function checkPolicy(p: unknown): asserts p is Policy {
  const ok = typeof p === "object" && p !== null && typeof (p as Policy).decide === "function" && typeof (p as Policy).policyHash === "string";
  if (!ok) {
    throw SnapError.of(
      "governor_bad_policy",
      "`policies` is not a loaded policy set",
      undefined,
      "pass what `loadPolicies`, `compile` or `loadOpaWasm` returned",
    );
  }
}
