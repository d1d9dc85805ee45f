/**
 * `snapspace build P… -o FILE.mjs`: the policy set as one standalone ES
 * module exporting `decide(input)`, `query(name, input)` and `policy_hash`,
 * with its types in `FILE.d.mts`. A policy that does not compile prints
 * its diagnostics as `check` does and exits 2; so does a `--query` that
 * cannot be built in. An output that cannot be written is a clear error
 * (exit 2), and nothing half-written is left behind.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { Command } from "commander";
import { buildModule, QueryBuildError } from "../build/index.js";
import { SnapError } from "../source/diagnostic.js";
import { displayPath } from "../source/discover.js";
import { renderDiagnostics } from "../source/render.js";
import { EXIT } from "./exit-codes.js";
import { loadPolicyFromCli } from "./load-policy.js";
import { palette, useColor } from "./terminal.js";

/** Options of `snapspace build`. */
export interface BuildCommandOptions {
  readonly output: string;
  readonly data?: readonly string[];
  readonly query?: readonly string[];
  readonly v0Compatible?: boolean;
  readonly strict?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Register `snapspace build` on the program. */
export function registerBuild(program: Command): void {
  program
    .command("build")
    .description("build a standalone ES module of the policy set: decide(input), query(name, input), policy_hash")
    .argument("<paths...>", "policy files and folders (.snap and .rego files in folders, with their data.json)")
    .requiredOption("-o, --output <file>", "the module to write (`.mjs`); its types are written next to it (`.d.mts`)")
    .option("-d, --data <file>", "base documents (JSON or YAML) merged into `data` (repeatable)", collect, [])
    .option("-q, --query <query>", "a query the module's `query()` also answers, besides `data.…` paths (repeatable)", collect, [])
    .option("--v0-compatible", "read Rego v0 syntax, as OPA's --v0-compatible")
    .option("--strict", "built-in errors fail the evaluation instead of making the call undefined (OPA's --strict-builtin-errors)")
    .action(async (paths: string[], options: BuildCommandOptions) => {
      process.exitCode = await runBuild(paths, options);
    });
}

/** Build the module and write it with its declarations; resolves to the exit code. Throws `SnapError` (exit 2) for bad usage, policy errors and unwritable output. */
export async function runBuild(paths: readonly string[], options: BuildCommandOptions, out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr): Promise<number> {
  const declarationsFile = declarationsPath(options.output);
  const t0 = performance.now();
  const policy = await loadPolicyFromCli(
    {
      policy: paths,
      ...(options.data && options.data.length > 0 ? { data: options.data } : {}),
      ...(options.v0Compatible ? { v0Compatible: true } : {}),
      ...(options.strict ? { strict: true } : {}),
    },
    err,
  );
  let built;
  try {
    built = await buildModule(policy, { queries: options.query ?? [] });
  } catch (e) {
    if (!(e instanceof QueryBuildError)) throw e;
    err.write(renderDiagnostics(e.diagnostics, (name) => (name === e.source.name ? e.source : policy.source(name)), { color: useColor(err) }) + "\n\n");
    throw SnapError.of("query_errors", `query \`${e.source.text}\` cannot be built into the module`, undefined, "fix the query above, or leave it out: `data.…` paths need no `--query`");
  }
  await writeOutput(options.output, built.code);
  await writeOutput(declarationsFile, built.declarations);
  const c = palette(useColor(out));
  const kb = (Buffer.byteLength(built.code) / 1024).toFixed(1);
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? "" : "s"}`;
  out.write(
    `${c.green("built")} ${displayPath(options.output)} (${kb} KB; ${n(built.packages.length, "governed package")}, ${n(built.builtins.length, "built-in")}) ` +
      `and ${displayPath(declarationsFile)} in ${Math.round(performance.now() - t0)} ms\n`,
  );
  return EXIT.ok;
}

/** Where TypeScript looks for the types of `file`: `x.d.mts` for `x.mjs`, `x.d.ts` for `x.js`. */
export function declarationsPath(file: string): string {
  if (file.endsWith(".mjs")) return `${file.slice(0, -".mjs".length)}.d.mts`;
  if (file.endsWith(".js")) return `${file.slice(0, -".js".length)}.d.ts`;
  throw SnapError.of(
    "invalid_output",
    `the output \`${file}\` must end in \`.mjs\``,
    undefined,
    "name the module `….mjs` (or `….js` in a package with `\"type\": \"module\"`): it is an ES module",
  );
}

/** Write a file whole or not at all: a temporary file next to it, renamed over it. Missing folders are created, as esbuild and tsc do. */
async function writeOutput(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (e) {
    await rm(temporary, { force: true }).catch(() => {});
    throw SnapError.of("output_unwritable", `cannot write \`${displayPath(file)}\`: ${writeFailure(e)}`, undefined, "check that the path names a file in a writable folder");
  }
}

/** Why a write failed, in words (the system's message names the temporary file). */
function writeFailure(e: unknown): string {
  const code = typeof e === "object" && e !== null && "code" in e ? (e as { code: unknown }).code : undefined;
  switch (code) {
    case "ENOENT":
      return "its folder does not exist";
    case "ENOTDIR":
      return "a part of its path is a file, not a folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
    case "ENOTEMPTY":
    case "EEXIST":
      return "it is a folder";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on the device";
    default:
      return e instanceof Error ? e.message : String(e);
  }
}
