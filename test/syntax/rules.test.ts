import { describe, expect, it } from "vitest";
import { stripSpans } from "../../src/ast/index.js";
import {
  T, arr, assign, b, bin, call, dot, els, errorsOf, ex, head, mod, n, obj, objCompr, rule, rulesOf, s, set, setCompr, someIn, unify, v, withMod,
} from "./helpers.js";

describe("modules", () => {
  it("reads the package path, with bracketed segments", () => {
    expect(mod("package a.b\n").package.path).toEqual(["a", "b"]);
    expect(mod('package a["b-c"].d\n').package.path).toEqual(["a", "b-c", "d"]);
    // Keywords may follow a dot (OPA's keywords-in-refs).
    expect(mod("package words.if.default\n").package.path).toEqual(["words", "if", "default"]);
  });

  it("reads every kind of import", () => {
    const m = mod("package a\nimport data.x.y as z\nimport input.a\nimport rego.v1\nimport future.keywords.in\nimport future.keywords\n");
    expect(stripSpans(m.imports)).toEqual([
      { kind: "import", path: ["data", "x", "y"], alias: "z" },
      { kind: "import", path: ["input", "a"] },
      { kind: "import", path: ["rego", "v1"] },
      { kind: "import", path: ["future", "keywords", "in"] },
      { kind: "import", path: ["future", "keywords"] },
    ]);
  });

  it("keeps comments, without the `#`", () => {
    const m = mod("# head\npackage a # pkg\np := 1 # one\n");
    expect(m.comments.map((c) => [c.text, c.span.line])).toEqual([[" head", 1], [" pkg", 2], [" one", 3]]);
  });

  it("gives every node a unique id and a span inside the file", () => {
    const text = "package a\nimport data.x\np := [1, 2] if { some i in input; i > 1 }\n";
    const m = mod(text);
    const ids = new Set<number>();
    const visit = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(visit);
      if (x && typeof x === "object") {
        const node = x as Record<string, unknown>;
        if (typeof node["id"] === "number") {
          expect(ids.has(node["id"])).toBe(false);
          ids.add(node["id"]);
          const span = node["span"] as { start: number; end: number; file: string };
          expect(span.file).toBe("test.rego");
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.end).toBeLessThanOrEqual(text.length);
        }
        Object.values(node).forEach(visit);
      }
    };
    visit(m);
    // module, package, import, rule, head, [1, 2], 1, 2, some-in, i, input, statement, i > 1, i, 1
    expect(ids.size).toBe(15);
  });

  it("spans cover the text of the node", () => {
    const text = "package a\nallow if input.user == \"bob\"\n";
    const r = mod(text).rules[0]!;
    const stmt = r.body[0]!;
    expect(text.slice(stmt.span.start, stmt.span.end)).toBe('input.user == "bob"');
    expect(text.slice(r.head.nameSpan.start, r.head.nameSpan.end)).toBe("allow");
    if (stmt.kind !== "expr" || stmt.expr.kind !== "binary") throw new Error("expected a comparison");
    expect(text.slice(stmt.expr.opSpan.start, stmt.expr.opSpan.end)).toBe("==");
  });
});

