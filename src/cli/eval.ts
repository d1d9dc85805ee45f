/**
 * `snapspace eval RECORDS… --policy P… [--format pretty|json|jsonl|junit]
 * [--session] [--data FILE] [--baseline P…] [--fail-on deny|escalate]
 * [--v0-compatible] [--ledger FILE] [--workers N]`: decide every recorded
 * proposal offline (DESIGN.md §4–§5).
 *
 * Records are streamed: each is read, decided and written before the next is
 * read, so memory stays flat (with `--session`, what grows is the sessions'
 * history; see `records/session.ts`). A malformed line or invalid record is
 * reported with its file, line and field, every other record is still
 * decided, and the exit code is 2. Exit 1 when an `expect` is not met or
 * `--fail-on` matches; 0 otherwise.
 *
 * With `--workers N` (N > 1), records are decided on N worker threads
 * (`workers/`), with the same output, byte for byte, in the same order.
 */
import type { Readable, Writable } from "node:stream";
import { InvalidArgumentError, Option, type Command } from "commander";
import type { Effect, Policy } from "../decision/contract.js";
import { isSnapError } from "../source/diagnostic.js";
import { DecisionRecorder } from "../ledger/recorder.js";
import { loadDecidingPolicyFromCli } from "./load-policy.js";
import { readRecords, recordFiles } from "./records/read.js";
import { SessionHistories, standaloneInput } from "./records/session.js";
import { EVAL_FORMATS, type EvalFormat } from "./report/reporter.js";
import { RunWriter } from "./report/run-writer.js";
import { decideInParallel } from "./workers/parallel.js";
import { WorkerPool } from "./workers/pool.js";
import type { PolicyLoadOptions } from "./workers/protocol.js";

/** Options of `snapspace eval`, as commander parses them. */
export interface EvalCommandOptions {
  readonly policy: string[];
  readonly baseline?: string[];
  readonly format: EvalFormat;
  readonly session?: boolean;
  readonly data?: string;
  readonly failOn?: Effect[];
  readonly v0Compatible?: boolean;
  readonly ledger?: string;
  /** Worker threads deciding records (default 1: the main thread decides). */
  readonly workers?: number;
}

/** Where a run reads and writes (the process's streams, or a test's). */
export interface EvalStreams {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly stdin: Readable;
}

/** How to decide: the settings of `evaluateRecords` that are not policies. */
export interface EvalSettings {
  readonly format: EvalFormat;
  readonly session: boolean;
  readonly failOn: ReadonlySet<Effect>;
  /** Colour in pretty output and diagnostics (default: when the stream is a terminal). */
  readonly color?: boolean;
  /** Appends every decision to a hash-chained ledger (`--ledger`). */
  readonly recorder?: DecisionRecorder;
}

/** More threads than this is a typo, not a machine. */
const MAX_WORKERS = 256;

/** Register `snapspace eval` on the program. */
export function registerEval(program: Command): void {
  program
    .command("eval")
    .description("decide every recorded proposal offline and check the decisions against their `expect`")
    .argument("<records...>", "recorded proposals: JSON Lines (.jsonl), JSON arrays (.json), folders of them, or `-` for standard input")
    .requiredOption("-p, --policy <paths...>", "policy files or folders (.snap, .rego)")
    .addOption(new Option("-f, --format <format>", "output format").choices(EVAL_FORMATS).default("pretty"))
    .option("-s, --session", "replay sessions: each record's `input.history` is the earlier records of its `proposal.session`")
    .option("-d, --data <file>", "base documents (JSON or YAML) merged into `data`")
    .option("-b, --baseline <paths...>", "a second policy set: report every record whose effect it decides differently")
    .option("--fail-on <effect>", "exit 1 when any decision is `deny` or `escalate` (repeat or separate with commas)", collectEffects, [])
    .option("--v0-compatible", "accept Rego v0 syntax, as OPA's --v0-compatible")
    .option("--ledger <file>", "append every decision to this hash-chained ledger (docs/ledger.md)")
    .option("-w, --workers <n>", "decide on N worker threads (same output, in the same order; a session stays on one thread)", parseWorkers, 1)
    .action(async (records: string[], options: EvalCommandOptions) => {
      process.exitCode = await runEval(records, options);
    });
}

