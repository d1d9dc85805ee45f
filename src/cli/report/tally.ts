/**
 * The running totals of an `eval` run, shared by every output format: how
 * many records got each effect, which expectations were not met, which
 * effects a baseline policy set decided differently, and what that means
 * for the exit code.
 */
import type { Decision, Effect } from "../../decision/contract.js";
import { EXIT } from "../exit-codes.js";

/** A decided record, as the reporters see it. */
export interface DecidedItem {
  readonly file: string;
  readonly line: number;
  readonly tool: string;
  readonly expect?: Effect;
  readonly decision: Decision;
  /** The baseline policy set's decision, with `--baseline`. */
  readonly baseline?: Decision;
}

/** A record whose effect differs from its `expect`. */
export interface Mismatch {
  readonly file: string;
  readonly line: number;
  readonly proposal_id: string | null;
  readonly tool: string;
  readonly expected: Effect;
  readonly actual: Effect;
  readonly decision: Decision;
}

/** A record whose effect the baseline decided differently. */
export interface Change {
  readonly file: string;
  readonly line: number;
  readonly proposal_id: string | null;
  readonly tool: string;
  readonly from: Effect;
  readonly to: Effect;
}

/** Details of at most this many mismatches and changes are kept for the final report; the counts are always exact. */
export const MAX_LISTED = 1000;

/** Totals of a run. */
export class Tally {
  records = 0;
  readonly effects: Record<Effect, number> = { allow: 0, deny: 0, escalate: 0 };
  /** Records with an `expect`, and how many of them it matched. */
  expected = 0;
  met = 0;
  readonly mismatches: Mismatch[] = [];
  mismatchCount = 0;
  /** Invalid records (malformed lines, bad fields) and unreadable files. */
  invalid = 0;
  unreadableFiles = 0;
  /** `--fail-on` effects that some decision had. */
  readonly failOnMatched = new Set<Effect>();
  /** Baseline transitions: `allow → deny` → count. */
  readonly transitions = new Map<string, number>();
  readonly changes: Change[] = [];
  changeCount = 0;

  constructor(
    private readonly failOn: ReadonlySet<Effect>,
    /** A baseline policy set was given (`--baseline`). */
    readonly hasBaseline = false,
  ) {}

  /** Count a decided record; returns the mismatch it is, if any. */
  add(item: DecidedItem): Mismatch | undefined {
    const { decision: d } = item;
    this.records++;
    this.effects[d.effect]++;
    if (this.failOn.has(d.effect)) this.failOnMatched.add(d.effect);
    if (item.baseline && item.baseline.effect !== d.effect) {
      const key = `${item.baseline.effect} → ${d.effect}`;
      this.transitions.set(key, (this.transitions.get(key) ?? 0) + 1);
      this.changeCount++;
      if (this.changes.length < MAX_LISTED) {
        this.changes.push({ file: item.file, line: item.line, proposal_id: d.proposal_id, tool: item.tool, from: item.baseline.effect, to: d.effect });
      }
    }
    if (item.expect === undefined) return undefined;
    this.expected++;
    if (item.expect === d.effect) {
      this.met++;
      return undefined;
    }
    this.mismatchCount++;
    const m: Mismatch = { file: item.file, line: item.line, proposal_id: d.proposal_id, tool: item.tool, expected: item.expect, actual: d.effect, decision: d };
    if (this.mismatches.length < MAX_LISTED) this.mismatches.push(m);
    return m;
  }

  /** The exit code of the run (DESIGN.md §5): 2 for bad input, else 1 for a mismatch or `--fail-on`, else 0. */
  exitCode(): number {
    if (this.invalid > 0 || this.unreadableFiles > 0) return EXIT.error;
    if (this.mismatchCount > 0 || this.failOnMatched.size > 0) return EXIT.mismatch;
    return EXIT.ok;
  }

  /** Transitions sorted by text, for stable output. */
  sortedTransitions(): [string, number][] {
    return [...this.transitions].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** The summary as JSON (the `summary` of `--format json`). */
  toJson(): Record<string, unknown> {
    return {
      records: this.records,
      effects: { ...this.effects },
      expectations: { checked: this.expected, met: this.met, mismatched: this.mismatchCount },
      invalid_records: this.invalid,
      unreadable_files: this.unreadableFiles,
      fail_on: [...this.failOn].sort(),
      fail_on_matched: [...this.failOnMatched].sort(),
      mismatches: this.mismatches.map(({ decision: _d, ...m }) => m),
      ...(this.hasBaseline ? { baseline: { changed: this.changeCount, transitions: Object.fromEntries(this.sortedTransitions()), changes: this.changes } } : {}),
      exit_code: this.exitCode(),
    };
  }
}
