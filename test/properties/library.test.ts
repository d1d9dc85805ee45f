/**
 * The guarantees of `fmt` and the parser over the files users copy first:
 * the starter library (policies/), its properties (properties/) and the
 * broken example (fixtures/broken/). Formatting is idempotent, keeps the AST
 * (up to positions) and every comment, and a policy set compiled from the
 * formatted texts has the same hash and decides every case byte for byte the
 * same; the parser, on any edit of these files, fails only with `SnapError`.
 * (The generated-AST and conformance-module suites are in fmt.test.ts and
 * parser.test.ts.)
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { loadPolicies } from "../../src/api/load.js";
import type { CompiledPolicy } from "../../src/api/policy.js";
import { stripSpans } from "../../src/ast/index.js";
import type { Module } from "../../src/ast/nodes.js";
import type { RecordedProposal } from "../../src/decision/schemas.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { discoverFiles } from "../../src/source/discover.js";
import { SourceFile } from "../../src/source/source-file.js";
import { formatModule, formatSource, parseModule } from "../../src/syntax/index.js";
import { checkDeterminism, mutatedSessionsArb, readRecordsFile } from "../../src/testing/index.js";
import { propertySettings } from "./settings.js";

const ROOT = new URL("../../", import.meta.url).pathname;

interface LibraryFile {
  readonly name: string;
  readonly text: string;
  readonly module: Module;
}

let files: LibraryFile[];
let records: RecordedProposal[];
beforeAll(async () => {
  const paths = await discoverFiles([`${ROOT}policies`, `${ROOT}properties`, `${ROOT}fixtures/broken`]);
  files = paths.map((p) => {
    const name = relative(ROOT, p);
    const text = readFileSync(p, "utf8");
    const parsed = parseModule(new SourceFile(name, text));
    if (!parsed.value) throw new Error(`${name} does not parse`);
    return { name, text, module: parsed.value };
  });
  records = await readRecordsFile(`${ROOT}fixtures/sessions/`);
});

function reparse(name: string, text: string): Module {
  const r = parseModule(new SourceFile(name, text));
  if (!r.value) throw new Error(`the formatted ${name} does not parse:\n${text}`);
  return r.value;
}

describe("fmt over the starter library, its properties and the broken example", () => {
  it("covers every file of the three folders", () => {
    const names = files.map((f) => f.name);
    expect(names).toContain("policies/payments.snap");
    expect(names).toContain("policies/lib/approvals_test.snap");
    expect(names).toContain("properties/payments.snap");
    expect(names).toContain("fixtures/broken/payments.snap");
    expect(names.length).toBeGreaterThanOrEqual(23);
  });

  it("is idempotent, keeps the AST and every comment", () => {
    for (const f of files) {
      const once = formatModule(f.module);
      const again = reparse(f.name, once);
      expect(stripSpans(again), f.name).toEqual(stripSpans(f.module));
      expect(again.comments.map((c) => c.text.trimEnd()), f.name).toEqual(f.module.comments.map((c) => c.text.trimEnd()));
      expect(formatModule(again), f.name).toBe(once);
    }
  });

  it("the library, its properties and the broken example are formatted (what `snapspace fmt --check` checks)", () => {
    for (const f of files) expect(formatModule(f.module), f.name).toBe(f.text);
  });

  it("keeps meaning: the formatted library has the same hash and decides every case byte for byte the same", async () => {
    const original = await loadPolicies([`${ROOT}policies/`], { backend: "interpreter" });
    const library = files.filter((f) => f.name.startsWith("policies/"));
    // Re-laid out: formatted, then formatted again from a version with every comment dropped and blank lines added.
    const relaid = compile({
      modules: library.map((f) => ({ file: `${ROOT}${f.name}`, source: formatModule({ ...f.module, comments: [] }).replace(/\n/g, "\n\n") })),
      data: original.program.data,
      backend: "interpreter",
    });
    expect(relaid.policyHash).toBe(original.policyHash);
    // Locations move with the blank lines, so compare what a decision means: everything but `location`.
    const meaning = (p: CompiledPolicy) => ({
      policyHash: p.policyHash,
      decide: (input: unknown) => {
        const d = p.decide(input);
        return { ...d, reasons: d.reasons.map((r) => ({ ...r, location: "-" })) };
      },
      query: p.query.bind(p),
    });
    checkDeterminism(meaning(original), mutatedSessionsArb(records), { ...propertySettings(60), others: [meaning(relaid)] });
  });
});

describe("the parser on edited library files", () => {
  const edited = () =>
    fc
      .tuple(
        fc.constantFrom(...files),
        fc.array(fc.tuple(fc.constantFrom("insert", "delete", "replace"), fc.nat(), fc.nat({ max: 12 }), fc.string({ maxLength: 3, unit: fc.constantFrom(..."{}[]()\"`:=;|#\n ab1.".split("")) })), { minLength: 1, maxLength: 4 }),
      )
      .map(([f, edits]) => {
        let t = f.text;
        for (const [kind, at, n, chars] of edits) {
          const i = at % (t.length + 1);
          if (kind === "insert") t = t.slice(0, i) + chars + t.slice(i);
          else if (kind === "delete") t = t.slice(0, i) + t.slice(i + n + 1);
          else t = t.slice(0, i) + chars + t.slice(i + chars.length);
        }
        return { name: f.name, text: t };
      });

  it("fails only with SnapError, and a result has a value exactly when it has no error", () => {
    fc.assert(
      fc.property(edited(), ({ name, text }) => {
        const file = new SourceFile(name, text);
        for (const run of [() => parseModule(file), () => parseModule(file, { regoVersion: 0 }), () => formatSource(file)]) {
          let r;
          try {
            r = run();
          } catch (e) {
            if (isSnapError(e)) continue;
            throw e;
          }
          expect(r.value === undefined).toBe(r.diagnostics.some((d) => d.severity === "error"));
        }
      }),
      propertySettings(200),
    );
  });
});
