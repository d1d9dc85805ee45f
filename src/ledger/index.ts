/**
 * The hash-chained decision ledger (docs/ledger.md): appending durably,
 * verifying the chain, replaying decisions, and the embeddable governor.
 */
export {
  GENESIS_HASH,
  EMPTY_HEAD,
  hashBody,
  recordBody,
  recordLine,
  parseRecordLine,
  type LedgerRecord,
  type LedgerEntry,
  type ChainHead,
  type ParsedLine,
} from "./format.js";
export { SessionHistories, historyItem, sessionOf, type HistoryItem } from "./history.js";
export { ChainWalker, type ChainProblem, type ChainProblemKind } from "./chain.js";
export { openLedger, Ledger, type OpenLedgerOptions, type LedgerWarning, type TornTail, type PendingAppend } from "./ledger.js";
export { lockPath } from "./lock.js";
export { verifyLedger, type VerifyReport, type IncompleteTailReport } from "./verify.js";
export { replayLedger, type ReplayReport, type Drift, type DriftField, type DecisionOutcome, type OtherPolicy } from "./replay.js";
export { DecisionRecorder } from "./recorder.js";
export { createGovernor, type Governor, type GovernorOptions, type GovernedDecision } from "./governor.js";
