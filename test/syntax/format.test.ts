import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/source/source-file.js";
import { stripSpans } from "../../src/ast/index.js";
import { formatModule, formatSource } from "../../src/syntax/index.js";
import { errorsOf, mod } from "./helpers.js";

function fmt(text: string, regoVersion: 0 | 1 = 1): string {
  return formatModule(mod(text, regoVersion));
}

const lines = (...ls: string[]) => ls.join("\n") + "\n";

describe("formatModule", () => {
  it("package, blank line, imports, blank line, rules separated by one blank line, tabs", () => {
    const text = "package   a.b\nimport data.x as y\nimport input.z\np:=1\nallow if {input.x==1; not deny}\n\n\n\ndeny contains \"no\" if input.bad\n";
    expect(fmt(text)).toBe(
      lines(
        "package a.b",
        "",
        "import data.x as y",
        "import input.z",
        "",
        "p := 1",
        "",
        "allow if {",
        "\tinput.x == 1",
        "\tnot deny",
        "}",
        "",
        'deny contains "no" if input.bad',
      ),
    );
  });

  it("keeps a one-line body written without braces on its line, as `opa fmt` does; braces stay braces", () => {
    const text = lines(
      "package a",
      "allow if input.x == 1 # why",
      "b if { input.y }",
      "f(x) := y if y := x + 1",
      'c := 1 if { input.z } else := 2 if input.w',
      "d if input.q with input as {}",
      "e if",
      "  input.split",
    );
    expect(fmt(text)).toBe(
      lines(
        "package a",
        "",
        "allow if input.x == 1 # why",
        "",
        "b if {",
        "\tinput.y",
        "}",
        "",
        "f(x) := y if y := x + 1",
        "",
        "c := 1 if {",
        "\tinput.z",
        "} else := 2 if input.w",
        "",
        "d if input.q with input as {}",
        "",
        "e if {",
        "\tinput.split",
        "}",
      ),
    );
  });

  it("a v0 module's `future.keywords` imports give way to `import rego.v1` (OPA refuses the two together)", () => {
    const text = "package a\nimport future.keywords.in\nimport data.lib\nimport future.keywords\nx { 1 in [1] }\n";
    const out = fmt(text, 0);
    expect(out).toBe(lines("package a", "", "import rego.v1", "import data.lib", "", "x if {", "\t1 in [1]", "}"));
    // The v1 text loads as v1 and as v0, and means the same.
    for (const version of [0, 1] as const) expect(errorsOf(out, { regoVersion: version })).toEqual([]);
  });

  it("prints a v0 module as v1, with `import rego.v1`, keeping `=` in heads", () => {
    const text = "package a\np[x] { x := 1 }\nq = 1 { true } else = 2 { true }\nr { true } { false }\ndefault s = false\n";
    expect(fmt(text, 0)).toBe(
      lines(
        "package a",
        "",
        "import rego.v1",
        "",
        "p contains x if {",
        "\tx := 1",
        "}",
        "",
        "q = 1 if {",
        "\ttrue",
        "} else = 2 if {",
        "\ttrue",
        "}",
        "",
        "r if {",
        "\ttrue",
        "}",
        "",
        "r if {",
        "\tfalse",
        "}",
        "",
        "default s = false",
      ),
    );
  });

  it("uses as few parentheses as precedence allows", () => {
    const text = "package a\nx := ((1 + 2) * 3) - (4 - 5)\ny := (a | b) & c\nw := (1 + 2) in xs\nv := [(k, v in xs)]\nu := (-1)[0]\n";
    expect(fmt(text)).toBe(
      lines("package a", "", "x := (1 + 2) * 3 - (4 - 5)", "", "y := (a | b) & c", "", "w := 1 + 2 in xs", "", "v := [(k, v in xs)]", "", "u := (-1)[0]"),
    );
  });

  it("refs: identifier-like segments as `.name`, others in brackets", () => {
    expect(fmt('package a\nx := input["a"]["b-c"][0][i]["if"]\n')).toBe(lines("package a", "", 'x := input.a["b-c"][0][i].if'));
  });

  it("strings JSON-escaped, raw strings kept raw, numbers as written", () => {
    const text = 'package a\nx := ["a\\u0041\\/\\"", `raw\\n`, 1.50e+3, -0.0]\n';
    expect(fmt(text)).toBe(lines("package a", "", 'x := ["aA/\\"", `raw\\n`, 1.50e+3, -0.0]'));
  });

  it("keeps comments next to what they were next to", () => {
    const text = [
      "# header",
      "package a # the package",
      "",
      "# about p",
      "p := 1 # one",
      "",
      "allow if {",
      "\t# first",
      "\tinput.x # trailing",
      "\tinput.y",
      "}",
      "# the end",
      "",
    ].join("\n");
    expect(fmt(text)).toBe(
      lines(
        "# header",
        "package a # the package",
        "",
        "# about p",
        "p := 1 # one",
        "",
        "allow if {",
        "\t# first",
        "\tinput.x # trailing",
        "\tinput.y",
        "}",
        "",
        "# the end",
      ),
    );
  });

  it("keeps multi-line composites multi-line, one item a line, with their comments", () => {
    const text = 'package a\nx := {\n  "a": 1, # one\n  # before b\n  "b": [1,\n 2],\n}\n';
    expect(fmt(text)).toBe(lines("package a", "", "x := {", '\t"a": 1, # one', "\t# before b", '\t"b": [', "\t\t1,", "\t\t2,", "\t],", "}"));
  });

  it("every and comprehensions", () => {
    const text = "package a\np if { every x in xs { x > 0; x < 9 } }\nq := {k: v | some k, v in o}\n";
    expect(fmt(text)).toBe(
      lines("package a", "", "p if {", "\tevery x in xs {", "\t\tx > 0", "\t\tx < 9", "\t}", "}", "", "q := {k: v | some k, v in o}"),
    );
  });

  it("parenthesises a statement that starts with `-` so it does not continue the line before", () => {
    expect(fmt("package a\np if { x := 1; -1 < x }\n")).toBe(lines("package a", "", "p if {", "\tx := 1", "\t(-1) < x", "}"));
  });

  it("keeps a union that is the first item of a literal in parentheses (else it reads as a comprehension)", () => {
    expect(fmt("package a\nx := [(a | b), c]\ny := {(a | b)}\n")).toBe(lines("package a", "", "x := [(a | b), c]", "", "y := {(a | b)}"));
  });

  it("keeps a union that starts a body after `if` in parentheses (`if { 1 | 1 }` is a set comprehension)", () => {
    const src = "package a\np if {\n\t(x | y) == z\n\tq\n}\nr := 1 if { true } else := 2 if {\n\t(a | b) = c\n\tq\n}\n";
    const out = lines("package a", "", "p if {", "\t(x | y == z)", "\tq", "}", "", "r := 1 if {", "\ttrue", "} else := 2 if {", "\t(a | b) = c", "\tq", "}");
    expect(fmt(src)).toBe(out);
    expect(stripSpans(mod(out).rules)).toEqual(stripSpans(mod(src).rules));
    // Later statements need none; the one statement of a body without braces gets them too, as it may have to go in braces.
    expect(fmt("package a\np if {\n\tq\n\tx | y == z\n}\ns if x | y\n")).toBe(lines("package a", "", "p if {", "\tq", "\tx | y == z", "}", "", "s if (x | y)"));
  });

  it("templates", () => {
    expect(fmt('package a\nx := $"hi \\{ {input.name} {"}"}"\n')).toBe(lines("package a", "", 'x := $"hi \\{ {input.name} {"}"}"'));
  });

  it("refuses to write a v0 name that is a v1 keyword", () => {
    const r = formatSource(new SourceFile("a.rego", "package a\np { in := 1 }\n"), { regoVersion: 0 });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["keyword_as_name"]);
  });

  it("formatSource returns parse diagnostics", () => {
    const r = formatSource(new SourceFile("a.rego", "package a\np {\n"));
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });

  it("is idempotent on its own output", () => {
    const text = "package a\n# c\nimport data.x\np := [1,\n2] if { some y in x; y > 1 } # t\n";
    const once = fmt(text);
    expect(fmt(once)).toBe(once);
  });
});
