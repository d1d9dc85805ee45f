/**
 * `snapspace test [P…] [--run REGEX] [--coverage] [--format pretty|json]
 * [--data FILE] [--v0-compatible]`: run the `test_*` rules of policy files,
 * like `opa test`. A test passes when its rule is defined and not `false`
 * (OPA's rule); it fails when it is undefined or `false`, and is an error
 * when its evaluation fails. For a failure the report gives the rule's
 * location, what it evaluated to, the statement where its body stopped
 * (the last one evaluated, from the coverage hook), and what it printed.
 * Exit 1 on a failing test, 2 on policy errors or when no test matches.
 */
import { Option, type Command } from "commander";
import type { Body, Module, Rule, Stmt } from "../ast/nodes.js";
import { walk } from "../ast/visit.js";
import type { CompiledPolicy } from "../api/policy.js";
import { isSnapError, SnapError } from "../source/diagnostic.js";
import { formatLocation } from "../source/span.js";
import { stringifyJson, type Json } from "../value/json.js";
import type { Value } from "../value/types.js";
import { EXIT } from "./exit-codes.js";
import { loadPolicyFromCli } from "./load-policy.js";
import { palette, useColor, type Palette } from "./terminal.js";

/** Options of `snapspace test`. */
export interface TestCommandOptions {
  readonly run?: string;
  readonly coverage?: boolean;
  readonly format: "pretty" | "json";
  readonly data?: string;
  readonly v0Compatible?: boolean;
  /** Also show what passing tests printed (`opa test -v`). */
  readonly verbose?: boolean;
}

/** The outcome of one test rule. */
export interface TestResult {
  /** `data.agent.payments_test.test_small_charge`. */
  readonly name: string;
  readonly package: string;
  readonly file: string;
  readonly line: number;
  /** `skip`: a `todo_test_` rule, reported and not run, as `opa test` does. */
  readonly result: "pass" | "fail" | "error" | "skip";
  /** For a failure: `undefined` or `false`. */
  readonly value?: "undefined" | "false";
  /** For a failure: the statement where the body stopped, `file:line` and its text. */
  readonly failedAt?: { readonly location: string; readonly text: string };
  /** For an error: what went wrong. */
  readonly error?: { readonly code: string; readonly message: string; readonly location?: string };
  /** What the test printed (`print(…)`): for failures, and with `--verbose` for every test. */
  readonly prints: readonly string[];
}

/** Line coverage of one file: lines with a rule head or statement, evaluated or not. */
export interface FileCoverage {
  readonly covered: readonly number[];
  readonly notCovered: readonly number[];
  /** Percentage of coverable lines that were evaluated, to one decimal. */
  readonly percent: number;
}

/** A rule named like this is a test to do: reported as skipped, not run (`opa test`'s convention). */
const SKIPPED_PREFIX = "todo_test_";

/** Register `snapspace test` on the program. */
export function registerTest(program: Command): void {
  program
    .command("test")
    .description("run the `test_*` rules of policy files, like `opa test`")
    .argument("[paths...]", "policy files or folders (tests are conventionally in `*_test.snap`)", ["."])
    .option("-r, --run <regex>", "run only the tests whose full name (`data.pkg.test_x`) matches")
    .option("-c, --coverage", "report which rule lines the tests evaluated, per file")
    .addOption(new Option("-f, --format <format>", "output format").choices(["pretty", "json"]).default("pretty"))
    .option("-d, --data <file>", "base documents (JSON or YAML) merged into `data`")
    .option("--v0-compatible", "accept Rego v0 syntax, as OPA's --v0-compatible")
    .option("-v, --verbose", "also show what passing tests printed, as `opa test -v`")
    .action(async (paths: string[], options: TestCommandOptions) => {
      process.exitCode = await runTest(paths, options);
    });
}

