/**
 * `snapspace eval --workers N`: the main thread reads and validates records
 * (so invalid lines are reported exactly as with one thread), hands the
 * valid ones to a `WorkerPool`, and writes every event in file order as soon
 * as the decisions before it are back, through the same `RunWriter` as the
 * one-thread path: same output, same exit code, same ledger.
 *
 * Memory stays bounded: at most `MAX_IN_FLIGHT_PER_WORKER` records per
 * worker are read ahead of the output.
 */
import type { Readable } from "node:stream";
import { isSnapError, type SnapError } from "../../source/diagnostic.js";
import { readRecords, type InvalidRecord, type ReadRecord } from "../records/read.js";
import { SessionHistories, standaloneInput } from "../records/session.js";
import type { RunWriter } from "../report/run-writer.js";
import type { WorkerPool } from "./pool.js";

/** Records read ahead of the output, per worker. */
const MAX_IN_FLIGHT_PER_WORKER = 1024;

type RunEvent =
  | { readonly kind: "fileStart"; readonly file: string }
  | { readonly kind: "invalid"; readonly item: InvalidRecord }
  | { readonly kind: "record"; readonly seq: number; readonly item: ReadRecord }
  | { readonly kind: "fileError"; readonly file: string; readonly error: SnapError }
  | { readonly kind: "fileEnd"; readonly file: string };

/** Options of `decideInParallel`. */
export interface ParallelOptions {
  readonly workers: number;
  /** `--session`, for the inputs recorded in the ledger (the workers build their own). */
  readonly session: boolean;
  /** True when decisions are recorded in a ledger: the main thread then rebuilds each input. */
  readonly ledger: boolean;
}

/** Decide every record of `files` on `pool`, writing events in order to `writer`; resolves to the exit code. */
export async function decideInParallel(files: readonly string[], pool: WorkerPool, writer: RunWriter, stdin: Readable, options: ParallelOptions): Promise<number> {
  const queue: (RunEvent | undefined)[] = [];
  let head = 0;
  let seq = 0;
  // The ledger records each decision with its input; a session's history is rebuilt here in file order,
  // which is the order its records were decided in on their worker.
  const ledgerSessions = options.ledger && options.session ? new SessionHistories() : undefined;
  const maxInFlight = MAX_IN_FLIGHT_PER_WORKER * options.workers;

  /** Write the events at the head of the queue whose decisions are back. */
  const emitReady = async (): Promise<void> => {
    while (head < queue.length && !writer.closed) {
      const e = queue[head]!;
      switch (e.kind) {
        case "fileStart":
          await writer.fileStart(e.file);
          break;
        case "invalid":
          await writer.invalid(e.item);
          break;
        case "record": {
          const result = pool.take(e.seq);
          if (result === undefined) return;
          const { record } = e.item;
          const input = !options.ledger ? undefined : ledgerSessions ? ledgerSessions.inputFor(record) : standaloneInput(record);
          await writer.decided(e.item, input, result.decision, result.baseline);
          ledgerSessions?.add(record, result.decision.effect);
          break;
        }
        case "fileError":
          await writer.fileError(e.file, e.error);
          break;
        case "fileEnd":
          await writer.fileEnd(e.file);
          break;
      }
      queue[head++] = undefined;
    }
    if (head > 4096 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
  };

  await writer.start();
  reading: for (const file of files) {
    if (writer.closed) break;
    queue.push({ kind: "fileStart", file });
    try {
      for await (const item of readRecords(file, stdin)) {
        if (item.kind === "invalid") queue.push({ kind: "invalid", item });
        else {
          queue.push({ kind: "record", seq, item });
          pool.submit(seq++, item.record);
        }
        await emitReady();
        while (pool.inFlight >= maxInFlight) {
          pool.flush();
          await pool.next();
          await emitReady();
        }
        if (writer.closed) break reading;
      }
    } catch (e) {
      if (!isSnapError(e)) throw e;
      queue.push({ kind: "fileError", file, error: e });
      continue;
    }
    queue.push({ kind: "fileEnd", file });
  }
  pool.flush();
  await emitReady();
  while (head < queue.length && !writer.closed) {
    await pool.next();
    await emitReady();
  }
  return writer.end();
}
