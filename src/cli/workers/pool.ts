/**
 * The main thread's side of `snapspace eval --workers N`: N worker threads,
 * each deciding the batches it is sent, and the decisions they send back,
 * by the run's record number.
 *
 * Routing keeps `--session` exact: every record of a session goes to the
 * same worker (by a hash of its session id), in file order, so each worker's
 * histories are exactly those one thread would build. Records without a
 * session (or without `--session`) go to the least busy worker.
 *
 * The threads run the CLI's own module (`import.meta.url`: the bundle
 * `dist/snapspace.mjs`, or this file in the unbundled `dist/`); importing
 * `eval-worker.js` below is what starts the worker loop there.
 */
import { Worker } from "node:worker_threads";
import type { Decision } from "../../decision/contract.js";
import type { RecordedProposal } from "../../decision/schemas.js";
import { SnapError } from "../../source/diagnostic.js";
import "./eval-worker.js";
import { EVAL_WORKER_MARKER, type EvalWorkerData, type FromWorker, type PolicyLoadOptions, type ToWorker } from "./protocol.js";

/** What a worker decided for one record. */
export interface WorkerResult {
  readonly decision: Decision;
  readonly baseline?: Decision;
}

/** Options of `WorkerPool.start`. */
export interface PoolOptions {
  readonly workers: number;
  readonly policy: PolicyLoadOptions;
  readonly baseline?: PolicyLoadOptions;
  readonly session: boolean;
  /** Records sent to a worker in one message (default 64). */
  readonly batchSize?: number;
}

interface Batch {
  seqs: number[];
  records: RecordedProposal[];
}

/** Worker threads deciding records, and their results by record number. */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  /** Workers whose thread has ended (a worker that failed to load its policies ends on its own). */
  private readonly exited: boolean[] = [];
  private readonly batches: Batch[] = [];
  /** Records submitted to each worker and not yet decided (the pending batch included). */
  private readonly busy: number[] = [];
  private readonly results = new Map<number, WorkerResult>();
  private readonly batchSize: number;
  private readonly session: boolean;
  private readyCount = 0;
  private failure: Error | undefined;
  private closing = false;
  private wake: (() => void) | undefined;
  /** A message arrived while nobody was waiting: the next `next()` resolves at once. */
  private signalled = false;
  /** Records submitted whose result has not arrived. */
  inFlight = 0;

  private constructor(options: PoolOptions) {
    this.batchSize = options.batchSize ?? 64;
    this.session = options.session;
    const data: EvalWorkerData = { marker: EVAL_WORKER_MARKER, policy: options.policy, ...(options.baseline ? { baseline: options.baseline } : {}), session: options.session };
    for (let i = 0; i < options.workers; i++) {
      const worker = new Worker(new URL(import.meta.url), { workerData: data });
      worker.on("message", (m: FromWorker) => this.receive(i, m));
      worker.on("error", (e) => this.fail(e));
      worker.on("exit", (code) => {
        this.exited[i] = true;
        if (!this.closing) this.fail(new Error(`an eval worker stopped unexpectedly (exit code ${code})`));
      });
      this.workers.push(worker);
      this.exited.push(false);
      this.batches.push({ seqs: [], records: [] });
      this.busy.push(0);
    }
  }

  /** Start `options.workers` threads; they load the policies at once. */
  static start(options: PoolOptions): WorkerPool {
    return new WorkerPool(options);
  }

  /** Resolves when every worker has loaded its policies; rejects with the first failure. */
  async ready(): Promise<void> {
    while (this.readyCount < this.workers.length) await this.next();
  }

  /** Queue a record for the worker it belongs to; a full batch is sent at once. */
  submit(seq: number, record: RecordedProposal): void {
    const w = this.route(record);
    const batch = this.batches[w]!;
    batch.seqs.push(seq);
    // A worker needs the proposal and context to decide; the result only for the session's history.
    batch.records.push(this.session ? record : record.context === undefined ? { proposal: record.proposal } : { proposal: record.proposal, context: record.context });
    this.busy[w]!++;
    this.inFlight++;
    if (batch.seqs.length >= this.batchSize) this.send(w);
  }

  /** Send every partly filled batch (before waiting for a result that may be in one). */
  flush(): void {
    for (let w = 0; w < this.workers.length; w++) if (this.batches[w]!.seqs.length > 0) this.send(w);
  }

  /** The result for record `seq`, once it has arrived (and forgets it). */
  take(seq: number): WorkerResult | undefined {
    const r = this.results.get(seq);
    if (r !== undefined) this.results.delete(seq);
    return r;
  }

  /** Resolves when a message arrives from any worker; rejects if a worker failed. */
  next(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.signalled) {
      this.signalled = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    }).then(() => {
      if (this.failure) throw this.failure;
    });
  }

  /** Let the workers finish and exit (at once, if the run stopped early). */
  async close(): Promise<void> {
    this.closing = true;
    // Only threads still running: an "exit" that already happened never fires again, and waiting for it
    // would leave nothing for the event loop to do (the process would end with Node's code 13).
    const running = this.workers.filter((_, i) => !this.exited[i]);
    const exits = running.map((w) => new Promise<void>((resolve) => w.once("exit", () => resolve())));
    for (const w of running) {
      if (this.inFlight > 0 || this.failure) void w.terminate();
      else w.postMessage({ type: "close" } satisfies ToWorker);
    }
    await Promise.all(exits);
  }

  private route(record: RecordedProposal): number {
    const session = this.session ? record.proposal.session : undefined;
    if (session !== undefined) return fnv1a(session) % this.workers.length;
    let best = 0;
    for (let w = 1; w < this.busy.length; w++) if (this.busy[w]! < this.busy[best]!) best = w;
    return best;
  }

  private send(w: number): void {
    const batch = this.batches[w]!;
    this.workers[w]!.postMessage({ type: "batch", seqs: batch.seqs, records: batch.records } satisfies ToWorker);
    this.batches[w] = { seqs: [], records: [] };
  }

  private receive(w: number, m: FromWorker): void {
    switch (m.type) {
      case "ready":
        this.readyCount++;
        break;
      case "decided":
        for (let i = 0; i < m.seqs.length; i++) {
          const baseline = m.baselines?.[i];
          this.results.set(m.seqs[i]!, baseline ? { decision: m.decisions[i]!, baseline } : { decision: m.decisions[i]! });
        }
        this.busy[w]! -= m.seqs.length;
        this.inFlight -= m.seqs.length;
        break;
      case "failed":
        this.fail(SnapError.of("worker_failed", `an eval worker could not load the policies: ${m.message}`, undefined, "run with `--workers 1` to see the full diagnostics"));
        return;
    }
    this.wakeUp();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    if (wake) wake();
    else this.signalled = true;
  }
}

/** FNV-1a over UTF-16 code units: a stable spread of session ids over workers. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
