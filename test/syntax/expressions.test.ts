import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/ast/nodes.js";
import { SourceFile } from "../../src/source/source-file.js";
import { parseQuery } from "../../src/syntax/index.js";
import {
  arr, arrCompr, assign, b, bin, bodyOf, call, dot, ex, exprOf, member, n, nul, obj, objCompr, ref, s, set, setCompr, tmpl, v,
} from "./helpers.js";

describe("precedence and associativity", () => {
  it("* / % bind tighter than + -, left to right", () => {
    expect(exprOf("1 + 2 * 3")).toEqual(bin("+", n("1"), bin("*", n("2"), n("3"))));
    expect(exprOf("1 - 2 - 3")).toEqual(bin("-", bin("-", n("1"), n("2")), n("3")));
    expect(exprOf("8 / 4 % 3")).toEqual(bin("%", bin("/", n("8"), n("4")), n("3")));
  });

  it("`&` binds tighter than `|`, both tighter than comparisons", () => {
    expect(exprOf("a | b & c")).toEqual(bin("|", v("a"), bin("&", v("b"), v("c"))));
    expect(exprOf("a | b == c & d")).toEqual(bin("==", bin("|", v("a"), v("b")), bin("&", v("c"), v("d"))));
    expect(exprOf("a + b & c")).toEqual(bin("&", bin("+", v("a"), v("b")), v("c")));
  });

  it("comparisons are looser than arithmetic and chain left to right", () => {
    expect(exprOf("x + 1 >= y * 2")).toEqual(bin(">=", bin("+", v("x"), n("1")), bin("*", v("y"), n("2"))));
    expect(exprOf("a == b != c")).toEqual(bin("!=", bin("==", v("a"), v("b")), v("c")));
    for (const op of ["==", "!=", "<", "<=", ">", ">="]) expect(exprOf(`a ${op} b`)).toEqual(bin(op, v("a"), v("b")));
  });

  it("`in` is looser than comparisons", () => {
    expect(exprOf("x == 1 in xs")).toEqual(member(bin("==", v("x"), n("1")), v("xs")));
    expect(exprOf("a in b in c")).toEqual(member(member(v("a"), v("b")), v("c")));
  });

  it("parentheses override precedence and leave no trace in the AST", () => {
    expect(exprOf("(1 + 2) * 3")).toEqual(bin("*", bin("+", n("1"), n("2")), n("3")));
    expect(exprOf("((x))")).toEqual(v("x"));
  });

  it("`:=` and `=` are statements, lower than everything", () => {
    expect(bodyOf("x := 1 + 2 in xs")).toEqual([assign(v("x"), member(bin("+", n("1"), n("2")), v("xs")))]);
  });
});

describe("numbers and minus", () => {
  it("keeps numbers as written", () => {
    for (const raw of ["0", "12", "1.5", "2e3", "2E+3", "1.25e-10", "123456789012345678901234567890"]) expect(exprOf(raw)).toEqual(n(raw));
  });

  it("a minus before a number literal in a non-infix position is a negative literal", () => {
    expect(exprOf("-1")).toEqual(n("-1"));
    expect(exprOf("-1.5e3")).toEqual(n("-1.5e3"));
    expect(exprOf("[-1, - 2]")).toEqual(arr(n("-1"), n("-2")));
    expect(exprOf("f(-1)")).toEqual(call("f", n("-1")));
  });

  it("`a = 1+1-1` is 1 and `d = -1 -1` is -2: minus after an operand is subtraction", () => {
    expect(bodyOf("a = 1+1-1")).toEqual([{ kind: "unify", left: v("a"), right: bin("-", bin("+", n("1"), n("1")), n("1")), negated: false, with: [] }]);
    expect(exprOf("1 -1")).toEqual(bin("-", n("1"), n("1")));
    expect(exprOf("-1 -1")).toEqual(bin("-", n("-1"), n("1")));
    expect(exprOf("1 - -1")).toEqual(bin("-", n("1"), n("-1")));
  });

  it("a minus directly before a number literal is its sign, even across whitespace (OPA's parseNumber)", () => {
    expect(exprOf("- 1")).toEqual(n("-1"));
    expect(exprOf("-1 * 2")).toEqual(bin("*", n("-1"), n("2")));
    expect(exprOf("x - -1")).toEqual(bin("-", v("x"), n("-1")));
  });
});

describe("strings", () => {
  it("decodes JSON escapes, including surrogate pairs", () => {
    expect(exprOf(String.raw`"a\"b\\c\/d\b\f\n\r\t"`)).toEqual(s('a"b\\c/d\b\f\n\r\t'));
    expect(exprOf(String.raw`"\u00e9\ud83d\ude00"`)).toEqual(s("é😀"));
  });

  it("raw strings have no escapes and may span lines", () => {
    expect(exprOf("`a\\nb\nc`")).toEqual(s("a\\nb\nc", true));
  });

  it("keeps non-ASCII text", () => {
    expect(exprOf('"héllo wörld ✓"')).toEqual(s("héllo wörld ✓"));
  });
});

