/**
 * The events of an `eval` run, written in record order: reporter text on
 * standard output, diagnostics on standard error, the tally, the ledger and
 * the progress line. Both ways of deciding (in order on the main thread, or
 * on worker threads, `workers/parallel.ts`) drive the same writer, which is
 * why their output is the same byte for byte.
 */
import type { Writable } from "node:stream";
import type { Decision, Effect } from "../../decision/contract.js";
import type { DecisionRecorder } from "../../ledger/recorder.js";
import type { SnapError } from "../../source/diagnostic.js";
import { renderDiagnostic } from "../../source/render.js";
import { unreachable } from "../../source/unreachable.js";
import type { InvalidRecord, ReadRecord } from "../records/read.js";
import { palette, useColor } from "../terminal.js";
import { JsonReporter } from "./json.js";
import { JsonlReporter } from "./jsonl.js";
import { JunitReporter } from "./junit.js";
import { Output, Progress } from "./output.js";
import { PrettyReporter } from "./pretty.js";
import { plural, type EvalFormat, type Reporter } from "./reporter.js";
import { Tally } from "./tally.js";

/** How a run reports (the settings of `evaluateRecords` that concern output). */
export interface RunWriterSettings {
  readonly format: EvalFormat;
  readonly failOn: ReadonlySet<Effect>;
  /** Colour in pretty output and diagnostics (default: when the stream is a terminal). */
  readonly color?: boolean;
  /** Appends every decision to a hash-chained ledger (`--ledger`). */
  readonly recorder?: DecisionRecorder;
}

/** Standard output and standard error of a run. */
export interface RunStreams {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
}

/** Writes the events of one run, in the order they are given. */
export class RunWriter {
  readonly tally: Tally;
  private readonly out: Output;
  private readonly reporter: Reporter;
  private readonly errColor: boolean;
  private readonly progress: Progress;

  constructor(
    private readonly settings: RunWriterSettings,
    private readonly streams: RunStreams,
    hasBaseline: boolean,
  ) {
    this.out = new Output(streams.stdout);
    this.errColor = settings.color ?? useColor(streams.stderr as NodeJS.WriteStream);
    this.reporter = makeReporter(settings.format, settings.color ?? useColor(streams.stdout as NodeJS.WriteStream));
    this.tally = new Tally(settings.failOn, hasBaseline);
    this.progress = new Progress(streams.stderr, Boolean(streams.stderr.isTTY) && !streams.stdout.isTTY);
  }

  /** True once standard output's reader has gone away: reading can stop. */
  get closed(): boolean {
    return this.out.closed;
  }

  /** Before the first file. */
  start(): Promise<void> {
    return this.out.write(this.reporter.start());
  }

  /** A file is about to be read. */
  fileStart(file: string): Promise<void> {
    return this.out.write(this.reporter.fileStart(file));
  }

  /** A line or element that is not a valid record. */
  invalid(item: InvalidRecord): Promise<void> {
    this.tally.invalid++;
    this.diagnostics(renderInvalid(item, this.errColor));
    return this.out.write(this.reporter.invalid(item));
  }

  /**
   * A decided record. `input` is the document it was decided on (with its
   * session's history), for the ledger. The ledger seals it before this
   * returns its promise, so the caller may then extend the session's history.
   */
  async decided(item: ReadRecord, input: unknown, decision: Decision, base: Decision | undefined): Promise<void> {
    const { record } = item;
    await this.settings.recorder?.record(input, decision, record.result);
    const decided = { file: item.file, line: item.line, tool: record.proposal.tool, decision, ...(record.expect !== undefined ? { expect: record.expect } : {}), ...(base ? { baseline: base } : {}) };
    const mismatch = this.tally.add(decided);
    await this.out.write(this.reporter.decided(decided, mismatch));
    this.progress.tick(this.tally.records, item.file);
  }

  /** A file that could not be read (from where it failed). */
  fileError(file: string, e: SnapError): Promise<void> {
    this.tally.unreadableFiles++;
    this.diagnostics(e.diagnostics.map((d) => renderDiagnostic(d, () => undefined, { color: this.errColor })).join("\n") + "\n");
    return this.out.write(this.reporter.fileError(file, e));
  }

  /** A file was read to its end. */
  fileEnd(file: string): Promise<void> {
    return this.out.write(this.reporter.fileEnd(file));
  }

  /** After the last file: the summary; resolves to the exit code. */
  async end(): Promise<number> {
    this.progress.clear();
    await this.out.write(this.reporter.end(this.tally));
    if (this.tally.hasBaseline && !this.reporter.showsBaseline) this.diagnostics(baselineText(this.tally));
    return this.tally.exitCode();
  }

  private diagnostics(text: string): void {
    this.progress.clear();
    this.streams.stderr.write(text);
  }
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

function baselineText(t: Tally): string {
  const lines = [`against the baseline: ${plural(t.changeCount, "record")} changed effect`];
  for (const [transition, n] of t.sortedTransitions()) lines.push(`  ${transition}: ${n}`);
  for (const c of t.changes) lines.push(`  ${c.file}:${c.line}  ${c.proposal_id ?? "-"}  ${c.tool}  ${c.from} → ${c.to}`);
  return lines.join("\n") + "\n";
}
