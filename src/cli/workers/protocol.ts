/**
 * The messages between `snapspace eval --workers N` and its worker threads.
 * The main thread reads, validates and orders; a worker loads the policies
 * itself (from the same command-line options) and decides the records it is
 * sent, in the order it is sent them, keeping the session histories of the
 * sessions routed to it.
 */
import type { Decision } from "../../decision/contract.js";
import type { RecordedProposal } from "../../decision/schemas.js";

/** Tells a thread started from the CLI's module that it is an eval worker (and which protocol it speaks). */
export const EVAL_WORKER_MARKER = "snapspace-eval-worker/1";

/** The command-line options a worker loads a policy set from (`--policy`, `--data`, `--v0-compatible`). */
export interface PolicyLoadOptions {
  readonly policy: readonly string[];
  readonly data?: string;
  readonly v0Compatible?: boolean;
}

/** A worker's `workerData`. */
export interface EvalWorkerData {
  readonly marker: typeof EVAL_WORKER_MARKER;
  readonly policy: PolicyLoadOptions;
  readonly baseline?: PolicyLoadOptions;
  /** `--session`: build each record's history from the earlier records of its session. */
  readonly session: boolean;
}

/** Main thread → worker. */
export type ToWorker =
  /** Decide these records, in this order; `seqs[i]` is the run's number of `records[i]`. */
  | { readonly type: "batch"; readonly seqs: readonly number[]; readonly records: readonly RecordedProposal[] }
  /** No more batches: close the port so that the thread can exit. */
  | { readonly type: "close" };

/** Worker → main thread. */
export type FromWorker =
  /** The policies are loaded; batches are decided from now on. */
  | { readonly type: "ready" }
  | { readonly type: "decided"; readonly seqs: readonly number[]; readonly decisions: readonly Decision[]; readonly baselines?: readonly Decision[] }
  /** Loading the policies failed (the main thread loads them too, and reports the diagnostics). */
  | { readonly type: "failed"; readonly message: string };

/** True for the `workerData` of an eval worker. */
export function isEvalWorkerData(x: unknown): x is EvalWorkerData {
  return typeof x === "object" && x !== null && (x as { marker?: unknown }).marker === EVAL_WORKER_MARKER;
}
