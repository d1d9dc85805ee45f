import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../../src/source/render.js";
import { SourceFile } from "../../src/source/source-file.js";
import { MAX_NESTING, parseModule, parseQuery } from "../../src/syntax/index.js";
import { errorsOf } from "./helpers.js";

/** The single diagnostic of `text` (a module body after `package t`). */
function only(body: string, options: Parameters<typeof errorsOf>[1] = {}) {
  const errs = errorsOf(`package t\n${body}\n`, options);
  expect(errs, JSON.stringify(errs)).toHaveLength(1);
  return errs[0]!;
}

describe("syntax errors", () => {
  it("unexpected_token says what was expected and what was found", () => {
    const file = new SourceFile("p.rego", "package t\nallow if {\n\tinput.x == = 1\n}\n");
    const [d] = parseModule(file).diagnostics;
    expect(d).toMatchObject({ code: "unexpected_token", message: "expected an expression, found `=`" });
    expect(d!.span).toMatchObject({ line: 3, col: 13 });
    expect(d!.help).toBeTruthy();
  });

  it("a missing closing bracket names where it was opened", () => {
    const file = new SourceFile("p.rego", "package t\nx := [1, 2\n");
    const [d] = parseModule(file).diagnostics;
    expect(d).toMatchObject({ code: "unexpected_token", message: "expected `]`, found end of file" });
    expect(d!.help).toContain("line 2");
  });

  it("comprehension_head: an expression before `|` is a union in Rego, and the error says how to write the comprehension", () => {
    expect(only("a := [x * 2 | some x in xs]")).toEqual({ code: "comprehension_head", line: 2, col: 15, text: "some" });
    expect(only("b := {k: v + 1 | k := 1; v := 2}")).toMatchObject({ code: "comprehension_head", line: 2 });
    // A union inside a literal that closes properly is fine (as in OPA).
    expect(errorsOf("package t\nc := [a + 1 | b]\n")).toEqual([]);
  });

  it("unary_minus: OPA reads a prefix `-` only as the sign of a number literal", () => {
    // OPA: `x = - y`, `- -1` and `-(1)` are parse errors ("expected number").
    expect(only("x := -y")).toEqual({ code: "unary_minus", line: 2, col: 6, text: "-" });
    expect(only("x := - -1")).toEqual({ code: "unary_minus", line: 2, col: 6, text: "-" });
    expect(only("x := -(1)")).toMatchObject({ code: "unary_minus", line: 2, col: 6 });
    expect(only("x := 2 * -input.n")).toMatchObject({ code: "unary_minus", line: 2, col: 10 });
    expect(errorsOf("package t\nx := -1\ny := 3 - -2\nz := [- 1]\n")).toEqual([]);
  });

  it("whitespace_in_ref: OPA's parser wants a reference's `.` to touch both sides", () => {
    // OPA: `regex.\nmatch(…)` and `input. x` fail with "expected ident"; `input .x` ends the term before the dot.
    expect(only("x := input. y")).toEqual({ code: "whitespace_in_ref", line: 2, col: 11, text: "." });
    expect(only("x := regex.\n  match(\"a\", \"b\")")).toEqual({ code: "whitespace_in_ref", line: 2, col: 11, text: "." });
    expect(only("x := input .y")).toEqual({ code: "whitespace_in_ref", line: 2, col: 12, text: "." });
    expect(errorsOf("package t\nx := input.y.z\ny := (input).a\nz := [{\"a\": 1}][0].a\n")).toEqual([]);
  });

  it("unterminated_string for double-quoted, raw and template strings", () => {
    expect(only('x := "abc')).toEqual({ code: "unterminated_string", line: 2, col: 6, text: '"abc' });
    expect(only("x := `abc")).toEqual({ code: "unterminated_string", line: 2, col: 6, text: "`" });
    expect(only('x := $"a {y}')).toEqual({ code: "unterminated_string", line: 2, col: 6, text: '$"' });
  });

  it("bad_escape underlines the escape", () => {
    expect(only(String.raw`x := "a\qb"`)).toEqual({ code: "bad_escape", line: 2, col: 8, text: String.raw`\q` });
    expect(only(String.raw`x := "\u12"`)).toEqual({ code: "bad_escape", line: 2, col: 7, text: String.raw`\u12` });
    expect(only(String.raw`x := "C:\path"`)).toMatchObject({ code: "bad_escape", text: String.raw`\p` });
  });

  it("a raw control character in a string is an error (as in JSON)", () => {
    expect(only('x := "a\tb"')).toMatchObject({ code: "unexpected_char", line: 2, col: 8, text: "\t" });
  });

  it("bad_number for `01`, `1.` and `1e`", () => {
    expect(only("x := 01")).toEqual({ code: "bad_number", line: 2, col: 6, text: "01" });
    expect(only("x := 1.")).toEqual({ code: "bad_number", line: 2, col: 6, text: "1." });
    expect(only("x := 1e")).toEqual({ code: "bad_number", line: 2, col: 6, text: "1e" });
    expect(only("x := 2.5E+")).toEqual({ code: "bad_number", line: 2, col: 6, text: "2.5E+" });
  });

  it("missing_if: a v1 rule body without `if`, with a help that says to add it", () => {
    const file = new SourceFile("p.rego", "package t\nallow {\n\ttrue\n}\n");
    const [d] = parseModule(file).diagnostics;
    expect(d).toMatchObject({ code: "missing_if", span: { line: 2, col: 7 } });
    expect(d!.help).toContain("`if`");
    expect(d!.help).toContain("`--v0-compatible`");
    expect(only("p[x] { x := 1 }")).toEqual({ code: "missing_if", line: 2, col: 6, text: "{" });
    expect(only("p := 1 if { false } else := 2 { true }")).toEqual({ code: "missing_if", line: 2, col: 31, text: "{" });
    // The same text is fine in v0-compatible mode.
    expect(errorsOf("package t\nallow {\n\ttrue\n}\n", { regoVersion: 0 })).toEqual([]);
  });

  it("keyword_as_name", () => {
    const file = new SourceFile("p.rego", "package t\nevery := 1\n");
    const [d] = parseModule(file).diagnostics;
    expect(d).toMatchObject({ code: "keyword_as_name", message: "keyword `every` cannot be used as a name", span: { line: 2, col: 1 } });
    expect(only("p if { some in xs }")).toMatchObject({ code: "keyword_as_name", text: "in" });
  });

  it("lookalike_char names the ASCII character to type", () => {
    const cases: [string, string, string][] = [
      ["x := a ≠ b", "≠", "!="],
      ["x := a ≤ b", "≤", "<="],
      ["x := a ≥ b", "≥", ">="],
      ["x := a − b", "−", "-"],
      ["x := a – b", "–", "-"],
      ["x := a — b", "—", "-"],
      ["x ＝ 1", "＝", "="],
      ['x := {"a"： 1}', "：", ":"],
    ];
    for (const [text, ch, ascii] of cases) {
      const file = new SourceFile("p.rego", `package t\n${text}\n`);
      const r = parseModule(file);
      expect(r.diagnostics, text).toHaveLength(1);
      const d = r.diagnostics[0]!;
      expect(d.code).toBe("lookalike_char");
      expect(file.text.slice(d.span!.start, d.span!.end)).toBe(ch);
      expect(d.help).toContain(`\`${ascii}\``);
    }
  });

  it("curly and single quotes around strings are lookalike_char, and the string still parses", () => {
    for (const [text, quote] of [["x := “hello”", "“"], ["x := ‘hello’", "‘"], ["x := 'hello'", "'"]] as const) {
      const errs = errorsOf(`package t\n${text}\n`);
      expect(errs, text).toEqual([{ code: "lookalike_char", line: 2, col: 6, text: quote }]);
    }
  });

  it("unexpected_char for characters Rego does not use", () => {
    expect(only("x := !y")).toEqual({ code: "unexpected_char", line: 2, col: 6, text: "!" });
    expect(only("x := é")).toEqual({ code: "unexpected_char", line: 2, col: 6, text: "é" });
    const file = new SourceFile("p.rego", "package t\np if { !q }\n");
    expect(parseModule(file).diagnostics[0]!.help).toContain("not");
  });

  it("non-ASCII spaces are reported but do not break the parse", () => {
    expect(only("x :=\u00a01")).toMatchObject({ code: "lookalike_char", text: "\u00a0" });
  });

  it("rule-level mistakes found while building the AST", () => {
    expect(only("p")).toEqual({ code: "missing_body", line: 2, col: 1, text: "p" });
    expect(only("p if {}")).toEqual({ code: "empty_body", line: 2, col: 6, text: "{}" });
    expect(only("x := [y | ]")).toMatchObject({ code: "empty_body" });
    expect(only("import foo.bar")).toEqual({ code: "bad_import", line: 2, col: 8, text: "foo.bar" });
    expect(only("import future.keywords.maybe")).toMatchObject({ code: "bad_import" });
    expect(only("p if { some 1 }")).toEqual({ code: "bad_some", line: 2, col: 13, text: "1" });
    expect(only("p if { not x := 1 }")).toEqual({ code: "bad_not", line: 2, col: 8, text: "not" });
    expect(only("p if { x[0](1) }")).toEqual({ code: "bad_call", line: 2, col: 12, text: "(" });
    expect(only("default p")).toMatchObject({ code: "bad_default", line: 2 });
    expect(errorsOf("", { query: true })).toMatchObject([{ code: "empty_query" }]);
  });

  it("statements on one line need `;` between them (OPA: expected \\n or ; or })", () => {
    expect(only("p if { a b }")).toMatchObject({ code: "unexpected_token", line: 2, col: 10, text: "b" });
    expect(errorsOf("package t\np if { a; b }\n")).toEqual([]);
  });
});

