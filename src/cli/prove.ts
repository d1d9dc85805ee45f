/**
 * `snapspace prove --policy P… --properties F… [--fixtures RECORDS…]
 * [--schema [TOOL=]FILE…] [--agent NAME…] [--data FILE] [--runs N] [--seed S]
 * [--v0-compatible]`: search generated proposals for violations of declared
 * properties (DESIGN.md §7, docs/testing.md).
 *
 * Cases are sessions: recorded sessions mutated (`snapspace/testing`'s
 * `mutatedSessionsArb`), and proposals generated from a JSON Schema of a
 * tool's arguments, proposed after a mutated recorded history. Each is
 * decided as `snapspace eval --session` decides it (earlier records first,
 * their effects making the history), then every `violation` set of the
 * properties is evaluated with the input and `input.decision`. On a
 * violation, fast-check shrinks the case, and the smallest one is printed
 * as JSON Lines that `snapspace eval --session` reproduces; exit 1. No
 * violation: exit 0 with the number of cases tried. Errors: exit 2.
 */
import { readFile } from "node:fs/promises";
import { InvalidArgumentError, type Command } from "commander";
import { PolicyError } from "../api/compile.js";
import { readData } from "../api/load.js";
import type { Policy } from "../decision/contract.js";
import type { RecordedProposal } from "../decision/schemas.js";
import { isSnapError, SnapError } from "../source/diagnostic.js";
import { displayPath } from "../source/discover.js";
import { renderDiagnostic, renderDiagnostics } from "../source/render.js";
import { casesArb, type GeneratedTool } from "../testing/cases.js";
import { PropertyFailure } from "../testing/checks.js";
import { describeDecision } from "../testing/counterexample.js";
import { jsonSchemaArb } from "../testing/json-schema-arb.js";
import { checkProperties, describeViolation, policyData, PropertySet, type PropertyViolation } from "../testing/properties.js";
import { EXIT } from "./exit-codes.js";
import { loadDecidingPolicyFromCli } from "./load-policy.js";
import { readRecords, recordFiles } from "./records/read.js";
import { palette, useColor } from "./terminal.js";

/** Cases tried when `--runs` is not given. */
export const DEFAULT_RUNS = 500;

/** Options of `snapspace prove`, as commander parses them. */
export interface ProveCommandOptions {
  readonly policy: string[];
  readonly properties: string[];
  readonly fixtures?: string[];
  readonly schema?: string[];
  readonly agent?: string[];
  readonly data?: string;
  readonly runs?: number;
  readonly seed?: number;
  readonly v0Compatible?: boolean;
}

/** Register `snapspace prove` on the program. */
export function registerProve(program: Command): void {
  program
    .command("prove")
    .description("search generated proposals for violations of the properties (`violation` rules) and print the smallest one found")
    .requiredOption("-p, --policy <paths...>", "policy files or folders (.snap, .rego), or one OPA Wasm module or bundle")
    .requiredOption("--properties <paths...>", "properties files or folders: .snap modules whose `violation` sets say what must never happen")
    .option("--fixtures <paths...>", "recorded sessions to mutate (JSON Lines, JSON arrays, or folders of them)")
    .option("--schema <specs...>", "a JSON Schema of a tool's arguments, as TOOL=FILE (or FILE when the schema's `title` names the tool)")
    .option("--agent <names...>", "agents that propose the calls generated from --schema (default: the agents of the fixtures that use the tool)")
    .option("-d, --data <file>", "base documents (JSON or YAML) merged into `data`")
    .option("--runs <n>", `cases to try (default ${DEFAULT_RUNS})`, positiveInteger("--runs"))
    .option("--seed <n>", "random seed: the same seed tries the same cases (default: random, printed)", integer("--seed"))
    .option("--v0-compatible", "accept Rego v0 syntax, as OPA's --v0-compatible")
    .action(async (options: ProveCommandOptions) => {
      process.exitCode = await runProve(options);
    });
}

function positiveInteger(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`\`${value}\` is not a positive whole number for ${flag}`);
    return n;
  };
}

