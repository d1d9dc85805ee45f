/**
 * `snapspace fmt [P…]`: the canonical formatting of policy files (Rego v1,
 * also for v0 input read with `--v0-compatible`). Prints the formatted text;
 * `--write` rewrites the files that change and lists them; `--check` changes
 * nothing and exits 1 naming each file that would change. A file that does not
 * parse is reported (exit 2) and the other files are still formatted.
 */
import { writeFile } from "node:fs/promises";
import { Command } from "commander";
import { SnapError, isSnapError, type Diagnostic } from "../source/diagnostic.js";
import { displayPath } from "../source/discover.js";
import { renderDiagnostic } from "../source/render.js";
import { formatModule } from "../syntax/index.js";
import { readPolicyFiles, type ParsedFile } from "./check.js";
import { EXIT } from "./exit-codes.js";
import { palette, useColor } from "./terminal.js";

/** Options of `snapspace fmt`. */
export interface FmtCommandOptions {
  readonly write?: boolean;
  readonly check?: boolean;
  readonly v0Compatible?: boolean;
}

/** Register `snapspace fmt` on the program. */
export function registerFmt(program: Command): void {
  program
    .command("fmt")
    .description("format policy files canonically (Rego v1); print the result, or rewrite files with --write")
    .argument("<paths...>", "policy files and folders (.snap and .rego files in folders)")
    .option("-w, --write", "rewrite the files whose formatting changes, and list them")
    .option("--check", "change nothing; exit 1 naming each file that is not formatted")
    .option("--v0-compatible", "read Rego v0 syntax (rules without `if`/`contains`); the output is v1")
    .action(async (paths: string[], options: FmtCommandOptions) => {
      process.exitCode = await runFmt(paths, options);
    });
}

/** The formatted text of a parsed file, or the diagnostics that prevent formatting it. */
function formatted(file: ParsedFile): { text?: string; diagnostics: readonly Diagnostic[] } {
  if (!file.module) return { diagnostics: file.diagnostics };
  try {
    return { text: formatModule(file.module), diagnostics: [] };
  } catch (e) {
    if (isSnapError(e)) return { diagnostics: e.diagnostics };
    throw e;
  }
}

/** Format the files under `paths`; resolves to the exit code. */
export async function runFmt(paths: readonly string[], options: FmtCommandOptions = {}): Promise<number> {
  if (options.write && options.check) {
    throw SnapError.of("bad_usage", "`--write` and `--check` cannot be used together", undefined, "use `--check` in CI and `--write` to fix the files");
  }
  const files = await readPolicyFiles(paths, options.v0Compatible ? 0 : 1);
  const out = palette(useColor(process.stdout));
  const errColor = useColor(process.stderr);
  let failed = false;
  let changed = 0;
  for (const file of files) {
    const result = formatted(file);
    if (result.text === undefined) {
      failed = true;
      for (const d of result.diagnostics) process.stderr.write(renderDiagnostic(d, () => file.source, { color: errColor }) + "\n\n");
      continue;
    }
    const before = file.source!.text;
    const shown = displayPath(file.path);
    if (options.check) {
      if (result.text !== before) {
        changed++;
        process.stdout.write(`${out.yellow("would reformat")} ${shown}\n`);
      }
    } else if (options.write) {
      if (result.text !== before) {
        changed++;
        await writeFile(file.path, result.text, "utf8");
        process.stdout.write(`${out.green("formatted")} ${shown}\n`);
      }
    } else process.stdout.write(result.text);
  }
  if (failed) return EXIT.error;
  if (options.check && changed > 0) {
    process.stdout.write(`${changed} file${changed === 1 ? "" : "s"} would be reformatted; run \`snapspace fmt --write\`\n`);
    return EXIT.mismatch;
  }
  return EXIT.ok;
}
