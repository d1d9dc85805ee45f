/**
 * `snapspace check [P…]`: parse (and, once `src/check/` is wired in, check)
 * every policy file; every problem as `file:line:col`, the source line, a
 * caret and a help. Every file is checked even after one fails. Exit 0 when
 * clean, 2 on any error. `--format json` prints
 * `{"files": N, "errors": [diagnostic…]}` for editors and CI.
 */
import { readFile } from "node:fs/promises";
import { Command, Option } from "commander";
import type { Module, RegoVersion } from "../ast/nodes.js";
import { diagnostic, sortDiagnostics, type Diagnostic } from "../source/diagnostic.js";
import { discoverFiles, displayPath } from "../source/discover.js";
import { diagnosticToJson, renderDiagnostic } from "../source/render.js";
import { SourceFile } from "../source/source-file.js";
import { parseModule } from "../syntax/index.js";
import { checkModules } from "../check/check.js";
import { EXIT } from "./exit-codes.js";
import { palette, useColor } from "./terminal.js";

/** One policy file as read and parsed. `module` is absent when the file could not be read or parsed. */
export interface ParsedFile {
  readonly path: string;
  readonly source?: SourceFile;
  readonly module?: Module;
  readonly diagnostics: readonly Diagnostic[];
}

/** Read and parse the policy files under `paths` (files and folders; `.snap` and `.rego`). Throws `SnapError` for a path that does not exist. */
export async function readPolicyFiles(paths: readonly string[], regoVersion: RegoVersion): Promise<ParsedFile[]> {
  const files = await discoverFiles(paths, { kind: "policy" });
  const out: ParsedFile[] = [];
  for (const path of files) {
    const shown = displayPath(path);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      out.push({ path, diagnostics: [diagnostic("file_unreadable", `cannot read \`${shown}\`: ${reason}`, undefined, "check that the file exists and is readable")] });
      continue;
    }
    const source = new SourceFile(shown, text);
    const parsed = parseModule(source, { regoVersion });
    out.push({ path, source, ...(parsed.value ? { module: parsed.value } : {}), diagnostics: parsed.diagnostics });
  }
  return out;
}

/**
 * Every diagnostic of a set of parsed files: their parse diagnostics, then the
 * checks that need all modules together.
 *
 * The semantic checker (`checkModules` from `src/check/`) plugs in here: run it
 * over the modules that parsed and append its diagnostics (sorted with the rest).
 */
export function checkParsedFiles(files: readonly ParsedFile[]): Diagnostic[] {
  const parse = files.flatMap((f) => f.diagnostics);
  // Semantic checks need every module: run them once everything parses.
  const modules = files.flatMap((f) => (f.module ? [f.module] : []));
  const checked = parse.some((d) => d.severity === "error") ? [] : checkModules(modules).diagnostics;
  return sortDiagnostics([...parse, ...checked]);
}

/** Options of `snapspace check`. */
export interface CheckCommandOptions {
  readonly v0Compatible?: boolean;
  readonly format?: "pretty" | "json";
}

/** Register `snapspace check` on the program. */
export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("parse and check policy files; print every error with its location")
    .argument("<paths...>", "policy files and folders (.snap and .rego files in folders)")
    .option("--v0-compatible", "read Rego v0 syntax (rules without `if`/`contains`), as OPA's --v0-compatible")
    .addOption(new Option("--format <format>", "output format").choices(["pretty", "json"]).default("pretty"))
    .action(async (paths: string[], options: CheckCommandOptions) => {
      process.exitCode = await runCheck(paths, options);
    });
}

/** Check the files under `paths` and print the report; resolves to the exit code. */
export async function runCheck(paths: readonly string[], options: CheckCommandOptions = {}): Promise<number> {
  const files = await readPolicyFiles(paths, options.v0Compatible ? 0 : 1);
  const diagnostics = checkParsedFiles(files);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  if (options.format === "json") {
    process.stdout.write(JSON.stringify({ files: files.length, errors: diagnostics.map(diagnosticToJson) }) + "\n");
  } else {
    const color = useColor(process.stdout);
    const sources = new Map(files.flatMap((f) => (f.source ? [[f.source.name, f.source] as const] : [])));
    for (const d of diagnostics) process.stdout.write(renderDiagnostic(d, (name) => sources.get(name), { color }) + "\n\n");
    const c = palette(color);
    const count = `${files.length} file${files.length === 1 ? "" : "s"}`;
    process.stdout.write(
      errors === 0 ? `${c.green("ok")}: checked ${count}\n` : `${c.red("failed")}: checked ${count}, ${errors} error${errors === 1 ? "" : "s"}\n`,
    );
  }
  return errors > 0 ? EXIT.error : EXIT.ok;
}