/** Run `snapspace test`; resolves to the exit code. Throws `SnapError` for policy errors and a bad `--run` (exit 2 in `main`). */
export async function runTest(paths: readonly string[], options: TestCommandOptions): Promise<number> {
  const filter = compileFilter(options.run);
  const policy = await loadPolicyFromCli({
    policy: paths,
    ...(options.data !== undefined ? { data: options.data } : {}),
    ...(options.v0Compatible ? { v0Compatible: true } : {}),
  });
  const coverage = options.coverage ? new Set<string>() : undefined;
  const results = runTests(policy, filter, coverage, options.verbose === true);
  if (results.length === 0) {
    process.stderr.write(`error: no tests found${options.run !== undefined ? ` matching \`${options.run}\`` : ""}\n  help: a test is a rule whose name starts with \`test_\`, e.g. \`test_small_charge_allowed if { … }\`\n`);
    return EXIT.error;
  }
  const fileCoverage = coverage ? coverageByFile(policy.modules, coverage) : undefined;
  if (options.format === "json") process.stdout.write(jsonReport(results, fileCoverage) + "\n");
  else process.stdout.write(prettyReport(results, fileCoverage, palette(useColor(process.stdout))));
  return results.every((r) => r.result === "pass" || r.result === "skip") ? EXIT.ok : EXIT.mismatch;
}

function compileFilter(run: string | undefined): RegExp | undefined {
  if (run === undefined) return undefined;
  try {
    return new RegExp(run);
  } catch (e) {
    throw SnapError.of("bad_run_regex", `\`--run\` is not a regular expression: \`${run}\` (${e instanceof Error ? e.message : String(e)})`, undefined, "write a JavaScript regular expression, e.g. `payments` or `test_charge_.*`");
  }
}

/** The test rules of a policy (and the `todo_test_` ones, to skip), one per rule path (several definitions are one test), in file and line order. */
export function findTests(policy: CompiledPolicy): { name: string; pkg: string; rules: Rule[]; file: string; line: number }[] {
  const byName = new Map<string, { name: string; pkg: string; rules: Rule[]; file: string; line: number }>();
  for (const def of policy.program.defs) {
    const head = def.rule.head;
    const named = head.name.startsWith("test_") || head.name.startsWith(SKIPPED_PREFIX);
    if (!named || head.path.length > 0 || head.args !== undefined || def.rule.isDefault) continue;
    const pkg = def.module.package.path.join(".");
    const name = `data.${pkg}.${head.name}`;
    const t = byName.get(name);
    if (t) t.rules.push(def.rule);
    else byName.set(name, { name, pkg, rules: [def.rule], file: head.span.file, line: head.span.line });
  }
  return [...byName.values()].sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line));
}

/** Run the tests that match `filter`, adding what they evaluate to `coverage`; passing tests keep their prints only when `verbose`. */
export function runTests(policy: CompiledPolicy, filter?: RegExp, coverage?: Set<string>, verbose = false): TestResult[] {
  const results: TestResult[] = [];
  for (const t of findTests(policy)) {
    if (filter && !filter.test(t.name)) continue;
    // Each test gets its own coverage set, to find where a failing body stopped.
    const own = new Set<string>();
    const prints: { location: string; message: string }[] = [];
    const base = { name: t.name, package: t.pkg, file: t.file, line: t.line };
    if (t.name.slice(`data.${t.pkg}.`.length).startsWith(SKIPPED_PREFIX)) {
      results.push({ ...base, result: "skip", prints: [] });
      continue;
    }
    let value: Value | undefined;
    try {
      value = policy.evaluatePath(t.name.slice("data.".length), { coverage: own, prints });
    } catch (e) {
      if (!isSnapError(e)) throw e;
      results.push({
        ...base,
        result: "error",
        error: { code: e.code, message: e.message, ...(e.location ? { location: formatLocation(e.location) } : {}) },
        prints: prints.map((p) => `${p.location}: ${p.message}`),
      });
      continue;
    } finally {
      if (coverage) for (const l of own) coverage.add(l);
    }
    if (value !== undefined && value !== false) {
      results.push({ ...base, result: "pass", prints: verbose ? prints.map((p) => `${p.location}: ${p.message}`) : [] });
      continue;
    }
    const stop = stoppedAt(policy, t.rules, own);
    results.push({
      ...base,
      result: "fail",
      value: value === undefined ? "undefined" : "false",
      ...(stop ? { failedAt: stop } : {}),
      prints: prints.map((p) => `${p.location}: ${p.message}`),
    });
  }
  return results;
}

