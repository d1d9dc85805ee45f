import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/source/source-file.js";
import { KEYWORDS, isIdentifier, parseModule } from "../../src/syntax/index.js";
import {
  T, assign, bin, call, dot, els, errorsOf, ex, head, member, mod, n, rule, rulesOf, s, v,
} from "./helpers.js";

describe("v0-compatible mode", () => {
  it("rules without `if`", () => {
    expect(rulesOf("p { true }", 0)).toEqual([rule(head("p"), [T])]);
    expect(rulesOf("p = 1 { true }", 0)).toEqual([rule(head("p", { value: n("1"), assign: "=" }), [T])]);
    expect(rulesOf("f(x) = y { y := x }", 0)).toEqual([rule(head("f", { args: [v("x")], value: v("y"), assign: "=" }), [assign(v("y"), v("x"))])]);
  });

  it("`p[x] { … }` is a partial SET in v0; `p[k] = v { … }` a partial object", () => {
    expect(rulesOf("p[x] { x := 1 }", 0)).toEqual([rule(head("p", { contains: v("x") }), [assign(v("x"), n("1"))])]);
    expect(rulesOf('p["a"] { true }', 0)).toEqual([rule(head("p", { contains: s("a") }), [T])]);
    // Only a ref like `p[x]` keeps v0's set meaning (OPA's parser checks the ref has two terms): a longer head
    // without a value is a single-value rule, `true` at `a.b[x]`.
    expect(rulesOf("a.b[x] { x := 1 }", 0)).toEqual([rule(head("a", { path: [s("b"), v("x")] }), [assign(v("x"), n("1"))])]);
    expect(rulesOf('p[k] = 1 { k := "a" }', 0)).toEqual([rule(head("p", { path: [v("k")], value: n("1"), assign: "=" }), [assign(v("k"), s("a"))])]);
    // A dotted last segment is a value at that path, not a set.
    expect(rulesOf("a.b { true }", 0)).toEqual([rule(head("a", { path: [s("b")] }), [T])]);
  });

  it("chained bodies are separate definitions", () => {
    expect(rulesOf("p { input.a } { input.b }", 0)).toEqual([rule(head("p"), [ex(dot("input", "a"))]), rule(head("p"), [ex(dot("input", "b"))])]);
  });

  it("`else = v { … }` and bare `else { … }`", () => {
    expect(rulesOf("p = 1 { input.a } else = 2 { input.b } else { true }", 0)).toEqual([
      rule(head("p", { value: n("1"), assign: "=" }), [ex(dot("input", "a"))], [els([ex(dot("input", "b"))], n("2"), "="), els([T])]),
    ]);
  });

  it("`in`, `every`, `if`, `contains` are names unless imported from future.keywords", () => {
    expect(rulesOf("p { in := 1; every := in }", 0)).toEqual([rule(head("p"), [assign(v("in"), n("1")), assign(v("every"), v("in"))])]);
    expect(rulesOf("contains(a, b) { true }", 0)).toEqual([rule(head("contains", { args: [v("a"), v("b")] }), [T])]);
    expect(errorsOf("package t\np { x in xs }", { regoVersion: 0 })).toEqual([{ code: "keyword_not_imported", line: 2, col: 7, text: "in" }]);
  });

  it("a future keyword used without its import gets an error that names the import", () => {
    const file = new SourceFile("p.rego", "package t\nimport future.keywords.if\nq if { 1 in [1] }\nr[x] { some x in {1, 2} }\n");
    const diags = parseModule(file, { regoVersion: 0 }).diagnostics;
    expect(diags.map((d) => [d.code, d.span?.line, d.span?.col])).toEqual([["keyword_not_imported", 3, 10], ["keyword_not_imported", 4, 15]]);
    expect(diags[0]!.message).toBe("`in` is not a keyword in this Rego v0 module");
    expect(diags[0]!.help).toContain("import future.keywords.in");
  });

  it("importing `every` alone makes `in` a keyword too (`every` needs it)", () => {
    const file = new SourceFile("p.rego", "package t\nimport future.keywords.every\nq { every x in [1] { x == 1 } }\nr[x] { some x in {1, 2} }\n");
    expect(parseModule(file, { regoVersion: 0 }).diagnostics).toEqual([]);
  });

  it("`import future.keywords.in` (or all of future.keywords) makes them keywords", () => {
    expect(rulesOf("import future.keywords.in\np { 1 in xs }", 0)).toEqual([rule(head("p"), [ex(member(n("1"), v("xs")))])]);
    expect(rulesOf("import future.keywords\np contains x if { some x in xs }", 0)).toEqual([
      rule(head("p", { contains: v("x") }), [{ kind: "some-in", value: v("x"), collection: v("xs"), with: [] }]),
    ]);
  });

  it("a v0 module importing rego.v1 is parsed as v1", () => {
    const m = mod("package t\nimport rego.v1\np[x] if { x := 1 }\n", 0);
    expect(m.regoVersion).toBe(1);
    // v1 meaning: a single value at p[x], not a partial set.
    expect(m.rules[0]!.head.contains).toBeUndefined();
    expect(errorsOf("package t\nimport rego.v1\np { true }\n", { regoVersion: 0 }).map((e) => e.code)).toEqual(["missing_if"]);
  });

  it("a v0 module without rego.v1 has regoVersion 0; v1 mode always 1", () => {
    expect(mod("package t\np { true }\n", 0).regoVersion).toBe(0);
    expect(mod("package t\np if { true }\n").regoVersion).toBe(1);
  });

  it("leniency: `if`/`contains` right after a v0 rule head on the same line read as keywords", () => {
    expect(rulesOf("allow if { input.x }", 0)).toEqual([rule(head("allow"), [ex(dot("input", "x"))])]);
    expect(rulesOf("deny contains msg if { msg := 1 }", 0)).toEqual([rule(head("deny", { contains: v("msg") }), [assign(v("msg"), n("1"))])]);
    // On a new line, `if` is still a name in v0: here a rule called `if`.
    expect(rulesOf("p { true }\nif { true }", 0)).toEqual([rule(head("p"), [T]), rule(head("if"), [T])]);
  });
});

describe("keywords in v1", () => {
  it("lists the v1 keywords", () => {
    expect([...KEYWORDS].sort()).toEqual(["as", "contains", "default", "else", "every", "false", "if", "import", "in", "not", "null", "package", "some", "true", "with"]);
    expect(isIdentifier("allow")).toBe(true);
    expect(isIdentifier("every")).toBe(false);
    expect(isIdentifier("a-b")).toBe(false);
  });

  it("keywords cannot be used as names", () => {
    for (const [text, word] of [
      ["every := 1", "every"],
      ["p if { every := 1 }", "every"],
      ["p if { in := 1 }", "in"],
      ["f(in) := 1", "in"],
      ["x := [if]", "if"],
      ["contains := 1", "contains"],
    ] as const) {
      const errs = errorsOf(`package t\n${text}\n`);
      expect(errs[0], text).toMatchObject({ code: "keyword_as_name", text: word });
    }
  });

  it("`contains(a, b)` is a call and `x.contains` a field", () => {
    expect(rulesOf('p if contains("ab", "b")')).toEqual([rule(head("p"), [ex(call("contains", s("ab"), s("b")))])]);
    expect(rulesOf("p := input.contains")).toEqual([rule(head("p", { value: dot("input", "contains"), assign: ":=" }))]);
  });

  it("`in` as an operator binds looser than `==`", () => {
    expect(rulesOf("p if 1 == 1 in xs")).toEqual([rule(head("p"), [ex(member(bin("==", n("1"), n("1")), v("xs")))])]);
  });
});
