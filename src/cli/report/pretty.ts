/**
 * `--format pretty`: a table for people, one row a record (line, id, tool,
 * effect, first reason), then the totals per effect, the expectations that
 * were not met and, with `--baseline`, the effects that changed. Colour only
 * on a terminal. Columns have fixed widths because rows are printed as they
 * are decided, before the widest value is known.
 */
import type { Effect } from "../../decision/contract.js";
import type { SnapError } from "../../source/diagnostic.js";
import { unreachable } from "../../source/unreachable.js";
import type { Palette } from "../terminal.js";
import type { InvalidRecord } from "../records/read.js";
import { describeReason, plural, type Reporter } from "./reporter.js";
import type { DecidedItem, Mismatch, Tally } from "./tally.js";

const ID_WIDTH = 16;
const TOOL_WIDTH = 24;
const EFFECT_WIDTH = 8;
const REASON_WIDTH = 72;

/** The pretty reporter. */
export class PrettyReporter implements Reporter {
  readonly showsBaseline = true;

  constructor(private readonly c: Palette) {}

  start(): string {
    return "";
  }

  fileStart(file: string): string {
    return `${this.c.bold(file)}\n${this.c.dim(`  ${"line".padStart(5)}  ${"id".padEnd(ID_WIDTH)}  ${"tool".padEnd(TOOL_WIDTH)}  ${"effect".padEnd(EFFECT_WIDTH)}  reason`)}\n`;
  }

  decided(item: DecidedItem, mismatch: Mismatch | undefined): string {
    const d = item.decision;
    const first = d.errors[0]?.message ?? d.reasons[0]?.msg ?? "";
    const more = d.reasons.length + d.errors.length > 1 ? this.c.dim(` (+${d.reasons.length + d.errors.length - 1} more)`) : "";
    let row = `  ${String(item.line).padStart(5)}  ${fit(d.proposal_id ?? "-", ID_WIDTH)}  ${fit(item.tool, TOOL_WIDTH)}  ${this.effect(d.effect, EFFECT_WIDTH)}  ${fit(first, REASON_WIDTH).trimEnd()}${more}`;
    if (mismatch) row += `  ${this.c.red(this.c.bold(`✗ expected ${mismatch.expected}`))}`;
    if (item.baseline && item.baseline.effect !== d.effect) row += `  ${this.c.cyan(`(baseline: ${item.baseline.effect})`)}`;
    return row + "\n";
  }

  invalid(item: InvalidRecord): string {
    return `  ${String(item.line).padStart(5)}  ${this.c.red("invalid record")} ${this.c.dim("(see the error above)")}\n`;
  }

  fileError(file: string, error: SnapError): string {
    return `${this.c.bold(file)}\n  ${this.c.red("cannot read:")} ${error.message}\n`;
  }

  fileEnd(): string {
    return "\n";
  }

  end(t: Tally): string {
    const c = this.c;
    const lines: string[] = [];
    const effects = (["allow", "deny", "escalate"] as const).map((e) => this.effect(e, 0, `${t.effects[e].toLocaleString("en-US")} ${e}`)).join(", ");
    lines.push(`${c.bold(plural(t.records, "record"))} decided: ${effects}`);
    if (t.expected > 0) {
      const ok = t.met === t.expected;
      lines.push(`expectations: ${(ok ? c.green : c.red)(`${t.met.toLocaleString("en-US")} of ${t.expected.toLocaleString("en-US")} met`)}`);
    }
    if (t.mismatchCount > 0) {
      lines.push("", c.bold(c.red(`not as expected (${t.mismatchCount.toLocaleString("en-US")}):`)));
      for (const m of t.mismatches) {
        lines.push(`  ${m.file}:${m.line}  ${m.proposal_id ?? "-"}  ${m.tool}  expected ${this.effect(m.expected, 0)}, got ${this.effect(m.actual, 0)}`);
        for (const r of m.decision.reasons) lines.push(c.dim(`      ${describeReason(r)}`));
        for (const e of m.decision.errors) lines.push(c.dim(`      error ${e.code}: ${e.message}${e.location ? ` (${e.location})` : ""}`));
      }
      if (t.mismatchCount > t.mismatches.length) lines.push(c.dim(`  … and ${plural(t.mismatchCount - t.mismatches.length, "more")}`));
    }
    if (t.hasBaseline) {
      lines.push("", c.bold(`against the baseline: ${plural(t.changeCount, "record")} changed effect`));
      for (const [transition, n] of t.sortedTransitions()) lines.push(`  ${transition}: ${n.toLocaleString("en-US")}`);
      for (const ch of t.changes) lines.push(c.dim(`  ${ch.file}:${ch.line}  ${ch.proposal_id ?? "-"}  ${ch.tool}  ${ch.from} → ${ch.to}`));
      if (t.changeCount > t.changes.length) lines.push(c.dim(`  … and ${plural(t.changeCount - t.changes.length, "more")}`));
    }
    for (const e of t.failOnMatched) lines.push("", c.red(`--fail-on ${e}: ${plural(t.effects[e], "decision")} ${t.effects[e] === 1 ? "was" : "were"} ${e}`));
    if (t.invalid > 0) lines.push("", c.red(`${plural(t.invalid, "invalid record")} (see the errors above)`));
    if (t.unreadableFiles > 0) lines.push("", c.red(`${plural(t.unreadableFiles, "file")} could not be read`));
    return lines.join("\n") + "\n";
  }

  private effect(e: Effect, width: number, text: string = e): string {
    const padded = text.padEnd(width);
    switch (e) {
      case "allow":
        return this.c.green(padded);
      case "deny":
        return this.c.red(padded);
      case "escalate":
        return this.c.yellow(padded);
      default:
        return unreachable(e, "effect");
    }
  }
}

/** Pad or cut `s` to `width` characters, marking a cut with `…`. */
function fit(s: string, width: number): string {
  const one = s.replace(/\s+/g, " ");
  return one.length <= width ? one.padEnd(width) : `${one.slice(0, width - 1)}…`;
}
