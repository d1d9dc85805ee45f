/**
 * `snapspace query QUERY [--policy P…] [--input F] [--data F…]`: evaluate
 * any Rego query and print OPA-compatible JSON,
 * `{"result": [{"expressions": […], "bindings": {…}}]}`, one entry per
 * solution. A query without solutions prints `{}`, as `opa eval` does, and
 * exits 0 (undefined is an answer, not an error). `--format pretty` prints
 * the values for people.
 */
import { statSync } from "node:fs";
import { Command, Option } from "commander";
import { compile } from "../api/compile.js";
import { mergeDocuments, readData } from "../api/load.js";
import type { CompiledPolicy } from "../api/policy.js";
import type { OpaWasmPolicy } from "../opa/index.js";
import type { QueryResult } from "../decision/contract.js";
import type { PrintLine } from "../eval/context.js";
import { isSnapError, SnapError } from "../source/diagnostic.js";
import { POLICY_EXTENSIONS } from "../source/discover.js";
import { renderDiagnostics } from "../source/render.js";
import { SourceFile } from "../source/source-file.js";
import { stringifyJson, type Json } from "../value/json.js";
import type { Value } from "../value/types.js";
import { EXIT } from "./exit-codes.js";
import { loadDecidingPolicyFromCli } from "./load-policy.js";
import { palette, useColor } from "./terminal.js";

/** Options of `snapspace query`. */
export interface QueryCommandOptions {
  readonly policy?: string[];
  readonly input?: string;
  /** `-I`: read the input document from standard input. */
  readonly stdinInput?: boolean;
  readonly data?: string[];
  readonly format?: "json" | "pretty" | "raw";
  /** Exit 1 when the query is undefined (`opa eval --fail`). */
  readonly fail?: boolean;
  /** Exit 1 when the query is defined (`opa eval --fail-defined`). */
  readonly failDefined?: boolean;
  readonly v0Compatible?: boolean;
  readonly strict?: boolean;
}

/** Register `snapspace query` on the program. */
export function registerQuery(program: Command): void {
  program
    .command("query")
    .description("evaluate a Rego query against policies, input and data; print OPA-compatible JSON")
    .argument("<query>", 'the query, e.g. "data.agent.payments.deny" or "x := input.proposal.args.amount; x > 500"')
    .option("-p, --policy <path...>", "policy files and folders (.snap and .rego)")
    .option("-i, --input <file>", "the input document (JSON or YAML)")
    .option("-I, --stdin-input", "read the input document (JSON) from standard input")
    .option("-d, --data <file...>", "base documents (JSON or YAML) merged into `data`; a folder or a policy file here loads as with --policy, as `opa eval -d` takes it")
    .addOption(new Option("--format <format>", "output format; raw: each expression's value on a line, strings unquoted").choices(["json", "pretty", "raw"]).default("json"))
    .option("--fail", "exit 1 when the query is undefined, as `opa eval --fail`")
    .option("--fail-defined", "exit 1 when the query is defined, as `opa eval --fail-defined`")
    .option("--v0-compatible", "read Rego v0 syntax, as OPA's --v0-compatible")
    .option("--strict", "built-in errors fail the query instead of making the call undefined (OPA's --strict-builtin-errors)")
    .action(async (query: string, options: QueryCommandOptions) => {
      process.exitCode = await runQuery(query, options);
    });
}

/** Run one query and print its result; resolves to the exit code. */
export async function runQuery(query: string, options: QueryCommandOptions, out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr): Promise<number> {
  // `opa eval -d` takes policies and folders as well as data: a `--data` path that is one loads as a `--policy` path.
  const dataPaths = options.data ?? [];
  const policyPaths = [...(options.policy ?? []), ...dataPaths.filter(isPolicyPath)];
  const data = dataPaths.filter((p) => !isPolicyPath(p));
  const policy: CompiledPolicy | OpaWasmPolicy =
    policyPaths.length > 0
      ? await loadDecidingPolicyFromCli(
          {
            policy: policyPaths,
            ...(data.length > 0 ? { data } : {}),
            ...(options.v0Compatible ? { v0Compatible: true } : {}),
            ...(options.strict ? { strict: true } : {}),
          },
          err,
        )
      : await bare(data, options.strict === true);
  if (options.input !== undefined && options.stdinInput) throw SnapError.of("bad_usage", "`--input` and `--stdin-input` cannot be used together", undefined, "give the input as a file (`--input`) or on standard input (`--stdin-input`)");
  const input = options.stdinInput ? await readData("/dev/stdin") : options.input !== undefined ? await readData(options.input) : undefined;
  let results: QueryResult[];
  const prints: PrintLine[] = [];
  try {
    results = policy.query(query, { ...(input !== undefined ? { input } : {}), prints });
  } catch (e) {
    if (!isSnapError(e)) throw e;
    const querySource = new SourceFile("<query>", query);
    err.write(renderDiagnostics(e.diagnostics, (name) => (name === "<query>" ? querySource : "source" in policy ? policy.source(name) : undefined), { color: useColor(err) }) + "\n");
    return EXIT.error;
  }
  // As `opa eval` does: print output on stderr, so that stdout stays the result.
  for (const p of prints) err.write(`${p.location}: ${p.message}\n`);
  if (options.format === "pretty") out.write(pretty(results, palette(useColor(out))));
  else if (options.format === "raw") out.write(raw(results));
  else out.write(stringifyJson((results.length === 0 ? {} : { result: results }) as unknown as Json, { indent: 2 }) + "\n");
  if (options.fail && results.length === 0) return EXIT.mismatch;
  if (options.failDefined && results.length > 0) return EXIT.mismatch;
  return EXIT.ok;
}

/** True for a folder or a `.snap`/`.rego` file: what `loadPolicies` takes, not a data document. */
function isPolicyPath(path: string): boolean {
  if (POLICY_EXTENSIONS.some((x) => path.endsWith(x))) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a missing path is reported by whoever reads it
  }
}

/** A policy with no modules (data files only), for queries over `input` and `data`. */
async function bare(files: readonly string[], strict: boolean) {
  let data: Value = {};
  for (const f of files) data = mergeDocuments(data, await readData(f), f);
  return compile({ modules: [], data, ...(strict ? { strictBuiltinErrors: true } : {}) });
}

/** `--format raw`: every expression's value on its own line, a string as it is, anything else as compact JSON. */
function raw(results: readonly QueryResult[]): string {
  let text = "";
  for (const r of results) for (const v of r.expressions) text += (typeof v === "string" ? v : stringifyJson(v)) + "\n";
  return text;
}

function pretty(results: readonly QueryResult[], c: ReturnType<typeof palette>): string {
  if (results.length === 0) return c.dim("undefined") + "\n";
  const lines: string[] = [];
  results.forEach((r, i) => {
    if (results.length > 1) lines.push(c.bold(`solution ${i + 1}`));
    for (const [name, v] of Object.entries(r.bindings)) lines.push(`${c.cyan(name)} = ${stringifyJson(v, { indent: 2 })}`);
    if (Object.keys(r.bindings).length === 0) for (const v of r.expressions) lines.push(stringifyJson(v, { indent: 2 }));
  });
  return lines.join("\n") + "\n";
}
