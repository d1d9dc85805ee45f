/**
 * `ledger verify`: walk the whole chain of a ledger file, read-only, and
 * report the first record that was modified, removed, inserted or reordered.
 */
import { closeSync, openSync } from "node:fs";
import { SnapError } from "../source/diagnostic.js";
import { ChainWalker, refineProblem, type ChainProblem } from "./chain.js";
import { parseRecordLine, type ChainHead } from "./format.js";
import { readLines } from "./lines.js";
import { errorText } from "./lock.js";

/** Bytes after the last newline: an append a crash interrupted (never acknowledged; the next writer sets it aside). */
export interface IncompleteTailReport {
  /** The seq of the last complete record before it. */
  readonly afterSeq: number;
  readonly line: number;
  readonly bytes: number;
}

/** The outcome of `verifyLedger`. */
export interface VerifyReport {
  readonly file: string;
  /** No problem found. An incomplete tail is not a problem: it never was part of the chain. */
  readonly ok: boolean;
  /** Records checked and found good (all of them when `ok`). */
  readonly records: number;
  /** The last good record (seq 0 and the genesis hash for an empty ledger). */
  readonly head: ChainHead;
  /** The first problem, when not `ok`. */
  readonly problem: ChainProblem | null;
  readonly incompleteTail: IncompleteTailReport | null;
}

/** Check every hash and link of the ledger at `path`. Throws `SnapError` `ledger_unreadable` if it cannot be read. */
export function verifyLedger(path: string): VerifyReport {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw SnapError.of("ledger_unreadable", `cannot read the ledger \`${path}\`: ${errorText(e)}`, undefined, "check the path");
  }
  try {
    const walker = new ChainWalker();
    let problem: ChainProblem | null = null;
    const later = new Map<number, number>();
    const tail = readLines(fd, (line) => {
      if (problem) {
        // Past the first problem only the seqs matter: they tell a removal from a reordering.
        if (problem.kind === "removed") {
          const parsed = parseRecordLine(line.text);
          if (parsed.ok && !later.has(parsed.record.seq)) later.set(parsed.record.seq, line.lineNo);
        }
        return problem.kind === "removed";
      }
      const step = walker.push(line);
      if (!step.ok) problem = step.problem;
      return true;
    });
    if (problem) problem = refineProblem(problem, later);
    return {
      file: path,
      ok: problem === null,
      records: walker.records,
      head: walker.head,
      problem,
      incompleteTail: tail && !problem ? { afterSeq: walker.head.seq, line: tail.lineNo, bytes: tail.length } : null,
    };
  } catch (e) {
    if (e instanceof SnapError) throw e;
    throw SnapError.of("ledger_unreadable", `cannot read the ledger \`${path}\`: ${errorText(e)}`, undefined, "check the path");
  } finally {
    closeSync(fd);
  }
}