describe("many errors, all reported", () => {
  it("reports three separate errors at their lines", () => {
    const text = ["package t", "", "a if {", "\tinput.x == = 1", "}", "", "b := [1, 2 3]", "", 'c := "\\q"', "", "d := 4", ""].join("\n");
    const errs = errorsOf(text);
    expect(errs.map((e) => [e.code, e.line, e.col, e.text])).toEqual([
      ["unexpected_token", 4, 13, "="],
      ["unexpected_token", 7, 12, "3"],
      ["bad_escape", 9, 7, "\\q"],
    ]);
  });

  it("never drops lexer errors, even next to syntax errors", () => {
    const errs = errorsOf('package t\nx := "\\q" +\ny := 01\nz := ≤\n');
    expect(errs.map((e) => [e.code, e.line, e.text])).toEqual([
      ["bad_escape", 2, "\\q"],
      // `+` continues onto line 3, where `:=` cannot follow `y`.
      ["unexpected_token", 3, ":="],
      ["bad_number", 3, "01"],
      ["lookalike_char", 4, "≤"],
      ["unexpected_token", 4, "≤"],
    ]);
  });

  it("diagnostics are sorted and `value` is absent when there is an error", () => {
    const file = new SourceFile("p.rego", "package t\nx := 01\ny := 02\n");
    const r = parseModule(file);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => d.span!.line)).toEqual([2, 3]);
    expect(parseModule(new SourceFile("ok.rego", "package t\n")).value).toBeDefined();
  });

  it("renders with file:line:col, the source line and a caret under the spot", () => {
    const file = new SourceFile("policies/p.rego", "package t\n\tx := 1 ≠ 2\n");
    const [d] = parseModule(file).diagnostics;
    expect(renderDiagnostic(d!, () => file)).toBe(
      [
        "policies/p.rego:2:9: error: `≠` (not-equal sign) is not a Rego operator [lookalike_char]",
        "  2 | \tx := 1 ≠ 2",
        "    | \t       ^",
        "  help: type the ASCII `!=` instead",
      ].join("\n"),
    );
  });
});