function integer(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    // fast-check seeds are 32-bit integers.
    if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 32) throw new InvalidArgumentError(`\`${value}\` is not a 32-bit whole number for ${flag}`);
    return n | 0;
  };
}

/** Where `prove` writes. */
export interface ProveStreams {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Run `snapspace prove`; resolves to the exit code. Throws `SnapError` for bad usage and unreadable files (exit 2 in `main`). */
export async function runProve(options: ProveCommandOptions, streams: ProveStreams = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const color = useColor(streams.stdout as NodeJS.WriteStream);
  const errColor = useColor(streams.stderr as NodeJS.WriteStream);
  const p = palette(color);
  const policy = await loadDecidingPolicyFromCli(
    {
      policy: options.policy,
      ...(options.data !== undefined ? { data: options.data } : {}),
      ...(options.v0Compatible ? { v0Compatible: true } : {}),
    },
    streams.stderr as NodeJS.WriteStream,
  );
  const properties = await loadProperties(options, policy, streams, errColor);
  const records = await readFixtures(options.fixtures ?? [], streams, errColor);
  if (records === undefined) return EXIT.error;
  const tools = await readSchemas(options.schema ?? []);
  const cases = casesArb({ records, tools, ...(options.agent ? { agents: options.agent } : {}) });
  const runs = options.runs ?? DEFAULT_RUNS;
  const seed = options.seed ?? randomSeed();
  const sources = [
    ...(records.length > 0 ? [`${records.length} recorded proposal${records.length === 1 ? "" : "s"}`] : []),
    ...tools.map((t) => `the schema of ${t.tool}`),
  ].join(" and ");
  streams.stdout.write(`prove: up to ${runs} cases from ${sources}, seed ${seed}${options.seed === undefined ? " (pass --seed " + seed + " to run the same cases again)" : ""}\n`);
  streams.stdout.write(`properties: ${properties.packages.join(", ")}\n`);
  try {
    const summary = checkProperties(policy, properties, cases, { numRuns: runs, seed });
    const e = summary.effects;
    streams.stdout.write(`${p.green("✓")} no violation in ${summary.runs} cases (decided: allow ${e.allow}, deny ${e.deny}, escalate ${e.escalate})\n`);
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof PropertyFailure)) throw e;
    return reportFailure(e, policy, properties, options, streams, p);
  }
}

async function loadProperties(options: ProveCommandOptions, policy: Policy, streams: ProveStreams, color: boolean): Promise<PropertySet> {
  let data: unknown = policyData(policy);
  if (data === undefined && options.data !== undefined) data = await readData(options.data);
  try {
    return await PropertySet.load(options.properties, {
      ...(data !== undefined ? { data } : {}),
      ...(options.v0Compatible ? { regoVersion: 0 } : {}),
    });
  } catch (e) {
    if (e instanceof PolicyError) {
      streams.stderr.write(renderDiagnostics(e.diagnostics, (name) => e.sources.find((s) => s.name === name), { color }) + "\n\n");
      const n = e.diagnostics.filter((d) => d.severity === "error").length;
      throw SnapError.of("property_errors", `the properties have ${n} error${n === 1 ? "" : "s"}`, undefined, "fix the errors above, then run the command again");
    }
    throw e;
  }
}

/** The records of the fixtures, or undefined (after printing them) when some are invalid. */
async function readFixtures(paths: readonly string[], streams: ProveStreams, color: boolean): Promise<RecordedProposal[] | undefined> {
  const out: RecordedProposal[] = [];
  let invalid = 0;
  for (const file of await recordFiles(paths)) {
    for await (const item of readRecords(file)) {
      if (item.kind === "record") out.push(item.record);
      else {
        invalid++;
        streams.stderr.write(item.diagnostics.map((d) => renderDiagnostic(d, () => item.source, { color })).join("\n") + "\n");
      }
    }
  }
  if (invalid > 0) {
    streams.stderr.write(`error: ${invalid} invalid record${invalid === 1 ? "" : "s"} in the fixtures\n  help: fix them (\`snapspace eval\` shows each field at fault), then run the command again\n`);
    return undefined;
  }
  return out;
}