function collectEffects(value: string, previous: Effect[]): Effect[] {
  const out = [...previous];
  for (const part of value.split(",")) {
    const e = part.trim();
    if (e !== "deny" && e !== "escalate") throw new InvalidArgumentError(`\`${e}\` is not an effect to fail on; use \`deny\` or \`escalate\``);
    if (!out.includes(e)) out.push(e);
  }
  return out;
}

function parseWorkers(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > MAX_WORKERS) throw new InvalidArgumentError(`\`${value}\` is not a number of workers; use a whole number from 1 to ${MAX_WORKERS}`);
  return n;
}

/** Run `snapspace eval`; resolves to the exit code. Throws `SnapError` for a missing records path (exit 2 in `main`). */
export async function runEval(paths: readonly string[], options: EvalCommandOptions, streams: EvalStreams = processStreams()): Promise<number> {
  const loadOptions = (policy: string[]): PolicyLoadOptions => ({
    policy,
    ...(options.data !== undefined ? { data: options.data } : {}),
    ...(options.v0Compatible ? { v0Compatible: true } : {}),
  });
  const load = (policy: string[]) => loadDecidingPolicyFromCli(loadOptions(policy));
  const session = options.session ?? false;
  const workers = options.workers ?? 1;
  const settings = { format: options.format, session, failOn: new Set(options.failOn ?? []) };

  if (workers <= 1) {
    const policy = await load(options.policy);
    const baseline = options.baseline ? await load(options.baseline) : undefined;
    const files = await recordFiles(paths);
    return withRecorder(options.ledger, streams, (recorder) => evaluateRecords(files, policy, baseline, { ...settings, ...(recorder ? { recorder } : {}) }, streams));
  }

  // The workers load the policies while the main thread waits; if they cannot, loading here prints why, as with one thread.
  const pool = WorkerPool.start({ workers, policy: loadOptions(options.policy), ...(options.baseline ? { baseline: loadOptions(options.baseline) } : {}), session });
  try {
    try {
      await pool.ready();
    } catch (e) {
      await load(options.policy);
      if (options.baseline) await load(options.baseline);
      throw e;
    }
    const files = await recordFiles(paths);
    return await withRecorder(options.ledger, streams, (recorder) => {
      const writer = new RunWriter({ ...settings, ...(recorder ? { recorder } : {}) }, streams, options.baseline !== undefined);
      return decideInParallel(files, pool, writer, streams.stdin, { workers, session, ledger: recorder !== undefined });
    });
  } finally {
    await pool.close();
  }
}

async function withRecorder(ledger: string | undefined, streams: EvalStreams, run: (recorder: DecisionRecorder | undefined) => Promise<number>): Promise<number> {
  const recorder = ledger === undefined ? undefined : await DecisionRecorder.open(ledger, { onWarning: (w) => streams.stderr.write(`warning: ${w.message}\n`) });
  try {
    return await run(recorder);
  } finally {
    await recorder?.finish();
  }
}

function processStreams(): EvalStreams {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}

/**
 * Decide every record of `files` with `policy` (and `baseline`), writing the
 * report as it goes; resolves to the exit code. Never throws for bad records
 * or unreadable files: they are reported and make the exit code 2.
 */
export async function evaluateRecords(files: readonly string[], policy: Policy, baseline: Policy | undefined, settings: EvalSettings, streams: EvalStreams): Promise<number> {
  const writer = new RunWriter(settings, streams, baseline !== undefined);
  const sessions = settings.session ? new SessionHistories() : undefined;
  const baselineSessions = settings.session && baseline ? new SessionHistories() : undefined;

  await writer.start();
  for (const file of files) {
    if (writer.closed) break;
    await writer.fileStart(file);
    try {
      for await (const item of readRecords(file, streams.stdin)) {
        if (item.kind === "invalid") {
          await writer.invalid(item);
          continue;
        }
        const { record } = item;
        const input = sessions ? sessions.inputFor(record) : standaloneInput(record);
        const decision = policy.decide(input);
        let base;
        if (baseline) {
          base = baseline.decide(baselineSessions ? baselineSessions.inputFor(record) : standaloneInput(record));
          baselineSessions?.add(record, base.effect);
        }
        // The ledger seals `input` before `decided` resolves; only then may the session's history grow.
        await writer.decided(item, input, decision, base);
        sessions?.add(record, decision.effect);
        if (writer.closed) break;
      }
    } catch (e) {
      if (!isSnapError(e)) throw e;
      await writer.fileError(file, e);
      continue;
    }
    await writer.fileEnd(file);
  }
  return writer.end();
}
