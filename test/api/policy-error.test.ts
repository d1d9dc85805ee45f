import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { compile, PolicyError } from "../../src/api/index.js";

describe("PolicyError", () => {
  it("keeps its sources for rendering, but an uncaught one prints its diagnostics, not every policy file", () => {
    const source = `package a\n\n# ${"a long comment ".repeat(50)}\np if {\n`;
    let error: unknown;
    try {
      compile({ modules: [{ file: "a.snap", source }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const e = error as PolicyError;
    expect(e.sources.map((s) => s.name)).toEqual(["a.snap"]);
    const printed = inspect(e);
    expect(printed).toContain("expected `}`");
    expect(printed).not.toContain("a long comment");
  });
});