/** `--schema TOOL=FILE` or `--schema FILE` (the tool named by the schema's `title`). */
async function readSchemas(specs: readonly string[]): Promise<GeneratedTool[]> {
  const out: GeneratedTool[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    const file = eq > 0 ? spec.slice(eq + 1) : spec;
    const shown = displayPath(file);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      throw SnapError.of("file_unreadable", `cannot read \`${shown}\`: ${e instanceof Error ? e.message : String(e)}`, undefined, "check the path given to --schema");
    }
    let schema: unknown;
    try {
      schema = JSON.parse(text);
    } catch (e) {
      throw SnapError.of("invalid_schema", `\`${shown}\` is not JSON: ${e instanceof Error ? e.message : String(e)}`, undefined, "--schema takes a JSON Schema of a tool's arguments");
    }
    const title = typeof schema === "object" && schema !== null ? (schema as { title?: unknown }).title : undefined;
    const tool = eq > 0 ? spec.slice(0, eq) : typeof title === "string" ? title : undefined;
    if (tool === undefined || tool === "") {
      throw SnapError.of("schema_without_tool", `\`${shown}\` does not say which tool it describes`, undefined, `name the tool: \`--schema payments.charge=${shown}\`, or give the schema a \`title\``);
    }
    try {
      out.push({ tool, args: jsonSchemaArb(schema) });
    } catch (e) {
      if (isSnapError(e)) throw SnapError.of(e.code, `${shown}: ${e.message}`, undefined, e.help);
      throw e;
    }
  }
  return out;
}

function reportFailure(e: PropertyFailure, policy: Policy, properties: PropertySet, options: ProveCommandOptions, streams: ProveStreams, p: ReturnType<typeof palette>): number {
  const c = e.counterexample;
  let violations: PropertyViolation[] = [];
  let evaluationError: string | undefined;
  try {
    violations = properties.violations(c.input, c.decision);
  } catch (err) {
    if (!isSnapError(err)) throw err;
    evaluationError = `${err.message}${err.location ? ` (${err.location.file}:${err.location.line})` : ""}`;
  }
  const out: string[] = [];
  const { runs, shrinks, seed } = e.run;
  out.push(`${p.red("✗")} ${evaluationError ? "the properties failed to evaluate" : `violation found`} after ${runs} case${runs === 1 ? "" : "s"} (seed ${seed}; shrunk ${shrinks} time${shrinks === 1 ? "" : "s"})`);
  if (evaluationError) out.push(`  ${evaluationError}`);
  for (const v of violations) out.push(`  ${p.bold(v.msg)}  ${p.dim(`(${v.package}, ${v.location})`)}`);
  if (!evaluationError && violations.length === 0) for (const v of e.violations) out.push(`  ${v}`);
  const lines = e.records.lines;
  out.push(
    "",
    lines.length === 1
      ? "the smallest case found, as a record for `snapspace eval --session`:"
      : `the smallest case found, as a session of ${lines.length} records for \`snapspace eval --session\` (the last one breaks the property):`,
    "",
    ...lines,
    "",
    "its decision:",
    describeDecision(c.decision),
    "",
    "to reproduce, save the record lines above to a file, e.g. case.jsonl, and run:",
    `  snapspace eval case.jsonl --session ${policyArgs(options)}`,
  );
  streams.stdout.write(out.join("\n") + "\n");
  return evaluationError ? EXIT.error : EXIT.mismatch;
}

function policyArgs(o: ProveCommandOptions): string {
  return [`--policy ${o.policy.join(" ")}`, ...(o.data ? [`--data ${o.data}`] : []), ...(o.v0Compatible ? ["--v0-compatible"] : [])].join(" ");
}

function randomSeed(): number {
  // The one place prove draws randomness: which cases to try. It is printed, so any run can be repeated.
  return (Math.random() * 0x7fffffff) | 0;
}