/**
 * Where a failing test's body stopped: the last statement (in source order)
 * that was evaluated before the first one that was not. Bodies run in
 * planned order, which for test bodies is nearly always source order.
 */
function stoppedAt(policy: CompiledPolicy, rules: readonly Rule[], covered: ReadonlySet<string>): { location: string; text: string } | undefined {
  for (const rule of rules) {
    const body = rule.body;
    let last: Stmt | undefined;
    for (const s of body) {
      if (!covered.has(`${s.span.file}:${s.span.line}`)) break;
      last = s;
    }
    if (!last) continue;
    const source = policy.source(last.span.file);
    const text = source ? source.text.slice(last.span.start, last.span.end).replace(/\s+/g, " ").trim() : "";
    return { location: `${last.span.file}:${last.span.line}`, text: text.length > 160 ? `${text.slice(0, 157)}...` : text };
  }
  return undefined;
}

/** Lines with a rule head or a statement, per file, and which of them were evaluated. */
export function coverageByFile(modules: readonly Module[], covered: ReadonlySet<string>): Map<string, FileCoverage> {
  const lines = new Map<string, Set<number>>();
  for (const m of modules) {
    const set = lines.get(m.file) ?? new Set<number>();
    lines.set(m.file, set);
    for (const rule of m.rules) {
      set.add(rule.head.span.line);
      addBody(rule.body, set);
      for (const e of rule.elses) addBody(e.body, set);
    }
  }
  const out = new Map<string, FileCoverage>();
  for (const file of [...lines.keys()].sort()) {
    const all = [...lines.get(file)!].sort((a, b) => a - b);
    const yes = all.filter((l) => covered.has(`${file}:${l}`));
    const no = all.filter((l) => !covered.has(`${file}:${l}`));
    out.set(file, { covered: yes, notCovered: no, percent: percent(yes.length, all.length) });
  }
  return out;
}

// Statements of nested bodies (comprehensions, `every`) count too: they are where the logic is.
function addBody(body: Body, set: Set<number>): void {
  for (const s of body) {
    set.add(s.span.line);
    walk(s, (n) => {
      if (n.kind === "every" || n.kind === "array-compr" || n.kind === "set-compr" || n.kind === "object-compr") for (const inner of n.body) set.add(inner.span.line);
    });
  }
}

function percent(n: number, of: number): number {
  return of === 0 ? 100 : Math.round((n / of) * 1000) / 10;
}

/** `3, 7-9, 12`. */
function ranges(lines: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    out.push(i === j ? String(lines[i]) : `${lines[i]}-${lines[j]}`);
    i = j;
  }
  return out.join(", ");
}

