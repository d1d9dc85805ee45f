/**
 * The `snapspace` command line. Each command lives in its own file and
 * registers itself on the program; this file only wires them up and makes
 * sure nothing a user does ends in a stack trace.
 */
import { Command } from "commander";
import { isSnapError } from "../source/diagnostic.js";
import { registerBuild } from "./build.js";
import { registerCheck } from "./check.js";
import { registerEval } from "./eval.js";
import { EXIT } from "./exit-codes.js";
import { registerFmt } from "./fmt.js";
import { registerImport } from "./import.js";
import { registerProve } from "./prove.js";
import { registerLedger } from "./ledger.js";
import { registerQuery } from "./query.js";
import { registerReplay } from "./replay.js";
import { registerTest } from "./test.js";
import { VERSION } from "./version.js";

/** Build the program with every command registered. */
export function buildProgram(): Command {
  const program = new Command("snapspace")
    .description("deterministic policy engine for AI agents: decide allow, deny or escalate for proposed tool calls")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ outputError: (s, write) => write(s) });
  program.exitOverride();
  // Commands register here, in the order `--help` lists them.
  registerBuild(program);
  registerCheck(program);
  registerEval(program);
  registerFmt(program);
  registerImport(program);
  registerLedger(program);
  registerProve(program);
  registerQuery(program);
  registerReplay(program);
  registerTest(program);
  return program;
}

/** Run the CLI with `argv` (as `process.argv`), setting `process.exitCode`. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    process.exitCode = exitCodeFor(e);
  }
}

function exitCodeFor(e: unknown): number {
  // commander signals --help / --version / usage errors by throwing after printing.
  if (e && typeof e === "object" && "code" in e && typeof (e as { code: unknown }).code === "string") {
    const code = (e as { code: string; exitCode?: number }).code;
    if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") return EXIT.ok;
    if (code.startsWith("commander.")) return EXIT.error;
  }
  if (isSnapError(e)) {
    process.stderr.write(`error: ${e.message}${e.help ? `\n  help: ${e.help}` : ""}\n`);
    return EXIT.error;
  }
  process.stderr.write(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.stderr.write("this is a bug in snapspace; please report it with the command line that caused it\n");
  return EXIT.error;
}
