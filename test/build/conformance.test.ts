/**
 * Built modules against the compiled back end on every regorus conformance
 * case (read from `../shared/conformance/regorus/` by the conformance
 * runner's reader): each case's policy is built into its own standalone
 * module (a query that is not a `data.…` path is precompiled into it with
 * `queries`), and every input gives the same results, `print` output and
 * errors (code, location, message) as `policy.query` on the compiled
 * policy. All modules are bundled in one bundler run and run in one plain
 * `node` process in a folder outside the repository.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compile } from "../../src/api/compile.js";
import type { CompiledPolicy } from "../../src/api/policy.js";
import { bundleModules, planModule, QueryBuildError, type ModulePlan } from "../../src/build/index.js";
import type { PrintLine } from "../../src/eval/context.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { formatLocation } from "../../src/source/span.js";
import { toJson, type Json } from "../../src/value/json.js";
import { compileOptions, documentValue, loadCases, many, type Case } from "../conformance/cases.js";
import { builtFolder, removeBuiltFolder } from "./helpers.js";

/** A `data.…` path, which a built module answers without a precompiled query. */
const DATA_PATH = /^data(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

// JSON that keeps big integers (as `{"$big": digits}`), on both sides of the comparison.
const REPLACER = "(k, v) => (typeof v === 'bigint' ? { $big: v.toString() } : v)";
const REVIVER = "(k, v) => (v !== null && typeof v === 'object' && typeof v.$big === 'string' ? BigInt(v.$big) : v)";
const replacer = (_k: string, v: unknown) => (typeof v === "bigint" ? { $big: v.toString() } : v);

/** What running a case shows, as lines: each input's results or error, then its prints. */
type Observation = string[];

/** The script the `node` process runs: import each case's module, query it with each input, print observations. */
const RUNNER = `
import { readFileSync } from "node:fs";
const replacer = ${REPLACER};
const jobs = JSON.parse(readFileSync("jobs.json", "utf8"), ${REVIVER});
const out = [];
for (const job of jobs) {
  const m = await import("./" + job.module);
  const lines = [];
  for (const input of job.inputs) {
    const prints = [];
    try {
      const results = input === null ? m.query(job.query, undefined, { prints }) : m.query(job.query, input.value, { prints });
      lines.push("results " + JSON.stringify(results, replacer));
    } catch (e) {
      const at = e.location ? e.location.file + ":" + e.location.line + ":" + e.location.col : "-";
      lines.push("error " + e.code + " at " + at + ": " + e.message);
    }
    for (const p of prints) lines.push("print " + p.location + ": " + p.message);
  }
  out.push(lines);
}
process.stdout.write(JSON.stringify(out));
`;

function showError(e: unknown): string {
  if (isSnapError(e)) return `error ${e.code} at ${e.location ? formatLocation(e.location) : "-"}: ${e.message}`;
  throw e;
}

/** The inputs of a case, as JSON (both sides get the same plain documents). */
function inputsOf(c: Case): (Json | undefined)[] {
  if (c.input === undefined) return [undefined];
  return (many(c.input) ?? [c.input]).map((x) => toJson(documentValue(x)));
}

/** What the compiled back end shows for a case. */
function observeCompiled(policy: CompiledPolicy, c: Case): Observation {
  const lines: string[] = [];
  for (const input of inputsOf(c)) {
    const options = input === undefined ? {} : { input };
    try {
      lines.push(`results ${JSON.stringify(policy.query(c.query, options), replacer)}`);
    } catch (e) {
      lines.push(showError(e));
    }
    const prints: PrintLine[] = [];
    try {
      policy.evaluate(c.query, { ...options, prints });
    } catch {
      // The error is the one `query` reported above; the prints made before it still count.
    }
    for (const p of prints) lines.push(`print ${p.location}: ${p.message}`);
  }
  return lines;
}

interface Prepared {
  /** `file#note`, numbered when a note repeats in its file. */
  readonly id: string;
  readonly c: Case;
  readonly compiled: Observation;
  /** The plan, or the error planning gave (a query that does not parse or check), once per input. */
  readonly plan?: ModulePlan;
  readonly planError?: Observation;
}

const all = loadCases().filter((c) => !c.skip);
const prepared: Prepared[] = [];
/** Cases whose policy does not compile: there is nothing to build (the conformance suite checks their errors). */
const notCompiling: string[] = [];
/** Cases whose query replaces with `with` what the compiled code does not look for (the compiled policy runs those on the interpreter). */
const notCompilable: string[] = [];
const built = new Map<string, Observation>();
const seen = new Map<string, number>();

for (const c of all) {
  const n = (seen.get(c.id) ?? 0) + 1;
  seen.set(c.id, n);
  const id = n === 1 ? c.id : `${c.id} (${n})`;
  let policy: CompiledPolicy;
  try {
    policy = compile({
      ...compileOptions(c),
    });
  } catch (e) {
    if (!isSnapError(e)) throw e;
    notCompiling.push(id);
    continue;
  }
  const compiled = observeCompiled(policy, c);
  try {
    prepared.push({ id, c, compiled, plan: planModule(policy, { queries: DATA_PATH.test(c.query) ? [] : [c.query] }) });
  } catch (e) {
    if (!(e instanceof QueryBuildError)) throw e;
    if (e.code === "query_not_compilable") notCompilable.push(id);
    else prepared.push({ id, c, compiled, planError: inputsOf(c).map(() => showError(e)) });
  }
}

beforeAll(async () => {
  const withPlans = prepared.filter((p) => p.plan);
  const modules = await bundleModules(withPlans.map((p) => p.plan!));
  const dir = builtFolder();
  const jobs = withPlans.map((p, i) => {
    writeFileSync(join(dir, `case-${i}.mjs`), modules[i]!.code);
    return { module: `case-${i}.mjs`, query: p.c.query, inputs: inputsOf(p.c).map((x) => (x === undefined ? null : { value: x })) };
  });
  writeFileSync(join(dir, "jobs.json"), JSON.stringify(jobs, replacer));
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", RUNNER], { cwd: dir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`node failed (${r.status}): ${r.stderr}`);
  const observations = JSON.parse(r.stdout) as Observation[];
  withPlans.forEach((p, i) => built.set(p.id, observations[i]!));
}, 120_000);
afterAll(removeBuiltFolder);

describe("built modules agree with the compiled back end on every conformance case", () => {
  test("every case whose policy compiles is built (the rest are listed with their reason)", () => {
    expect(prepared.length + notCompiling.length + notCompilable.length).toBe(all.length);
    console.log(`${prepared.length} cases built, ${notCompiling.length} policies that do not compile, ${notCompilable.length} queries not compilable`);
    expect(prepared.length).toBeGreaterThan(250);
    // Queries that `with`-replace a function or built-in no rule of their policy replaces: a built module cannot run them.
    expect(notCompilable.length, notCompilable.join("\n")).toBeLessThan(10);
  });

  test.each(prepared.map((p) => [p.id, p] as const))("%s", (id, p) => {
    expect(p.plan ? built.get(id) : p.planError).toEqual(p.compiled);
  });
});
