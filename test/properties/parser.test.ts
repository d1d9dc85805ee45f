import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSnapError } from "../../src/source/diagnostic.js";
import { SourceFile } from "../../src/source/source-file.js";
import { formatSource, parseModule, parseQuery } from "../../src/syntax/index.js";
import { conformanceModules } from "../syntax/conformance-modules.js";
import { propertySettings } from "./settings.js";

/** Parse `text` every way a user can; only a `SnapError` may escape, and a result has a value iff it has no error. */
function parsesWithoutThrowing(text: string): void {
  const file = new SourceFile("fuzz.rego", text);
  for (const run of [
    () => parseModule(file),
    () => parseModule(file, { regoVersion: 0 }),
    () => parseQuery(file),
    () => formatSource(file, { regoVersion: 0 }),
  ]) {
    let result;
    try {
      result = run();
    } catch (e) {
      if (isSnapError(e)) continue;
      throw e;
    }
    const hasError = result.diagnostics.some((d) => d.severity === "error");
    expect(result.value === undefined).toBe(hasError);
    for (const d of result.diagnostics) {
      expect(d.code).toMatch(/^[a-z_]+$/);
      if (d.span) expect(d.span.end).toBeLessThanOrEqual(text.length);
    }
  }
}

/** Characters that matter to the lexer, so random text reaches deep into the grammar. */
const regoish = fc.string({
  unit: fc.constantFrom(
    ..."abcxyz_019 \t\n.,;:=!<>+-*/%|&()[]{}\"'`#$\\".split(""),
    "if ", "in ", "some ", "every ", "not ", "with ", "as ", "else ", "default ", "contains ", "package ", "import ", ":=", "==", "≠", "“", "é", "\u00a0", "😀",
  ),
  maxLength: 120,
});

const corpus = conformanceModules().map((m) => m.text);

/** A conformance module with random edits: inserted, deleted and replaced characters, and pieces of other modules spliced in. */
const mutated = fc
  .tuple(
    fc.constantFrom(...corpus),
    fc.array(
      fc.tuple(fc.constantFrom("insert", "delete", "replace", "splice"), fc.nat(), fc.nat(), fc.constantFrom(...corpus), fc.string({ maxLength: 3 })),
      { minLength: 1, maxLength: 5 },
    ),
  )
  .map(([text, edits]) => {
    let t = text;
    for (const [kind, at, len, other, chars] of edits) {
      const i = t.length === 0 ? 0 : at % (t.length + 1);
      const n = 1 + (len % 12);
      if (kind === "insert") t = t.slice(0, i) + chars + t.slice(i);
      else if (kind === "delete") t = t.slice(0, i) + t.slice(i + n);
      else if (kind === "replace") t = t.slice(0, i) + chars + t.slice(i + chars.length);
      else {
        const j = other.length === 0 ? 0 : len % other.length;
        t = t.slice(0, i) + other.slice(j, j + n * 3) + t.slice(i);
      }
    }
    return t;
  });

describe("the parser on any text", () => {
  it("random text: diagnostics, never an exception other than SnapError", () => {
    fc.assert(fc.property(regoish, parsesWithoutThrowing), propertySettings(500));
  });

  it("random unicode text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 80 }), parsesWithoutThrowing), propertySettings(300));
  });

  it("mutated conformance modules", () => {
    fc.assert(fc.property(mutated, parsesWithoutThrowing), propertySettings(400));
  });

  it("the unmutated corpus", () => {
    for (const text of corpus) parsesWithoutThrowing(text);
  });
});
