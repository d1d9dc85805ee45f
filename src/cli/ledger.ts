/**
 * `snapspace ledger verify LEDGER [--format pretty|json]`: check every hash
 * and link of a ledger. Exit 0 with the count and the head hash when the
 * chain is intact, 1 with the first record that was modified, removed,
 * inserted or reordered, 2 when the file cannot be read.
 */
import { Command, Option } from "commander";
import { verifyLedger, type VerifyReport } from "../ledger/verify.js";
import { EXIT } from "./exit-codes.js";
import { palette, useColor } from "./terminal.js";

type Format = "pretty" | "json";

/** Register `snapspace ledger` (with its `verify` subcommand) on the program. */
export function registerLedger(program: Command): void {
  const ledger = program.command("ledger").description("work with decision ledgers (hash-chained JSON Lines)");
  ledger
    .command("verify")
    .description("check every hash and link of a ledger; report the first record modified, removed, inserted or reordered")
    .argument("<ledger>", "the ledger file (JSON Lines)")
    .addOption(new Option("--format <format>", "output format").choices(["pretty", "json"]).default("pretty"))
    .action((file: string, options: { format: Format }) => {
      process.exitCode = runVerify(file, options.format);
    });
}

/** Verify one ledger and print the report; returns the exit code. Throws `SnapError` for an unreadable file. */
export function runVerify(file: string, format: Format): number {
  const report = verifyLedger(file);
  if (format === "json") process.stdout.write(JSON.stringify(verifyJson(report)) + "\n");
  else printPretty(report);
  return report.ok ? EXIT.ok : EXIT.mismatch;
}

/** The JSON form of a report (snake_case, as every machine format of snapspace). */
export function verifyJson(report: VerifyReport): object {
  return {
    file: report.file,
    ok: report.ok,
    records: report.records,
    head: report.head,
    problem: report.problem,
    incomplete_tail: report.incompleteTail
      ? { after_seq: report.incompleteTail.afterSeq, line: report.incompleteTail.line, bytes: report.incompleteTail.bytes }
      : null,
  };
}

function printPretty(report: VerifyReport): void {
  const out = palette(useColor(process.stdout));
  const err = palette(useColor(process.stderr));
  const tail = report.incompleteTail;
  if (tail) {
    process.stderr.write(
      `${err.yellow("warning")}: ${report.file}:${tail.line}: incomplete last line (${tail.bytes} bytes after seq ${tail.afterSeq}): ` +
        `an append interrupted by a crash, never acknowledged and not part of the chain\n` +
        `  help: the next writer to open the ledger moves it to \`${report.file}.torn-${tail.afterSeq + 1}\`\n`,
    );
  }
  const plural = (n: number) => `${n} record${n === 1 ? "" : "s"}`;
  if (report.problem) {
    const p = report.problem;
    process.stdout.write(`${out.red("tampered")}: ${report.file}:${p.line}: ${p.message}\n`);
    process.stdout.write(
      report.records === 0
        ? `  no record before it is intact\n`
        : `  intact up to seq ${report.head.seq} (${plural(report.records)}), whose hash is ${report.head.hash}\n`,
    );
    return;
  }
  process.stdout.write(`${out.green("ok")}: ${report.file}: chain intact, ${plural(report.records)}\n`);
  process.stdout.write(`  head: seq ${report.head.seq} ${report.head.hash}\n`);
}
