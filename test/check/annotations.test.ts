/**
 * `# METADATA` annotations and `rego.metadata.rule()` / `rego.metadata.chain()`,
 * as OPA defines them: YAML after a `# METADATA` comment line, attached to the
 * next package or rule; `rule()` gives the rule-scoped annotation of the active
 * rule (or `{}`), `chain()` starts with the active rule (always present, without
 * `annotations` when it has none) and goes out through document, package and
 * subpackages scopes, paths without the leading `data`.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { isSnapError } from "../../src/source/diagnostic.js";

function evalIn(sources: string[], query: string, backend: "interpreter" | "compiled" = "interpreter"): unknown {
  const p = compile({ modules: sources.map((source, i) => ({ file: `m${i}.rego`, source })), backend });
  const r = p.query(query);
  return r.length === 0 ? undefined : r[0]!.expressions[0];
}

function compileError(source: string): { code: string; message: string; line: number | undefined } {
  try {
    compile({ modules: [{ file: "m.rego", source }] });
  } catch (e) {
    if (!isSnapError(e)) throw e;
    return { code: e.code, message: e.message, line: e.location?.line };
  }
  return expect.fail("compiled without error");
}

const POLICY = `# METADATA
# title: Example
# description: Example package
package example

# METADATA
# title: Allow Ones
# authors:
# - Jane Doe <jane@example.com>
# - name: Ops
# related_resources:
# - https://example.com/allow
# - ref: https://example.com/docs
#   description: the docs
# custom:
#   severity: HIGH
#   codes: [1, 2]
allow := rego.metadata.rule()

chain := rego.metadata.chain()

plain := rego.metadata.rule()
`;

describe("rego.metadata.rule()", () => {
  for (const backend of ["interpreter", "compiled"] as const) {
    it(`returns the rule-scoped annotation with its scope and only the keys set (${backend})`, () => {
      expect(evalIn([POLICY], "data.example.allow", backend)).toEqual({
        scope: "rule",
        title: "Allow Ones",
        authors: [{ name: "Jane Doe", email: "jane@example.com" }, { name: "Ops" }],
        related_resources: [{ ref: "https://example.com/allow" }, { ref: "https://example.com/docs", description: "the docs" }],
        custom: { severity: "HIGH", codes: [1, 2] },
      });
    });
  }

  it("is an empty object for a rule without annotations", () => {
    expect(evalIn([POLICY], "data.example.plain")).toEqual({});
  });

  it("each definition of a multi-definition rule sees its own annotation", () => {
    const src = "package p\n\n# METADATA\n# title: one\ns contains rego.metadata.rule().title\n\n# METADATA\n# title: two\ns contains rego.metadata.rule().title\n";
    expect(evalIn([src], "data.p.s")).toEqual(["one", "two"]);
  });
});

describe("rego.metadata.chain()", () => {
  it("starts at the active rule (without annotations when it has none) and ends at the package", () => {
    expect(evalIn([POLICY], "data.example.chain")).toEqual([
      { path: ["example", "chain"] },
      { path: ["example"], annotations: { scope: "package", title: "Example", description: "Example package" } },
    ]);
  });

  it("includes document- and subpackages-scoped annotations from other files, innermost first", () => {
    const root = "# METADATA\n# scope: subpackages\n# title: org\npackage org\n";
    const a = "# METADATA\n# scope: subpackages\n# title: team\npackage org.team\n\n# METADATA\n# scope: document\n# title: the p document\np := rego.metadata.chain()\n";
    const b = "package org.team\n\n# METADATA\n# title: second definition\np := rego.metadata.chain() if false\n";
    expect(evalIn([root, a, b], "data.org.team.p")).toEqual([
      { path: ["org", "team", "p"] },
      { path: ["org", "team", "p"], annotations: { scope: "document", title: "the p document" } },
      { path: ["org", "team"], annotations: { scope: "subpackages", title: "team" } },
      { path: ["org"], annotations: { scope: "subpackages", title: "org" } },
    ]);
  });

  it("an entrypoint annotation defaults to the document scope", () => {
    const src = "package e\n\n# METADATA\n# entrypoint: true\n# title: main\nmain := [rego.metadata.rule(), rego.metadata.chain()[1].annotations]\n";
    expect(evalIn([src], "data.e.main")).toEqual([{}, { scope: "document", title: "main", entrypoint: true }]);
  });
});

describe("malformed annotations", () => {
  it("a scope that does not fit the statement after the block is a compile error", () => {
    expect(compileError("package t\n\n# METADATA\n# scope: package\np := 1\n")).toEqual({
      code: "invalid_metadata",
      message: "annotation scope `package` must be applied to a package, not a rule",
      line: 3,
    });
  });

  it("an unknown scope, bad YAML or a wrongly typed key is a compile error", () => {
    expect(compileError("package t\n\n# METADATA\n# scope: everything\np := 1\n")).toMatchObject({ code: "invalid_metadata", message: "malformed `# METADATA` block: unknown scope `everything`" });
    expect(compileError("package t\n\n# METADATA\n# title: [unclosed\np := 1\n")).toMatchObject({ code: "invalid_metadata", line: 3 });
    expect(compileError("package t\n\n# METADATA\n# authors: someone\np := 1\n")).toMatchObject({ code: "invalid_metadata", message: "malformed `# METADATA` block: `authors` must be a list" });
  });

  it("ordinary comments are not annotations", () => {
    expect(evalIn(["package t\n\n# title: not metadata\np := rego.metadata.rule()\n"], "data.t.p")).toEqual({});
  });
});
