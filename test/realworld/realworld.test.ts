/**
 * The real-world corpus (`fixtures/realworld/`): policies as people write
 * them for OPA (Gatekeeper, conftest, the OPA tutorials, Terraform and
 * HTTP authorization), each folder with the results OPA gives for a few
 * queries. Every query runs on both back ends; folders with `test_` rules
 * also run them as `snapspace test` does.
 *
 * A folder holds `.rego`/`.snap` modules, optional `data.json`, input files
 * and `expected.json`:
 *
 * ```json
 * { "regoVersion": 0, "tests": { "pass": 7, "fail": 0 },
 *   "queries": [ { "query": "data.x.deny", "input": "input.json" | {…}, "result": … } ] }
 * ```
 *
 * A query expects one of: `result` (one solution; the value of its single
 * expression, as OPA's JSON API prints it), `bindings` (the bindings of
 * every solution, in any order), `undefined: true` (no solution), or
 * `error: "fragment"` (evaluation fails with a `SnapError` whose code
 * contains the fragment).
 *
 * A folder's `pending.json` (not read here) holds queries, in the same form,
 * whose OPA answer snapspace does not give yet, with the reason: move them
 * into `expected.json` once the engine gives OPA's answer.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test, vi } from "vitest";
import { compile, type ModuleSource } from "../../src/api/compile.js";
import type { CompiledPolicy } from "../../src/api/policy.js";
import type { QueryResult } from "../../src/decision/contract.js";
import { findTests, runTest, runTests } from "../../src/cli/test.js";
import type { RegoVersion } from "../../src/ast/nodes.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { parseJson, stringifyJson, type Json, type Value } from "../../src/value/index.js";

const ROOT = new URL("../../fixtures/realworld/", import.meta.url).pathname;

interface QuerySpec {
  readonly query: string;
  readonly input?: string | Json;
  readonly result?: Json;
  readonly bindings?: readonly Record<string, Json>[];
  readonly undefined?: true;
  readonly error?: string;
}

interface Expected {
  readonly source?: string;
  readonly regoVersion?: RegoVersion;
  readonly tests?: { readonly pass: number; readonly fail: number };
  readonly queries: readonly QuerySpec[];
}

interface Folder {
  readonly name: string;
  readonly dir: string;
  readonly modules: ModuleSource[];
  readonly data: Value | undefined;
  readonly expected: Expected;
}

function loadFolder(name: string): Folder {
  const dir = join(ROOT, name);
  const files = readdirSync(dir).sort();
  const modules = files
    .filter((f) => f.endsWith(".rego") || f.endsWith(".snap"))
    .map((f) => ({ file: `${name}/${f}`, source: readFileSync(join(dir, f), "utf8") }));
  const dataPath = join(dir, "data.json");
  const data = existsSync(dataPath) ? parseJson(readFileSync(dataPath, "utf8")) : undefined;
  const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected;
  return { name, dir, modules, data, expected };
}

/** The input of a query: a file of the folder (read keeping big integers) or an inline value. */
function inputOf(folder: Folder, spec: QuerySpec): Value | undefined {
  if (spec.input === undefined) return undefined;
  if (typeof spec.input === "string") return parseJson(readFileSync(join(folder.dir, spec.input), "utf8"));
  return parseJson(JSON.stringify(spec.input));
}

/** Canonical text of a JSON value (sorted keys), so `1` and a big integer compare by value. */
function canon(v: Json | Value): string {
  return stringifyJson(v as Json, { sortKeys: true });
}

/** The expected value re-read from its JSON text, so large integers keep their digits. */
function expectedValue(folder: Folder, spec: QuerySpec, field: "result"): string {
  const raw = readFileSync(join(folder.dir, "expected.json"), "utf8");
  // Re-parse the whole file with the precise parser and find the same query.
  const precise = parseJson(raw) as unknown as { queries: Record<string, Value>[] };
  const index = folder.expected.queries.indexOf(spec);
  return canon(precise.queries[index]![field]!);
}

function compileFolder(folder: Folder, backend: "interpreter" | "compiled"): CompiledPolicy {
  return compile({
    modules: folder.modules,
    backend,
    regoVersion: folder.expected.regoVersion ?? 1,
    ...(folder.data !== undefined ? { data: folder.data } : {}),
  });
}

function describeOutcome(run: () => readonly QueryResult[]): string {
  try {
    const solutions = run();
    if (solutions.length === 0) return "undefined";
    if (solutions.length > 1) return `${solutions.length} solutions: ${solutions.map((s) => canon(s.expressions as Json)).join(" | ")}`;
    return canon(solutions[0]!.expressions[0]!);
  } catch (e) {
    if (isSnapError(e)) return `error ${e.code}: ${e.message}`;
    throw e;
  }
}

