import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Node } from "../../src/ast/nodes.js";
import { children, walk } from "../../src/ast/visit.js";
import { SourceFile } from "../../src/source/source-file.js";
import { parseModule } from "../../src/syntax/index.js";

/** A module with every kind of node the parser makes. */
const EVERY_KIND = `package t.every_kind

import data.lib
import input.proposal as p

default allow := false

allow if {
	some x
	some k, v in {"a": [1, null, true], "b": {2, 3}}
	k in {"a", "b"}
	xs := [y | some y in [1, 2]; y > 0]
	s := {y | some y in xs}
	o := {y: 1 | some y in xs}
	x = count(xs) + 1
	every e in xs { e > 0 }
	msg := $"k is {k}"
	not deny with input.x as 1
}

f(a) := a * 2

r := 1 if { false } else := 2

deny contains "no" if input.bad
`;

function parse(name: string, text: string): Node {
  const r = parseModule(new SourceFile(name, text));
  if (!r.value) throw new Error(`${name} does not parse: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.value;
}

function starterLibrary(): Node[] {
  const root = new URL("../../policies/", import.meta.url).pathname;
  const files = readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith(".snap"));
  return files.map((f) => parse(f, readFileSync(join(root, f), "utf8")));
}

/** Every node below `root`, found through `children` alone. */
function allNodes(root: Node): Node[] {
  const out: Node[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    stack.push(...children(n));
  }
  return out;
}

describe("walking the AST", () => {
  // `walk` keeps its own table of children (`pushChildren`, allocation-free); it must agree with `children`.
  const unary: Node = { kind: "unary", id: 1, span: { file: "x", start: 0, end: 2, line: 1, col: 1, endLine: 1, endCol: 3 }, op: "-", arg: { kind: "var", id: 2, span: { file: "x", start: 1, end: 2, line: 1, col: 2, endLine: 1, endCol: 3 }, name: "x" } };
  const roots = [parse("every_kind.snap", EVERY_KIND), ...starterLibrary(), unary];

  it("the corpus holds every kind of node, so no case of `walk`'s table goes untested", () => {
    const kinds = new Set<string>();
    for (const root of roots) for (const n of allNodes(root)) kinds.add(n.kind);
    const all = ["null", "bool", "number", "string", "var", "ref", "array", "object", "entry", "set", "array-compr", "set-compr", "object-compr", "call", "binary", "unary", "in", "template", "with", "expr", "unify", "assign", "some", "some-in", "every", "head", "else", "rule", "package", "import", "module"];
    expect([...kinds].sort()).toEqual(all.sort());
  });

  it("walk visits every node once, in the pre-order of a recursion through `children`, for every kind of node", () => {
    const preorder = (n: Node, out: Node[]): Node[] => {
      out.push(n);
      for (const c of children(n)) preorder(c, out);
      return out;
    };
    for (const root of roots) {
      const seen: Node[] = [];
      walk(root, (n) => {
        seen.push(n);
      });
      const expected = preorder(root, []);
      expect(seen.length).toBe(expected.length);
      for (let i = 0; i < seen.length; i++) expect(seen[i]).toBe(expected[i]);
    }
  });

  it("walk visits depth-first in pre-order, and `false` skips a node's children", () => {
    const m = parse("w.snap", "package w\n\np := [1, [2, 3], 4]\n");
    const numbers: string[] = [];
    walk(m, (n) => {
      if (n.kind === "number") numbers.push(n.raw);
    });
    expect(numbers).toEqual(["1", "2", "3", "4"]);
    const outer: string[] = [];
    walk(m, (n) => {
      if (n.kind === "number") outer.push(n.raw);
      return !(n.kind === "array" && n.items.length === 2);
    });
    expect(outer).toEqual(["1", "4"]);
  });
});
