import { describe, expect, it } from "vitest";
import {
  arr, assign, b, bin, bodyOf, call, dot, every, ex, member, n, obj, s, some, someIn, unify, v, withMod,
} from "./helpers.js";

describe("statements", () => {
  it("`:=` declares, `=` unifies (also with composite patterns), `==` compares", () => {
    expect(bodyOf("x := 1")).toEqual([assign(v("x"), n("1"))]);
    expect(bodyOf('[a, {"k": b}] = x')).toEqual([unify(arr(v("a"), obj([s("k"), v("b")])), v("x"))]);
    expect(bodyOf("[a, b] := [1, 2]")).toEqual([assign(arr(v("a"), v("b")), arr(n("1"), n("2")))]);
    expect(bodyOf("x == 1")).toEqual([ex(bin("==", v("x"), n("1")))]);
  });

  it("membership, with and without a key", () => {
    expect(bodyOf("x in xs")).toEqual([ex(member(v("x"), v("xs")))]);
    expect(bodyOf("k, v in xs")).toEqual([ex(member(v("v"), v("xs"), v("k")))]);
    // In a list, `,` separates items: `[k, v in xs]` has two items.
    expect(bodyOf("y := [k, v in xs]")).toEqual([assign(v("y"), arr(v("k"), member(v("v"), v("xs"))))]);
    expect(bodyOf("y := [(k, v in xs)]")).toEqual([assign(v("y"), arr(member(v("v"), v("xs"), v("k"))))]);
  });

  it("`some` declarations and iterations", () => {
    expect(bodyOf("some x, y")).toEqual([some("x", "y")]);
    expect(bodyOf("some x in xs")).toEqual([someIn(v("x"), v("xs"))]);
    expect(bodyOf("some k, v in input.o")).toEqual([someIn(v("v"), dot("input", "o"), v("k"))]);
    expect(bodyOf("some [a, b] in pairs")).toEqual([someIn(arr(v("a"), v("b")), v("pairs"))]);
  });

  it("`every` with a value, or a key and a value", () => {
    expect(bodyOf("every x in xs { x > 0 }")).toEqual([every("x", v("xs"), [ex(bin(">", v("x"), n("0")))])]);
    expect(bodyOf("every k, v in o {\n\tk != v\n\tv\n}")).toEqual([every("v", v("o"), [ex(bin("!=", v("k"), v("v"))), ex(v("v"))], "k")]);
  });

  it("`not` negates an expression or a unification", () => {
    expect(bodyOf("not allowed")).toEqual([ex(v("allowed"), true)]);
    expect(bodyOf("not x = 1")).toEqual([unify(v("x"), n("1"), true)]);
    expect(bodyOf("not f(x) with input as {}")).toEqual([ex(call("f", v("x")), true, [withMod(v("input"), obj())])]);
  });

  it("`with` on any statement, chained", () => {
    expect(bodyOf('data.p.allow with input.user as "bob" with data.roles as {} with time.now_ns as now')).toEqual([
      ex(dot("data", "p", "allow"), false, [withMod(dot("input", "user"), s("bob")), withMod(dot("data", "roles"), obj()), withMod(dot("time", "now_ns"), v("now"))]),
    ]);
    expect(bodyOf("x := 1 with input as 2")).toEqual([assign(v("x"), n("1"), [withMod(v("input"), n("2"))])]);
  });

  it("queries: `;` or new lines, several lines", () => {
    expect(bodyOf("x := 1; y := x + 1")).toEqual([assign(v("x"), n("1")), assign(v("y"), bin("+", v("x"), n("1")))]);
    expect(bodyOf("data.a.b")).toEqual([ex(dot("data", "a", "b"))]);
    expect(bodyOf("x := 1\n\ny := 2\n")).toEqual([assign(v("x"), n("1")), assign(v("y"), n("2"))]);
    expect(bodyOf("print(x)")).toEqual([ex(call("print", v("x")))]);
    expect(bodyOf("true")).toEqual([ex(b(true))]);
  });
});