describe("scalars and composites", () => {
  it("null, true, false", () => {
    expect(exprOf("null")).toEqual(nul());
    expect(exprOf("true")).toEqual(b(true));
    expect(exprOf("false")).toEqual(b(false));
  });

  it("arrays, sets, objects; `{}` is an empty object and `set()` an empty set", () => {
    expect(exprOf("[1, 2,]")).toEqual(arr(n("1"), n("2")));
    expect(exprOf("[]")).toEqual(arr());
    expect(exprOf("{1, 2}")).toEqual(set(n("1"), n("2")));
    expect(exprOf('{"a": 1, 2: [x]}')).toEqual(obj([s("a"), n("1")], [n("2"), arr(v("x"))]));
    expect(exprOf("{}")).toEqual(obj());
    expect(exprOf("set()")).toEqual(set());
    expect(exprOf("{x}")).toEqual(set(v("x")));
  });

  it("comprehensions: a single term before `|`", () => {
    expect(exprOf("[x | x := xs[_]]")).toEqual(arrCompr(v("x"), [assign(v("x"), ref(v("xs"), v("_")))]));
    expect(exprOf("{x | some x in xs}")).toEqual(setCompr(v("x"), [{ kind: "some-in", value: v("x"), collection: v("xs"), with: [] }]));
    expect(exprOf("{k: v | some k, v in o}")).toEqual(
      objCompr(v("k"), v("v"), [{ kind: "some-in", key: v("k"), value: v("v"), collection: v("o"), with: [] }]),
    );
    expect(exprOf("[x.y | x := 1; y := 2]")).toEqual(arrCompr(dot("x", "y"), [assign(v("x"), n("1")), assign(v("y"), n("2"))]));
  });

  it("`[a | b]` is a comprehension, while an infix expression before `|` makes a union (as OPA)", () => {
    expect(exprOf("[a | b]")).toEqual(arrCompr(v("a"), [ex(v("b"))]));
    expect(exprOf("[a + 1 | b]")).toEqual(arr(bin("|", bin("+", v("a"), n("1")), v("b"))));
    expect(exprOf("[(a | b)]")).toEqual(arr(bin("|", v("a"), v("b"))));
    expect(exprOf("{1, a | b}")).toEqual(set(n("1"), bin("|", v("a"), v("b"))));
  });

  it("comprehension bodies may span lines", () => {
    expect(exprOf("[x |\n\tsome x in xs\n\tx > 1\n]")).toEqual(
      arrCompr(v("x"), [{ kind: "some-in", value: v("x"), collection: v("xs"), with: [] }, ex(bin(">", v("x"), n("1")))]),
    );
  });
});

describe("references and calls", () => {
  it("dots and brackets; dotted segments are strings", () => {
    expect(exprOf('input.a["b"][i].c')).toEqual(ref(v("input"), s("a"), s("b"), v("i"), s("c")));
    expect(exprOf("input")).toEqual(v("input"));
    expect(exprOf("x[_]")).toEqual(ref(v("x"), v("_")));
  });

  it("keywords may follow a dot", () => {
    expect(exprOf("input.if.in.every.contains.default.not.null")).toEqual(dot("input", "if", "in", "every", "contains", "default", "not", "null"));
  });

  it("references on composites, comprehensions and parentheses", () => {
    expect(exprOf("[1, 2][0]")).toEqual(ref(arr(n("1"), n("2")), n("0")));
    expect(exprOf("[x | x := 1][0]")).toEqual(ref(arrCompr(v("x"), [assign(v("x"), n("1"))]), n("0")));
    expect(exprOf("(-1)[0]")).toEqual(ref(n("-1"), n("0")));
  });

  it("calls keep their dotted name as written", () => {
    expect(exprOf("count(x)")).toEqual(call("count", v("x")));
    expect(exprOf('strings.replace_n(a, "b")')).toEqual(call("strings.replace_n", v("a"), s("b")));
    expect(exprOf("data.lib.f(x)")).toEqual(call("data.lib.f", v("x")));
    expect(exprOf("f()")).toEqual(call("f"));
  });

  it("a call followed by a reference", () => {
    expect(exprOf('split(s, ".")[0]')).toEqual(ref(call("split", v("s"), s(".")), n("0")));
    expect(exprOf("f(x).a.b")).toEqual(ref(call("f", v("x")), s("a"), s("b")));
  });

  it("`contains(a, b)` is still a call in v1", () => {
    expect(exprOf('contains("abc", "b")')).toEqual(call("contains", s("abc"), s("b")));
  });

  it("whitespace before `[` or `(` ends the term (`a [0]` does not index)", () => {
    expect(bodyOf("x := a\n[0] = y")).toEqual([assign(v("x"), v("a")), { kind: "unify", left: arr(n("0")), right: v("y"), negated: false, with: [] }]);
    expect(bodyOf("x := f\n(1)")).toEqual([assign(v("x"), v("f")), ex(n("1"))]);
  });

  it("`x in[1]`: a glued bracket after a keyword still starts an array", () => {
    expect(exprOf("x in[1]")).toEqual(member(v("x"), arr(n("1"))));
  });
});

describe("string templates", () => {
  it("alternate literal text and expressions", () => {
    expect(exprOf('$"hello {input.name}, {1 + 2}!"')).toEqual(tmpl(["hello ", dot("input", "name"), ", ", bin("+", n("1"), n("2")), "!"]));
  });

  it("escape `{` with a backslash; strings and nested templates may hold braces", () => {
    expect(exprOf(String.raw`$"a \{b} {"}"} {$"in {x}"}"`)).toEqual(tmpl(["a {b} ", s("}"), " ", tmpl(["in ", v("x")])]));
  });

  it("raw templates", () => {
    expect(exprOf("$`raw {x}\ntext`")).toEqual(tmpl(["raw ", v("x"), "\ntext"], true));
  });

  it("spans of template expressions point into the file", () => {
    const text = 'x := $"a {input.name}"';
    const r = parseQuery(new SourceFile("q", text));
    const stmt = r.value![0]!;
    if (stmt.kind !== "assign" || stmt.right.kind !== "template") throw new Error("expected a template");
    const inner = stmt.right.parts[1] as Expr;
    expect(text.slice(inner.span.start, inner.span.end)).toBe("input.name");
    expect(inner.span.col).toBe(11);
  });
});