describe("nesting limits", () => {
  for (const [open, close] of [["[", "]"], ["(", ")"], ["{", "}"], ['{"a": ', "}"], ["-", ""]] as const) {
    it(`10,000 nested \`${open}\` give too_deep, not a stack overflow`, () => {
      const text = `package t\nx := ${open.repeat(10_000)}1${close.repeat(10_000)}\n`;
      const r = parseModule(new SourceFile("deep.rego", text));
      expect(r.value).toBeUndefined();
      expect(r.diagnostics.map((d) => d.code)).toEqual(["too_deep"]);
    });
  }

  it("unclosed deep nesting is also too_deep", () => {
    const r = parseQuery(new SourceFile("q", "[".repeat(10_000)));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["too_deep"]);
  });

  it(`${MAX_NESTING} levels are fine`, () => {
    const text = `package t\nx := ${"[".repeat(MAX_NESTING - 1)}1${"]".repeat(MAX_NESTING - 1)}\n`;
    expect(parseModule(new SourceFile("ok.rego", text)).diagnostics).toEqual([]);
  });

  it("a very long operator chain is too_deep (its AST nests)", () => {
    const r = parseQuery(new SourceFile("q", `x := ${Array(3000).fill("1").join(" + ")}`));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["too_deep"]);
  });

  it("deeply nested templates are too_deep", () => {
    let t = "x";
    for (let i = 0; i < 40; i++) t = `$"{${t}}"`;
    const r = parseQuery(new SourceFile("q", `y := ${t}`));
    expect(r.diagnostics.map((d) => d.code)).toContain("too_deep");
  });
});
