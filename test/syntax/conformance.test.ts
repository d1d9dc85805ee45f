import { describe, expect, it } from "vitest";
import { renderDiagnostics } from "../../src/source/render.js";
import { SourceFile } from "../../src/source/source-file.js";
import { parseModule } from "../../src/syntax/index.js";
import { conformanceModules } from "./conformance-modules.js";

describe("regorus conformance modules", () => {
  const modules = conformanceModules();

  it("finds the corpus", () => {
    expect(modules.length).toBeGreaterThan(400);
  });

  it("parses every module whose case does not expect an error", () => {
    const failures: string[] = [];
    let parsed = 0;
    for (const m of modules) {
      const file = new SourceFile(m.name, m.text);
      const r = parseModule(file, { regoVersion: m.regoVersion });
      if (r.value) parsed++;
      else if (!m.expectsError) failures.push(`${m.name}\n${renderDiagnostics(r.diagnostics, () => file)}`);
    }
    const withError = modules.filter((m) => m.expectsError).length;
    console.log(`conformance: ${parsed} of ${modules.length} modules parsed (${withError} belong to cases that expect an error)`);
    expect(failures, failures.join("\n\n")).toEqual([]);
  });
});