const folders = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => loadFolder(d.name))
  .sort((a, b) => (a.name < b.name ? -1 : 1));

describe("real-world corpus", () => {
  test("has at least 25 policies, a good share of them v0", () => {
    expect(folders.length).toBeGreaterThanOrEqual(25);
    expect(folders.filter((f) => f.expected.regoVersion === 0).length).toBeGreaterThanOrEqual(10);
    for (const f of folders) expect(f.expected.queries.length, f.name).toBeGreaterThan(0);
  });

  for (const folder of folders) {
    describe(folder.name, () => {
      for (const backend of ["interpreter", "compiled"] as const) {
        test(`${backend}: compiles and answers every query as OPA does`, () => {
          const policy = compileFolder(folder, backend);
          const mismatches: string[] = [];
          for (const spec of folder.expected.queries) {
            const input = inputOf(folder, spec);
            const run = () => policy.query(spec.query, input === undefined ? {} : { input });
            const label = `${spec.query}${typeof spec.input === "string" ? ` (${spec.input})` : spec.input !== undefined ? ` (input ${JSON.stringify(spec.input).slice(0, 60)}…)` : ""}`;
            if (spec.error !== undefined) {
              let code: string | undefined;
              try {
                run();
              } catch (e) {
                if (!isSnapError(e)) throw e;
                code = e.code;
              }
              if (code === undefined || !code.includes(spec.error)) mismatches.push(`${label}: expected an error with code containing \`${spec.error}\`, got ${code ?? describeOutcome(run)}`);
              continue;
            }
            const got = describeOutcome(run);
            if (spec.undefined) {
              if (got !== "undefined") mismatches.push(`${label}: expected undefined, got ${got}`);
            } else if (spec.bindings !== undefined) {
              let actual: string[];
              try {
                actual = run().map((s) => canon(s.bindings)).sort();
              } catch (e) {
                if (!isSnapError(e)) throw e;
                mismatches.push(`${label}: expected bindings, got error ${e.code}: ${e.message}`);
                continue;
              }
              const want = spec.bindings.map((b) => canon(parseJson(JSON.stringify(b)))).sort();
              if (JSON.stringify(actual) !== JSON.stringify(want)) mismatches.push(`${label}: expected bindings ${want.join(" | ")}, got ${actual.join(" | ")}`);
            } else {
              const want = expectedValue(folder, spec, "result");
              if (got !== want) mismatches.push(`${label}:\n      expected ${want}\n      got      ${got}`);
            }
          }
          expect(mismatches).toEqual([]);
        });
      }

      if (folder.expected.tests) {
        const want = folder.expected.tests;
        test("its test_ rules pass as under `opa test` (snapspace test)", () => {
          const policy = compileFolder(folder, "compiled");
          const results = runTests(policy);
          const failing = results.filter((r) => r.result !== "pass").map((r) => `${r.name}: ${r.result}${r.error ? ` (${r.error.code}: ${r.error.message})` : ""}${r.failedAt ? ` at ${r.failedAt.location} ${r.failedAt.text}` : ""}`);
          expect(failing).toEqual([]);
          expect(results.length).toBe(want.pass + want.fail);
        });

        test("`snapspace test <folder>` loads the folder (modules and data.json) and reports every test passing", async () => {
          const out: string[] = [];
          const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
            out.push(String(chunk));
            return true;
          });
          let code: number;
          try {
            code = await runTest([folder.dir], { format: "json", ...(folder.expected.regoVersion === 0 ? { v0Compatible: true } : {}) });
          } finally {
            spy.mockRestore();
          }
          const report = JSON.parse(out.join("")) as { summary: { total: number; pass: number; fail: number; error: number; skip: number } };
          expect(report.summary).toEqual({ total: want.pass + want.fail, pass: want.pass, fail: want.fail, error: 0, skip: 0 });
          expect(code).toBe(want.fail === 0 ? 0 : 1);
        });

        test("its test_ rules give the same values on the compiled back end", () => {
          const policy = compileFolder(folder, "compiled");
          const wrong: string[] = [];
          for (const t of findTests(policy)) {
            let v: Value | undefined;
            try {
              v = policy.evaluatePath(t.name.slice("data.".length));
            } catch (e) {
              if (!isSnapError(e)) throw e;
              wrong.push(`${t.name}: error ${e.code}: ${e.message}`);
              continue;
            }
            if (v === undefined || v === false) wrong.push(`${t.name}: ${String(v)}`);
          }
          expect(wrong).toEqual([]);
        });
      }
    });
  }
});