describe("rule forms (v1)", () => {
  it("complete rules with a value and a body", () => {
    expect(rulesOf("p := 7 if { input.x }")).toEqual([rule(head("p", { value: n("7"), assign: ":=" }), [ex(dot("input", "x"))])]);
  });

  it("rules without a value mean true", () => {
    expect(rulesOf("allow if { input.ok }")).toEqual([rule(head("allow"), [ex(dot("input", "ok"))])]);
  });

  it("constants have an empty body, and keep `=` or `:=` as written", () => {
    expect(rulesOf("p := 1\nq = 2")).toEqual([rule(head("p", { value: n("1"), assign: ":=" })), rule(head("q", { value: n("2"), assign: "=" }))]);
  });

  it("`p = 1 if …` (v1 with `=`)", () => {
    expect(rulesOf("p = 1 if true")).toEqual([rule(head("p", { value: n("1"), assign: "=" }), [T])]);
  });

  it("`if` followed by one statement without braces", () => {
    expect(rulesOf("p if input.x == 1")).toEqual([rule(head("p"), [ex(bin("==", dot("input", "x"), n("1")))])]);
    expect(rulesOf("p if not q")).toEqual([rule(head("p"), [ex(v("q"), true)])]);
    expect(rulesOf("p if x := 1")).toEqual([rule(head("p"), [assign(v("x"), n("1"))])]);
  });

  it("`if {` opens a body even though `{` could start an object", () => {
    expect(rulesOf("p if { 1 }")).toEqual([rule(head("p"), [ex(n("1"))])]);
  });

  it("`if { term | … }` is a set comprehension, as `{ term | … }` is everywhere else", () => {
    // compr/tricky.yaml: `x if { 1 | 1 }` holds (the set {1} is a true statement), it is not the union `1 | 1`.
    expect(rulesOf("x if { 1 | 1 }")).toEqual([rule(head("x"), [ex(setCompr(n("1"), [ex(n("1"))]))])]);
    expect(rulesOf("x if { (1) | 1 }")).toEqual([rule(head("x"), [ex(setCompr(n("1"), [ex(n("1"))]))])]);
    expect(rulesOf("x := 2 if { v | some v in [1]; v > 0 } else := 3 if { 1 | 1 }")).toEqual([
      rule(
        head("x", { value: n("2"), assign: ":=" }),
        [ex(setCompr(v("v"), [someIn(v("v"), arr(n("1"))), ex(bin(">", v("v"), n("0")))]))],
        [els([ex(setCompr(n("1"), [ex(n("1"))]))], n("3"), ":=")],
      ),
    ]);
    // An object comprehension after `if` stays one too; a body whose first statement is not `term |` stays a body.
    expect(rulesOf("x if { 1: 2 | true }")).toEqual([rule(head("x"), [ex(objCompr(n("1"), n("2"), [T]))])]);
    expect(rulesOf("x if { y == {1} | {2} }")).toEqual([rule(head("x"), [ex(bin("==", v("y"), bin("|", set(n("1")), set(n("2")))))])]);
    // Inside a body, braces after `=` were already read so.
    expect(rulesOf("b := v if { { 1 | 1 } = v }")).toEqual([
      rule(head("b", { value: v("v"), assign: ":=" }), [unify(setCompr(n("1"), [ex(n("1"))]), v("v"))]),
    ]);
  });

  it("`if { term | }` is a comprehension with an empty body: an error at the braces", () => {
    expect(errorsOf("package t\nx if { 1 | }\n")).toEqual([{ code: "empty_body", line: 2, col: 6, text: "{ 1 | }" }]);
  });

  it("default rules and default functions", () => {
    expect(rulesOf("default allow := false")).toEqual([rule(head("allow", { value: b(false), assign: ":=" }), [], [], true)]);
    expect(rulesOf("default f(_) := 1")).toEqual([rule(head("f", { args: [v("_")], value: n("1"), assign: ":=" }), [], [], true)]);
  });

  it("partial sets with `contains`", () => {
    expect(rulesOf("deny contains msg if { msg := \"no\" }")).toEqual([
      rule(head("deny", { contains: v("msg") }), [assign(v("msg"), s("no"))]),
    ]);
    expect(rulesOf('deny contains "always"')).toEqual([rule(head("deny", { contains: s("always") }))]);
  });

  it("partial objects and ref heads", () => {
    expect(rulesOf("o[k] := 1 if { k := \"a\" }")).toEqual([
      rule(head("o", { path: [v("k")], value: n("1"), assign: ":=" }), [assign(v("k"), s("a"))]),
    ]);
    expect(rulesOf("a.b[c] := 2 if { c := 1 }")).toEqual([
      rule(head("a", { path: [s("b"), v("c")], value: n("2"), assign: ":=" }), [assign(v("c"), n("1"))]),
    ]);
    expect(rulesOf("a.b.c contains 1")).toEqual([rule(head("a", { path: [s("b"), s("c")], contains: n("1") }))]);
  });

  it("in v1, `p[x] if` is a single value (true) at p[x], not a partial set", () => {
    expect(rulesOf("p[x] if { x := 1 }")).toEqual([rule(head("p", { path: [v("x")] }), [assign(v("x"), n("1"))])]);
    expect(rulesOf("p.q[x] if { x := 1 }")).toEqual([rule(head("p", { path: [s("q"), v("x")] }), [assign(v("x"), n("1"))])]);
  });

  it("functions, with several definitions and pattern arguments", () => {
    expect(rulesOf("f(x, y) := x + y\nf([a, _]) := a if true\ng(x) if x > 1\nh() := 1")).toEqual([
      rule(head("f", { args: [v("x"), v("y")], value: bin("+", v("x"), v("y")), assign: ":=" })),
      rule(head("f", { args: [arr(v("a"), v("_"))], value: v("a"), assign: ":=" }), [T]),
      rule(head("g", { args: [v("x")] }), [ex(bin(">", v("x"), n("1")))]),
      rule(head("h", { args: [], value: n("1"), assign: ":=" })),
    ]);
  });

  it("a function head alone holds unconditionally (Gatekeeper's `accept_users(\"RunAsAny\", _)`), in v0 and v1", () => {
    const want = [rule(head("accept", { args: [s("RunAsAny"), v("_")] }))];
    expect(rulesOf('accept("RunAsAny", _)', 0)).toEqual(want);
    expect(rulesOf('accept("RunAsAny", _)')).toEqual(want);
    expect(errorsOf('package t\naccept("RunAsAny", _)\naccept("MustRunAs", x) := x > 1', { regoVersion: 0 })).toEqual([]);
  });

  it("a function head may have a space before `(`, as OPA accepts", () => {
    expect(rulesOf("sum (a, b) := a + b")).toEqual([rule(head("sum", { args: [v("a"), v("b")], value: bin("+", v("a"), v("b")), assign: ":=" }))]);
  });

  it("else chains", () => {
    const text = "p := 1 if { input.a } else := 2 if { input.b } else = 3 if input.c else := 4";
    expect(rulesOf(text)).toEqual([
      rule(head("p", { value: n("1"), assign: ":=" }), [ex(dot("input", "a"))], [
        els([ex(dot("input", "b"))], n("2"), ":="),
        els([ex(dot("input", "c"))], n("3"), "="),
        els([], n("4"), ":="),
      ]),
    ]);
  });

  it("`else if` without a value (the value is true)", () => {
    expect(rulesOf("p if { input.a } else if { input.b }")).toEqual([rule(head("p"), [ex(dot("input", "a"))], [els([ex(dot("input", "b"))])])]);
  });

  it("multiple definitions are separate rules, in order", () => {
    expect(rulesOf("p if input.a\np if input.b")).toEqual([rule(head("p"), [ex(dot("input", "a"))]), rule(head("p"), [ex(dot("input", "b"))])]);
  });

  it("rule bodies: statements separated by new lines or `;`", () => {
    const expected = [rule(head("p"), [ex(dot("input", "a")), ex(dot("input", "b")), ex(dot("input", "c"))])];
    expect(rulesOf("p if {\n\tinput.a\n\tinput.b; input.c\n}")).toEqual(expected);
    expect(rulesOf("p if { input.a; input.b; input.c }")).toEqual(expected);
  });

  it("long expressions continue across lines after an operator and inside brackets", () => {
    expect(rulesOf("p := 1 +\n\t2\nq := [\n\t1,\n\t2,\n]")).toEqual([
      rule(head("p", { value: bin("+", n("1"), n("2")), assign: ":=" })),
      rule(head("q", { value: arr(n("1"), n("2")), assign: ":=" })),
    ]);
  });

  it("rules may follow each other on one line, as OPA allows", () => {
    expect(rulesOf("p := 1 q := 2")).toEqual([rule(head("p", { value: n("1"), assign: ":=" })), rule(head("q", { value: n("2"), assign: ":=" }))]);
  });

  it("`with` on a rule body statement", () => {
    expect(rulesOf("p if { f(1) with input as {} with count as c }")).toEqual([
      rule(head("p"), [ex(call("f", n("1")), false, [withMod(v("input"), obj()), withMod(v("count"), v("c"))])]),
    ]);
  });

  it("imports may come after rules; the AST keeps them in order", () => {
    const m = mod("package a\np := 1\nimport data.x\n");
    expect(m.imports.map((i) => i.path)).toEqual([["data", "x"]]);
    expect(m.rules).toHaveLength(1);
  });
});
