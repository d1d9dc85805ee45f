/**
 * The ledger's record format (docs/ledger.md): one JSON object a line,
 *
 *   {"seq":1,"prev_hash":"sha256:…","hash":"sha256:…","policy_hash":"sha256:…","input":{…},"decision":{…}}
 *
 * `hash` is `sha256:` + SHA-256 over the RFC 8785 canonical JSON of the
 * record without its `hash` field (every other field, known or not, so a
 * later format that adds a field is still covered). `prev_hash` is the
 * previous record's `hash`, or `GENESIS_HASH` for seq 1.
 */
import * as z from "zod";
import { canonicalJson, sha256Hex } from "../decision/canonical.js";
import type { Decision } from "../decision/contract.js";
import { SnapError } from "../source/diagnostic.js";
import { NotJsonError, fromJs, parseJson, stringifyJson, type Json } from "../value/json.js";

/** `prev_hash` of the first record: `sha256:` and 64 zeros (no record hashes to it). */
export const GENESIS_HASH = `sha256:${"0".repeat(64)}`;

/** One governed decision as the ledger keeps it. */
export interface LedgerRecord {
  /** Position in the chain, from 1, without gaps. */
  readonly seq: number;
  /** `hash` of the record before, or `GENESIS_HASH`. */
  readonly prev_hash: string;
  /** `sha256:` + SHA-256 of the canonical JSON of this record without `hash`. */
  readonly hash: string;
  /** The `policy_hash` of the policy set that made the decision. */
  readonly policy_hash: string;
  /**
   * The input document the policy saw: `proposal`, `context`, `history`. When
   * `history_ref` is present, `history` is not stored here but by reference.
   */
  readonly input: { readonly [k: string]: Json };
  /**
   * `"session"`: the input's `history` was every earlier record of this
   * ledger whose `proposal.session` is this proposal's, oldest first, each as
   * `{proposal, effect, result?}` (`history.ts`). Keeps a session's records
   * from growing with its length.
   */
  readonly history_ref?: "session";
  /** The decision, as `decide` returned it. */
  readonly decision: Decision;
  /** What the committed tool call returned, when the recorder knew it (it then appears in later `history`). */
  readonly result?: Json;
}

/** What a caller hands to `append`: the input and the decision made for it. */
export interface LedgerEntry {
  readonly input: unknown;
  readonly decision: Decision;
  readonly result?: unknown;
  /**
   * `"session"` when `input.history` is exactly the items of every earlier
   * record of this ledger of the proposal's session (what the governor
   * builds): the record then stores this reference instead of the history.
   * The caller vouches for it; `replay` checks it through `input_hash`.
   */
  readonly historyRef?: "session";
}

/** The head of a chain: the last record's `seq` and `hash` (`0` and `GENESIS_HASH` when empty). */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** The head of an empty ledger. */
export const EMPTY_HEAD: ChainHead = Object.freeze({ seq: 0, hash: GENESIS_HASH });

const HASH = z.string().regex(/^sha256:[0-9a-f]{64}$/, "expected `sha256:` and 64 lowercase hex digits");

// Loose: fields a later format adds are kept (and covered by `hash`), not rejected.
const RECORD = z.looseObject({
  seq: z.number().int().min(1),
  prev_hash: HASH,
  hash: HASH,
  policy_hash: z.string().min(1),
  input: z.looseObject({}),
  history_ref: z.literal("session").optional(),
  decision: z.looseObject({ effect: z.enum(["allow", "deny", "escalate"]) }),
});

/** `sha256:` + SHA-256 over the canonical JSON of `body` (a record without `hash`). */
export function hashBody(body: Readonly<Record<string, unknown>>): string {
  return `sha256:${sha256Hex(canonicalJson(body))}`;
}

/** The fields of a record other than `hash`: what `hash` covers. */
export function recordBody(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const k of Object.keys(record)) if (k !== "hash") body[k] = record[k];
  return body;
}

/**
 * Build the next record of a chain from an entry. The input, decision and
 * result are normalised to JSON values first (integers beyond 2^53 become
 * `bigint`), exactly as `parseJson` will read them back, so the hash a writer
 * computes is the hash a verifier recomputes. Throws `SnapError` (`ledger_not_json`).
 */
