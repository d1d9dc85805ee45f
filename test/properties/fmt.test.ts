import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stripSpans } from "../../src/ast/index.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import type { Module } from "../../src/ast/nodes.js";
import { renderDiagnostics } from "../../src/source/render.js";
import { SourceFile } from "../../src/source/source-file.js";
import { formatModule, parseModule } from "../../src/syntax/index.js";
import { conformanceModules } from "../syntax/conformance-modules.js";
import { module } from "./ast-arbitrary.js";
import { propertySettings } from "./settings.js";

function reparse(text: string, name = "fmt.rego"): Module {
  const file = new SourceFile(name, text);
  const r = parseModule(file);
  if (!r.value) throw new Error(`formatted text does not parse:\n${text}\n${renderDiagnostics(r.diagnostics, () => file)}`);
  return r.value;
}

/**
 * What formatting must keep: the AST without positions, comments (compared on
 * their own), the version (the output is always v1), `import rego.v1`
 * (added to v0 modules, a no-op in v1) and `future.keywords` imports (which
 * `rego.v1` implies: a v0 module's are dropped when it is added).
 */
function meaning(m: Module): unknown {
  const shape = stripSpans(m) as Record<string, unknown>;
  delete shape["regoVersion"];
  delete shape["comments"];
  shape["imports"] = (shape["imports"] as { path: string[] }[]).filter((i) => i.path.join(".") !== "rego.v1" && i.path[0] !== "future");
  return shape;
}

describe("fmt over generated ASTs", () => {
  it("keeps meaning: parse(fmt(ast)) equals ast up to spans", () => {
    fc.assert(
      fc.property(module, (m) => {
        const text = formatModule(m);
        expect(stripSpans(reparse(text))).toEqual(stripSpans(m));
      }),
      propertySettings(300),
    );
  });

  it("is idempotent: fmt(parse(fmt(ast))) == fmt(ast)", () => {
    fc.assert(
      fc.property(module, (m) => {
        const once = formatModule(m);
        expect(formatModule(reparse(once))).toBe(once);
      }),
      propertySettings(300),
    );
  });
});

/** A conformance module with whitespace, line breaks and comments inserted at random places. */
const relaidOut = fc
  .tuple(
    fc.constantFrom(...conformanceModules().filter((c) => !c.expectsError)),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(" ", "\n", "\t", "\n\n", " # note\n", "\n# own line\n", "#x\n")), { minLength: 1, maxLength: 6 }),
  )
  .map(([c, edits]) => {
    let t = c.text;
    for (const [at, insert] of edits) {
      const i = at % (t.length + 1);
      t = t.slice(0, i) + insert + t.slice(i);
    }
    return { text: t, regoVersion: c.regoVersion };
  });

describe("fmt over re-laid-out real modules (comments and line breaks anywhere)", () => {
  it("keeps meaning and comments, and is idempotent, whenever the text still parses", () => {
    fc.assert(
      fc.property(relaidOut, ({ text, regoVersion }) => {
        const parsed = parseModule(new SourceFile("laid.rego", text), { regoVersion }).value;
        fc.pre(parsed !== undefined);
        let once: string;
        try {
          once = formatModule(parsed!);
        } catch (e) {
          // A v0 name that is a v1 keyword (a line break can turn v0's contextual `if` into a name) cannot be printed: refused, not mangled.
          expect(isSnapError(e) && e.code === "keyword_as_name", String(e)).toBe(true);
          return;
        }
        const again = reparse(once);
        expect(meaning(again)).toEqual(meaning(parsed!));
        expect(again.comments.map((x) => x.text.trimEnd())).toEqual(parsed!.comments.map((x) => x.text.trimEnd()));
        expect(formatModule(again)).toBe(once);
      }),
      propertySettings(300),
    );
  });
});

describe("fmt over every conformance module", () => {
  const modules = conformanceModules()
    .map((c) => ({ c, parsed: parseModule(new SourceFile(c.name, c.text), { regoVersion: c.regoVersion }).value }))
    .filter((x): x is { c: (typeof x)["c"]; parsed: Module } => x.parsed !== undefined);

  it("keeps meaning, comments and is idempotent", () => {
    expect(modules.length).toBeGreaterThan(400);
    for (const { c, parsed } of modules) {
      const once = formatModule(parsed);
      const again = reparse(once, c.name);
      expect(meaning(again), c.name).toEqual(meaning(parsed));
      expect(again.comments.map((x) => x.text.trimEnd()), c.name).toEqual(parsed.comments.map((x) => x.text.trimEnd()));
      expect(formatModule(again), c.name).toBe(once);
    }
  });
});