function prettyReport(results: readonly TestResult[], coverage: Map<string, FileCoverage> | undefined, c: Palette): string {
  const out: string[] = [];
  let file = "";
  for (const r of results) {
    if (r.file !== file) {
      file = r.file;
      out.push(c.bold(file));
    }
    const short = r.name.slice(`data.${r.package}.`.length);
    if (r.result === "pass") {
      out.push(`  ${c.green("PASS ")} ${r.package}.${short}`);
      for (const p of r.prints) out.push(c.dim(`        print: ${p}`));
      continue;
    }
    if (r.result === "skip") {
      out.push(`  ${c.yellow("SKIP ")} ${r.package}.${short}`);
      continue;
    }
    out.push(`  ${c.red(r.result === "fail" ? "FAIL " : "ERROR")} ${r.package}.${short}  ${c.dim(`${r.file}:${r.line}`)}`);
    if (r.result === "fail") {
      out.push(`        the test rule is ${r.value}`);
      if (r.failedAt) out.push(`        stopped at ${r.failedAt.location}: ${c.cyan(r.failedAt.text)}`);
    } else if (r.error) {
      out.push(`        ${r.error.location ? `${r.error.location}: ` : ""}${r.error.message} ${c.dim(`[${r.error.code}]`)}`);
    }
    for (const p of r.prints) out.push(c.dim(`        print: ${p}`));
  }
  const pass = results.filter((r) => r.result === "pass").length;
  const fail = results.filter((r) => r.result === "fail").length;
  const skip = results.filter((r) => r.result === "skip").length;
  const error = results.length - pass - fail - skip;
  out.push("", `${results.length === pass + skip ? c.green(`PASS: ${pass}/${results.length}`) : `PASS: ${pass}/${results.length}`}`);
  if (fail > 0) out.push(c.red(`FAIL: ${fail}/${results.length}`));
  if (skip > 0) out.push(c.yellow(`SKIPPED: ${skip}/${results.length}`));
  if (error > 0) out.push(c.red(`ERROR: ${error}/${results.length}`));
  if (coverage) {
    const totals = totalCoverage(coverage);
    out.push("", c.bold(`coverage: ${totals.percent}% (${totals.covered} of ${totals.all} lines)`));
    const width = Math.max(...[...coverage.keys()].map((f) => f.length));
    for (const [f, cov] of coverage) {
      const pct = `${cov.percent.toFixed(1)}%`.padStart(6);
      const missing = cov.notCovered.length > 0 ? c.dim(`  not covered: ${ranges(cov.notCovered)}`) : "";
      out.push(`  ${f.padEnd(width)}  ${cov.percent === 100 ? c.green(pct) : c.yellow(pct)}${missing}`);
    }
  }
  return out.join("\n") + "\n";
}

function totalCoverage(coverage: Map<string, FileCoverage>): { covered: number; all: number; percent: number } {
  let covered = 0;
  let all = 0;
  for (const f of coverage.values()) {
    covered += f.covered.length;
    all += f.covered.length + f.notCovered.length;
  }
  return { covered, all, percent: percent(covered, all) };
}

/** The JSON report; coverage in the shape of OPA's (`files.F.covered` as `{start: {row}, end: {row}}` ranges). */
function jsonReport(results: readonly TestResult[], coverage: Map<string, FileCoverage> | undefined): string {
  const doc: Record<string, Json> = {
    tests: results.map((r) => ({
      name: r.name,
      package: r.package,
      location: `${r.file}:${r.line}`,
      result: r.result,
      ...(r.value ? { value: r.value } : {}),
      ...(r.failedAt ? { failed_at: r.failedAt } : {}),
      ...(r.error ? { error: r.error } : {}),
      prints: [...r.prints],
    })),
    summary: {
      total: results.length,
      pass: results.filter((r) => r.result === "pass").length,
      fail: results.filter((r) => r.result === "fail").length,
      error: results.filter((r) => r.result === "error").length,
      skip: results.filter((r) => r.result === "skip").length,
    },
  };
  if (coverage) {
    const files: Record<string, Json> = {};
    for (const [f, cov] of coverage) files[f] = { covered: rowRanges(cov.covered), not_covered: rowRanges(cov.notCovered), coverage: cov.percent };
    doc["coverage"] = { files, coverage: totalCoverage(coverage).percent };
  }
  return stringifyJson(doc, { indent: 2, sortKeys: false });
}

function rowRanges(lines: readonly number[]): Json[] {
  const out: Json[] = [];
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    out.push({ start: { row: lines[i]! }, end: { row: lines[j]! } });
    i = j;
  }
  return out;
}

