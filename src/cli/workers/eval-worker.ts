/**
 * The worker thread of `snapspace eval --workers N`. The thread runs the
 * CLI's own module (the bundle `dist/snapspace.mjs`, or `dist/cli/workers/pool.js`
 * unbundled), and this module's last statement starts the loop when the
 * thread's `workerData` says it is an eval worker; on the main thread, or in
 * any other worker, importing it does nothing.
 */
import { Writable } from "node:stream";
import { isMainThread, parentPort, workerData, type MessagePort } from "node:worker_threads";
import type { Decision, Policy } from "../../decision/contract.js";
import type { RecordedProposal } from "../../decision/schemas.js";
import { loadDecidingPolicyFromCli } from "../load-policy.js";
import { SessionHistories, standaloneInput } from "../records/session.js";
import { isEvalWorkerData, type EvalWorkerData, type FromWorker, type PolicyLoadOptions, type ToWorker } from "./protocol.js";

/** Decides batches of records with one policy set (and a baseline), keeping the histories of the sessions it is sent. */
export class BatchDecider {
  private readonly sessions: SessionHistories | undefined;
  private readonly baselineSessions: SessionHistories | undefined;

  constructor(
    private readonly policy: Policy,
    private readonly baseline: Policy | undefined,
    session: boolean,
  ) {
    this.sessions = session ? new SessionHistories() : undefined;
    this.baselineSessions = session && baseline ? new SessionHistories() : undefined;
  }

  /** The decisions of `records`, decided in order: what `evaluateRecords` decides on one thread, record for record. */
  decide(seqs: readonly number[], records: readonly RecordedProposal[]): FromWorker {
    const decisions: Decision[] = [];
    const baselines: Decision[] | undefined = this.baseline ? [] : undefined;
    for (const record of records) {
      const input = this.sessions ? this.sessions.inputFor(record) : standaloneInput(record);
      const decision = this.policy.decide(input);
      this.sessions?.add(record, decision.effect);
      decisions.push(decision);
      if (this.baseline && baselines) {
        const base = this.baseline.decide(this.baselineSessions ? this.baselineSessions.inputFor(record) : standaloneInput(record));
        this.baselineSessions?.add(record, base.effect);
        baselines.push(base);
      }
    }
    return baselines ? { type: "decided", seqs, decisions, baselines } : { type: "decided", seqs, decisions };
  }
}

// The main thread loads the same policies first and prints their diagnostics; a worker's copy would only repeat them.
const silent = Object.assign(new Writable({ write: (_chunk, _encoding, done) => done() }), { isTTY: false }) as unknown as NodeJS.WriteStream;

function load(options: PolicyLoadOptions): Promise<Policy> {
  return loadDecidingPolicyFromCli(
    { policy: [...options.policy], ...(options.data !== undefined ? { data: options.data } : {}), ...(options.v0Compatible ? { v0Compatible: true } : {}) },
    silent,
  );
}

async function serve(port: MessagePort, data: EvalWorkerData): Promise<void> {
  let decider: BatchDecider;
  try {
    const policy = await load(data.policy);
    const baseline = data.baseline ? await load(data.baseline) : undefined;
    decider = new BatchDecider(policy, baseline, data.session);
  } catch (e) {
    port.postMessage({ type: "failed", message: e instanceof Error ? e.message : String(e) } satisfies FromWorker);
    port.close();
    return;
  }
  port.postMessage({ type: "ready" } satisfies FromWorker);
  // Batches sent while the policies were loading waited in the port's queue.
  port.on("message", (m: ToWorker) => {
    if (m.type === "close") port.close();
    else port.postMessage(decider.decide(m.seqs, m.records));
  });
}

if (!isMainThread && parentPort && isEvalWorkerData(workerData)) void serve(parentPort, workerData);