export function sealRecord(entry: LedgerEntry, head: ChainHead): LedgerRecord {
  const raw = entry.input;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw SnapError.of("ledger_not_json", "the ledger input must be a JSON object", undefined, "pass the input document `{proposal, context, history}` that was decided");
  }
  let kept = raw as Record<string, unknown>;
  if (entry.historyRef !== undefined) {
    if (entry.historyRef !== "session") {
      throw SnapError.of("ledger_bad_history", `unknown history reference \`${String(entry.historyRef)}\``, undefined, "use `session`, or leave the history in the input");
    }
    // Dropped before normalising: the history is the part that grows with the session.
    const { history: _, ...rest } = kept;
    kept = rest;
  }
  const input = asJson(kept, "input");
  const decision = asJson(entry.decision, "decision") as unknown as Decision;
  if (!isDecisionLike(decision)) {
    throw SnapError.of(
      "ledger_bad_decision",
      "the decision to record has no `effect` of `allow`, `deny` or `escalate` or no `policy_hash`",
      undefined,
      "record the decision object that `decide` returned",
    );
  }
  const body: Record<string, unknown> = {
    seq: head.seq + 1,
    prev_hash: head.hash,
    policy_hash: decision.policy_hash,
    input,
    ...(entry.historyRef !== undefined ? { history_ref: entry.historyRef } : {}),
    decision,
  };
  if (entry.result !== undefined) body["result"] = asJson(entry.result, "result");
  return { ...(body as Omit<LedgerRecord, "hash">), hash: hashBody(body) };
}

function isDecisionLike(d: unknown): d is Decision {
  if (d === null || typeof d !== "object" || Array.isArray(d)) return false;
  const o = d as Record<string, unknown>;
  const effect = Object.hasOwn(o, "effect") ? o["effect"] : undefined;
  const hash = Object.hasOwn(o, "policy_hash") ? o["policy_hash"] : undefined;
  return (effect === "allow" || effect === "deny" || effect === "escalate") && typeof hash === "string" && hash.length > 0;
}

function asJson(x: unknown, what: string): Json {
  try {
    return fromJs(x, what) as Json;
  } catch (e) {
    if (e instanceof NotJsonError) {
      throw SnapError.of("ledger_not_json", `cannot record ${e.message}`, undefined, "the ledger keeps JSON only: pass plain objects, arrays, strings, numbers, booleans and null");
    }
    throw e;
  }
}

/** The line a record is written as (with its trailing newline): fixed field order for people, nested keys sorted. */
export function recordLine(record: LedgerRecord): string {
  const known = new Set(["seq", "prev_hash", "hash", "policy_hash", "input", "history_ref", "decision"]);
  let line =
    `{"seq":${record.seq},"prev_hash":${JSON.stringify(record.prev_hash)},"hash":${JSON.stringify(record.hash)}` +
    `,"policy_hash":${JSON.stringify(record.policy_hash)},"input":${stringifyJson(record.input)}` +
    (record.history_ref !== undefined ? `,"history_ref":${JSON.stringify(record.history_ref)}` : "") +
    `,"decision":${stringifyJson(record.decision as unknown as Json)}`;
  for (const k of Object.keys(record).sort()) {
    if (known.has(k)) continue;
    line += `,${JSON.stringify(k)}:${stringifyJson((record as unknown as Record<string, Json>)[k]!)}`;
  }
  return `${line}}\n`;
}

/** A parsed line: a record, or why it is not one. */
export type ParsedLine = { readonly ok: true; readonly record: LedgerRecord } | { readonly ok: false; readonly fault: string };

/** Parse one line (without its newline) into a record, or say why it is not one. Does not check the hash. */
export function parseRecordLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (e) {
    return { ok: false, fault: `it is not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const checked = RECORD.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const at = issue.path.length ? `\`${issue.path.join(".")}\`` : "the line";
    return { ok: false, fault: `${at}: ${issue.message}` };
  }
  return { ok: true, record: value as LedgerRecord };
}

/** A short form of a hash for human output: `sha256:1a2b3c4d5e6f`. */
export function shortHash(hash: string): string {
  return hash.length > 19 ? hash.slice(0, 19) : hash;
}

