/**
 * Replay: re-decide every input a ledger recorded with a given policy set
 * and report where the decisions differ. Under the same `policy_hash` a
 * difference is a determinism bug; under another one it is what the policy
 * change does.
 */
import { closeSync, openSync } from "node:fs";
import { canonicalJson } from "../decision/canonical.js";
import type { Decision, Effect, Policy } from "../decision/contract.js";
import { SnapError } from "../source/diagnostic.js";
import { fromJs, type Json } from "../value/json.js";
import { ChainWalker } from "./chain.js";
import { SessionHistories } from "./history.js";
import { readLines } from "./lines.js";
import { errorText } from "./lock.js";

/** The parts of a decision replay compares. */
export interface DecisionOutcome {
  readonly effect: Effect;
  readonly reasons: Json;
  readonly obligations: Json;
}

/**
 * What differs in one record. `input_hash`: the input re-decided does not
 * hash to the recorded `input_hash` — the recorder stored something other
 * than what was decided (or a history by reference that does not match).
 */
export type DriftField = "effect" | "reasons" | "obligations" | "input_hash";

/** A record whose decision comes out differently now. */
export interface Drift {
  readonly seq: number;
  readonly proposal_id: string | null;
  readonly fields: readonly DriftField[];
  /** The `policy_hash` the record was decided under. */
  readonly recorded_policy_hash: string;
  /** True when that is the policy set replayed: the difference is then not explained by a policy change. */
  readonly same_policy: boolean;
  readonly recorded: DecisionOutcome;
  readonly replayed: DecisionOutcome;
}

/** Records decided under a policy set other than the one replayed. */
export interface OtherPolicy {
  readonly policy_hash: string;
  readonly records: number;
  readonly first_seq: number;
  readonly last_seq: number;
}

/** The outcome of `replayLedger`. */
export interface ReplayReport {
  readonly file: string;
  /** The `policy_hash` of the policy set replayed. */
  readonly policy_hash: string;
  readonly records: number;
  readonly drift: readonly Drift[];
  /** Records whose `policy_hash` is not the one replayed, grouped by hash in order of first appearance. */
  readonly other_policies: readonly OtherPolicy[];
}

/**
 * Re-decide every record of the ledger at `path` with `policy`. Checks the
 * chain as it goes: a broken chain throws `SnapError` `ledger_corrupt` (run
 * `ledger verify` for the details); an incomplete last line is ignored, as
 * it never was part of the chain.
 */
export function replayLedger(path: string, policy: Policy): ReplayReport {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw SnapError.of("ledger_unreadable", `cannot read the ledger \`${path}\`: ${errorText(e)}`, undefined, "check the path");
  }
  const walker = new ChainWalker();
  const drift: Drift[] = [];
  const others = new Map<string, { records: number; first_seq: number; last_seq: number }>();
  // Every session's history so far, for inputs whose history is stored by reference.
  const histories = new SessionHistories();
  let records = 0;
  try {
    readLines(fd, (line) => {
      const step = walker.push(line);
      if (!step.ok) {
        throw SnapError.of(
          "ledger_corrupt",
          `the ledger \`${path}\` is damaged: ${step.problem.message}`,
          undefined,
          `run \`snapspace ledger verify ${path}\`; replay only trusts an intact chain`,
        );
      }
      const record = step.record;
      records++;
      if (record.policy_hash !== policy.policyHash) {
        const o = others.get(record.policy_hash);
        if (o) {
          o.records++;
          o.last_seq = record.seq;
        } else others.set(record.policy_hash, { records: 1, first_seq: record.seq, last_seq: record.seq });
      }
      const input = histories.decidedInput(record);
      histories.add(record);
      const decision = fromJs(policy.decide(input)) as unknown as Decision;
      const replayed = outcome(decision);
      const recorded = outcome(record.decision);
      const fields = differences(recorded, replayed);
      if (typeof record.decision.input_hash === "string" && typeof decision.input_hash === "string" && record.decision.input_hash !== decision.input_hash) {
        fields.push("input_hash");
      }
      if (fields.length > 0) {
        drift.push({
          seq: record.seq,
          proposal_id: typeof record.decision.proposal_id === "string" ? record.decision.proposal_id : null,
          fields,
          recorded_policy_hash: record.policy_hash,
          same_policy: record.policy_hash === policy.policyHash,
          recorded,
          replayed,
        });
      }
    });
  } finally {
    closeSync(fd);
  }
  return {
    file: path,
    policy_hash: policy.policyHash,
    records,
    drift,
    other_policies: [...others].map(([policy_hash, o]) => ({ policy_hash, ...o })),
  };
}

function outcome(d: Decision): DecisionOutcome {
  return { effect: d.effect, reasons: (d.reasons ?? []) as unknown as Json, obligations: (d.obligations ?? []) as Json };
}

function differences(a: DecisionOutcome, b: DecisionOutcome): DriftField[] {
  const fields: DriftField[] = [];
  if (a.effect !== b.effect) fields.push("effect");
  if (canonicalJson(withoutLocations(a.reasons)) !== canonicalJson(withoutLocations(b.reasons))) fields.push("reasons");
  if (canonicalJson(a.obligations) !== canonicalJson(b.obligations)) fields.push("obligations");
  return fields;
}

/**
 * Reasons as compared: without `location`. A rule's `file:line` moves when
 * a comment is added or a file renamed, which changes neither the decision
 * nor (for comments) the `policy_hash`.
 */
function withoutLocations(reasons: Json): Json {
  if (!Array.isArray(reasons)) return reasons;
  return reasons.map((r: Json) => {
    if (r === null || typeof r !== "object" || Array.isArray(r)) return r;
    const { location: _, ...rest } = r as { readonly [k: string]: Json };
    return rest;
  });
}
