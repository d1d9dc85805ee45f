/**
 * The output formats of `snapspace eval`. A reporter turns events into text
 * for standard output; the runner writes it (respecting back-pressure) as
 * records are decided, so output streams like input does. Diagnostics of
 * invalid records and unreadable files go to standard error in every format
 * (the runner renders them); machine formats also carry them where their
 * shape has a place for them.
 */
import type { Reason } from "../../decision/contract.js";
import type { SnapError } from "../../source/diagnostic.js";
import type { InvalidRecord } from "../records/read.js";
import type { DecidedItem, Mismatch, Tally } from "./tally.js";

/** The formats of `--format`. */
export const EVAL_FORMATS = ["pretty", "json", "jsonl", "junit"] as const;
export type EvalFormat = (typeof EVAL_FORMATS)[number];

/** Turns the events of a run into output text. */
export interface Reporter {
  /** Before the first file. */
  start(): string;
  /** A file is about to be read. */
  fileStart(file: string): string;
  /** A record was decided. */
  decided(item: DecidedItem, mismatch: Mismatch | undefined): string;
  /** A line or element was not a valid record. */
  invalid(item: InvalidRecord): string;
  /** A file could not be read at all. */
  fileError(file: string, error: SnapError): string;
  /** A file was read to its end. */
  fileEnd(file: string): string;
  /** After the last file. */
  end(tally: Tally): string;
  /** True when baseline changes have a place in this format (else the runner prints them to standard error). */
  readonly showsBaseline: boolean;
}

/** `deny agent.sql: no DROP in production (policies/sql.snap:12)`. */
export function describeReason(r: Reason): string {
  return `${r.effect} ${r.package}: ${r.msg} (${r.location})`;
}

/** The words for a count: `1 record`, `3 records`. */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}
