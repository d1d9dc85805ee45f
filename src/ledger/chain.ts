/**
 * Checking a hash chain, record by record. The same walk serves
 * `ledger verify` (which reports the first problem) and opening a ledger for
 * appending (which refuses a broken chain).
 */
import { unreachable } from "../source/unreachable.js";
import { EMPTY_HEAD, GENESIS_HASH, hashBody, parseRecordLine, recordBody, shortHash, type ChainHead, type LedgerRecord } from "./format.js";
import type { FileLine } from "./lines.js";

/** What can be wrong at one point of a chain. */
export type ChainProblemKind =
  /** A line that is not a record. */
  | "malformed"
  /** A record whose content does not hash to its `hash`. */
  | "modified"
  /** A record whose `prev_hash` is not the previous record's `hash`. */
  | "broken_link"
  /** Records missing: a `seq` is skipped. */
  | "removed"
  /** A record that does not belong: its `seq` repeats an earlier one. */
  | "inserted"
  /** Records out of order: a `seq` that is missing here turns up later. */
  | "reordered";

/** The first problem found in a chain. */
export interface ChainProblem {
  readonly kind: ChainProblemKind;
  /** The `seq` the problem is about (the record modified, the first one removed…). */
  readonly seq: number;
  /** 1-based line of the file where it was detected. */
  readonly line: number;
  /** Lowercase, no final period. */
  readonly message: string;
}

/** The outcome of pushing one line into a `ChainWalker`. */
export type Step = { readonly ok: true; readonly record: LedgerRecord } | { readonly ok: false; readonly problem: ChainProblem };

/**
 * Walks a chain line by line, checking each record's own hash, its `seq`
 * and its link to the record before. After the first problem it stays failed.
 */
export class ChainWalker {
  private last: ChainHead = EMPTY_HEAD;
  /** `hash` of the record before `last` (to recognise an inserted record). */
  private beforeLast: string | null = null;
  private count = 0;

  /** The last good record's seq and hash. */
  get head(): ChainHead {
    return this.last;
  }

  /** How many good records were seen. */
  get records(): number {
    return this.count;
  }

  /** Check the next line. */
  push(line: FileLine): Step {
    const parsed = parseRecordLine(line.text);
    const expected = this.last.seq + 1;
    if (!parsed.ok) {
      return fail("malformed", expected, line, `line ${line.lineNo} is not a ledger record: ${parsed.fault}`);
    }
    const record = parsed.record;
    const actual = hashBody(recordBody(record as unknown as Record<string, unknown>));
    if (actual !== record.hash) {
      // Blame the position, not the (possibly edited) seq field.
      const which = record.seq === expected ? `record seq ${expected}` : `record seq ${expected} (line ${line.lineNo}, now claiming seq ${record.seq})`;
      return fail(
        "modified",
        expected,
        line,
        `${which} was modified: its content hashes to ${shortHash(actual)}…, not to its recorded hash ${shortHash(record.hash)}…`,
      );
    }
    if (record.seq > expected) {
      return fail(
        "removed",
        expected,
        line,
        expected === record.seq - 1
          ? `record seq ${expected} is missing: seq ${record.seq} follows seq ${this.last.seq}`
          : `records seq ${expected} to ${record.seq - 1} are missing: seq ${record.seq} follows seq ${this.last.seq}`,
      );
    }
    if (record.seq < expected) {
      if (record.seq === this.last.seq) {
        // Two records claim one seq. If this one links to the record before the other, the other is the intruder.
        const intruderIsPrevious = this.beforeLast !== null && record.prev_hash === this.beforeLast;
        return fail(
          "inserted",
          record.seq,
          line,
          intruderIsPrevious
            ? `record seq ${record.seq} appears twice (lines ${line.lineNo - 1} and ${line.lineNo}): the one on line ${line.lineNo - 1} was inserted`
            : `record seq ${record.seq} appears twice (lines ${line.lineNo - 1} and ${line.lineNo}): one of them was inserted`,
        );
      }
      return fail("reordered", record.seq, line, `record seq ${record.seq} appears after seq ${this.last.seq}: records were reordered`);
    }
    if (record.prev_hash !== this.last.hash) {
      const what =
        this.last.seq === 0
          ? `record seq 1 does not start the chain: its prev_hash is ${shortHash(record.prev_hash)}…, not the genesis ${shortHash(GENESIS_HASH)}…`
          : `record seq ${record.seq} does not link to seq ${this.last.seq}: its prev_hash ${shortHash(record.prev_hash)}… is not seq ${this.last.seq}'s hash ${shortHash(this.last.hash)}…` +
            ` (seq ${this.last.seq} was rewritten with a recomputed hash, or seq ${record.seq} was forged)`;
      return fail("broken_link", record.seq, line, what);
    }
    this.beforeLast = this.last.hash;
    this.last = { seq: record.seq, hash: record.hash };
    this.count++;
    return { ok: true, record };
  }
}

function fail(kind: ChainProblemKind, seq: number, line: FileLine, message: string): Step {
  return { ok: false, problem: { kind, seq, line: line.lineNo, message } };
}

/**
 * Refine a `removed` problem once the rest of the file is known: if the
 * missing seq turns up later, the records were reordered, not removed.
 * `laterSeqs` maps seq → line for the lines after the problem.
 */
export function refineProblem(problem: ChainProblem, laterSeqs: ReadonlyMap<number, number>): ChainProblem {
  switch (problem.kind) {
    case "removed": {
      const at = laterSeqs.get(problem.seq);
      if (at === undefined) return problem;
      return {
        ...problem,
        kind: "reordered",
        message: `record seq ${problem.seq} is out of order: it is on line ${at}, after line ${problem.line}: records were reordered`,
      };
    }
    case "malformed":
    case "modified":
    case "broken_link":
    case "inserted":
    case "reordered":
      return problem;
    default:
      return unreachable(problem.kind, "chain problem");
  }
}
