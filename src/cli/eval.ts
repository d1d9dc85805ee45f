/**
 * `snapspace eval RECORDS… --policy P… [--format pretty|json|jsonl|junit]
 * [--session] [--data FILE] [--baseline P…] [--fail-on deny|escalate]
 * [--v0-compatible]`: decide every recorded proposal offline (DESIGN.md §4–§5).
 *
 * Records are streamed: each is read, decided and written before the next is
 * read, so memory stays flat (with `--session`, what grows is the sessions'
 * history; see `records/session.ts`). A malformed line or invalid record is
 * reported with its file, line and field, every other record is still
 * decided, and the exit code is 2. Exit 1 when an `expect` is not met or
 * `--fail-on` matches; 0 otherwise.
 */
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import type { Readable, Writable } from "node:stream";
import { InvalidArgumentError, Option, type Command } from "commander";
import type { Effect, Policy } from "../decision/contract.js";
import { isSnapError, type SnapError } from "../source/diagnostic.js";
import { renderDiagnostic } from "../source/render.js";
import { unreachable } from "../source/unreachable.js";
import { DecisionRecorder } from "../ledger/recorder.js";
import { loadDecidingPolicyFromCli } from "./load-policy.js";
import { readRecords, recordFiles, type InvalidRecord } from "./records/read.js";
import { SessionHistories, standaloneInput } from "./records/session.js";
import { JsonReporter } from "./report/json.js";
import { JsonlReporter } from "./report/jsonl.js";
import { JunitReporter } from "./report/junit.js";
import { PrettyReporter } from "./report/pretty.js";
import { EVAL_FORMATS, plural, type EvalFormat, type Reporter } from "./report/reporter.js";
import { Tally } from "./report/tally.js";
import { palette, useColor } from "./terminal.js";

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

/** Run `snapspace eval`; resolves to the exit code. Throws `SnapError` for a missing records path (exit 2 in `main`). */
export async function runEval(paths: readonly string[], options: EvalCommandOptions, streams: EvalStreams = processStreams()): Promise<number> {
  const load = (policy: string[]) =>
    loadDecidingPolicyFromCli({
      policy,
      ...(options.data !== undefined ? { data: options.data } : {}),
      ...(options.v0Compatible ? { v0Compatible: true } : {}),
    });
  const policy = await load(options.policy);
  const baseline = options.baseline ? await load(options.baseline) : undefined;
  const files = await recordFiles(paths);
  const recorder =
    options.ledger === undefined
      ? undefined
      : await DecisionRecorder.open(options.ledger, { onWarning: (w) => streams.stderr.write(`warning: ${w.message}\n`) });
  try {
    const settings = { format: options.format, session: options.session ?? false, failOn: new Set(options.failOn ?? []), ...(recorder ? { recorder } : {}) };
    return await evaluateRecords(files, policy, baseline, settings, streams);
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
  const out = new Output(streams.stdout);
  const errColor = settings.color ?? useColor(streams.stderr as NodeJS.WriteStream);
  const reporter = makeReporter(settings.format, settings.color ?? useColor(streams.stdout as NodeJS.WriteStream));
  const tally = new Tally(settings.failOn, baseline !== undefined);
  const sessions = settings.session ? new SessionHistories() : undefined;
  const baselineSessions = settings.session && baseline ? new SessionHistories() : undefined;
  const progress = new Progress(streams.stderr, Boolean(streams.stderr.isTTY) && !streams.stdout.isTTY);
  const report = (text: string) => {
    progress.clear();
    streams.stderr.write(text);
  };

  await out.write(reporter.start());
  for (const file of files) {
    if (out.closed) break;
    await out.write(reporter.fileStart(file));
    try {
      for await (const item of readRecords(file, streams.stdin)) {
        if (item.kind === "invalid") {
          tally.invalid++;
          report(renderInvalid(item, errColor));
          await out.write(reporter.invalid(item));
          continue;
        }
        const { record } = item;
        const input = sessions ? sessions.inputFor(record) : standaloneInput(record);
        const decision = policy.decide(input);
        await settings.recorder?.record(input, decision, record.result);
        sessions?.add(record, decision.effect);
        let base;
        if (baseline) {
          base = baseline.decide(baselineSessions ? baselineSessions.inputFor(record) : standaloneInput(record));
          baselineSessions?.add(record, base.effect);
        }
        const decided = { file: item.file, line: item.line, tool: record.proposal.tool, decision, ...(record.expect !== undefined ? { expect: record.expect } : {}), ...(base ? { baseline: base } : {}) };
        const mismatch = tally.add(decided);
        await out.write(reporter.decided(decided, mismatch));
        progress.tick(tally.records, file);
        if (out.closed) break;
      }
    } catch (e) {
      if (!isSnapError(e)) throw e;
      tally.unreadableFiles++;
      report(renderFileError(e, errColor));
      await out.write(reporter.fileError(file, e));
      continue;
    }
    await out.write(reporter.fileEnd(file));
  }
  progress.clear();
  await out.write(reporter.end(tally));
  if (baseline && !reporter.showsBaseline) report(baselineText(tally));
  return tally.exitCode();
}

function makeReporter(format: EvalFormat, color: boolean): Reporter {
  switch (format) {
    case "pretty":
      return new PrettyReporter(palette(color));
    case "json":
      return new JsonReporter();
    case "jsonl":
      return new JsonlReporter();
    case "junit":
      return new JunitReporter();
    default:
      return unreachable(format, "format");
  }
}

function renderInvalid(item: InvalidRecord, color: boolean): string {
  return item.diagnostics.map((d) => renderDiagnostic(d, () => item.source, { color })).join("\n") + "\n";
}

function renderFileError(e: SnapError, color: boolean): string {
  return e.diagnostics.map((d) => renderDiagnostic(d, () => undefined, { color })).join("\n") + "\n";
}

function baselineText(t: Tally): string {
  const lines = [`against the baseline: ${plural(t.changeCount, "record")} changed effect`];
  for (const [transition, n] of t.sortedTransitions()) lines.push(`  ${transition}: ${n}`);
  for (const c of t.changes) lines.push(`  ${c.file}:${c.line}  ${c.proposal_id ?? "-"}  ${c.tool}  ${c.from} → ${c.to}`);
  return lines.join("\n") + "\n";
}

/** Standard output with back-pressure: a write waits for `drain` when the stream's buffer is full. Stops quietly when the reader goes away (`| head`). */
class Output {
  closed = false;

  constructor(private readonly stream: Writable) {
    stream.on("error", () => {
      this.closed = true;
    });
  }

  async write(text: string): Promise<void> {
    if (text === "" || this.closed) return;
    if (!this.stream.write(text)) {
      await Promise.race([once(this.stream, "drain"), once(this.stream, "close")]).catch(() => undefined);
    }
  }
}

/** A progress line on standard error for long runs; only when standard error is a terminal and standard output is not (else the rows are the progress). */
class Progress {
  private readonly started = performance.now();
  private last = this.started;
  private shown = false;

  constructor(
    private readonly stream: Writable,
    private readonly enabled: boolean,
  ) {}

  tick(records: number, file: string): void {
    if (!this.enabled || (records & 1023) !== 0) return;
    const now = performance.now();
    if (now - this.last < 1000) return;
    this.last = now;
    const rate = Math.round((records * 1000) / (now - this.started));
    this.stream.write(`\r\x1b[K${plural(records, "record")} decided (${rate.toLocaleString("en-US")}/s), reading ${file}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.stream.write("\r\x1b[K");
    this.shown = false;
  }
}

