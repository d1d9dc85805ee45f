/**
 * Counterexamples as people use them: the failing input as JSON, and the
 * same case as JSON Lines records that `snapspace eval --session` reads and
 * decides the same way, so a failure found by a generator becomes a
 * recorded fixture by copy and paste.
 */
import type { Decision, Policy } from "../decision/contract.js";
import type { HistoryEntry, RecordedProposal } from "../decision/schemas.js";
import { replaySession, type DecidedCase, type Session } from "./session.js";

/** The session id given to a printed history whose proposals have none. */
export const COUNTEREXAMPLE_SESSION = "s-counterexample";

/** A case as JSON Lines for `snapspace eval --session`, and whether deciding those lines gives the same decision. */
export interface CaseRecords {
  /** One JSON record a line; the last is the case under test, the others its history, oldest first. */
  readonly lines: readonly string[];
  /**
   * True when `snapspace eval --session` on `lines` decides the last record
   * exactly as the case was decided (same history effects, same decision).
   * False for an input whose history holds effects the policy would not
   * decide for those proposals (a generated or flipped history).
   */
  readonly reproducible: boolean;
}

/** The JSON Lines of a decided case (see `CaseRecords`). */
export function caseRecords(policy: Policy, c: DecidedCase): CaseRecords {
  if (c.session) return { lines: c.session.map(recordLine), reproducible: true };
  const session = sessionOfInput(c.input);
  if (!session) return { lines: [JSON.stringify(c.input)], reproducible: false };
  if (session.length === 1) return { lines: [recordLine(session[0]!)], reproducible: true };
  const replayed = replaySession(policy, session);
  const history = (c.input as { history: readonly HistoryEntry[] }).history;
  const sameHistory = replayed.earlier.every((e, i) => e === history[i]!.effect);
  const again = policy.decide(replayed.input);
  return { lines: session.map(recordLine), reproducible: sameHistory && sameDecision(again, c.decision) };
}

/** A record as one line: proposal first, then context and result, as recorded files read. */
export function recordLine(r: RecordedProposal): string {
  return JSON.stringify({ proposal: r.proposal, ...(r.context !== undefined ? { context: r.context } : {}), ...(r.result !== undefined ? { result: r.result } : {}) });
}

/**
 * An input with a history as a session of records: the history's proposals,
 * then the proposal under test, all with one session id (the proposal's own,
 * or `s-counterexample`). Undefined when the input is not input-shaped.
 */
function sessionOfInput(input: unknown): Session | undefined {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return undefined;
  const i = input as { proposal?: unknown; context?: unknown; history?: unknown };
  if (typeof i.proposal !== "object" || i.proposal === null) return undefined;
  const history = Array.isArray(i.history) ? (i.history as HistoryEntry[]) : [];
  const proposal = i.proposal as RecordedProposal["proposal"];
  const target: RecordedProposal = { proposal, ...(i.context !== undefined ? { context: i.context as RecordedProposal["context"] & object } : {}) };
  if (history.length === 0) return [target];
  const id = typeof proposal.session === "string" ? proposal.session : COUNTEREXAMPLE_SESSION;
  const inSession = (p: RecordedProposal["proposal"]) => ({ ...p, session: id });
  return [
    ...history.map((h) => ({ proposal: inSession(h.proposal), ...(h.result !== undefined ? { result: h.result } : {}) })),
    { ...target, proposal: inSession(proposal) },
  ];
}

function sameDecision(a: Decision, b: Decision): boolean {
  return a.effect === b.effect && JSON.stringify(a.reasons) === JSON.stringify(b.reasons);
}

/** A decision's effect and reasons, one reason a line, for messages. */
export function describeDecision(d: Decision, indent = "  "): string {
  const lines = [`${indent}effect: ${d.effect}`];
  if (d.reasons.length === 0) lines.push(`${indent}reasons: none`);
  else {
    lines.push(`${indent}reasons:`);
    for (const r of d.reasons) lines.push(`${indent}  ${r.effect} ${r.package}: ${r.msg} (${r.location})`);
  }
  for (const e of d.errors) lines.push(`${indent}error ${e.code}: ${e.message}${e.field ? ` (${e.field})` : ""}`);
  return lines.join("\n");
}
