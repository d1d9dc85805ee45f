import { readFileSync } from "node:fs";
import { createSyntaxDiagramsCode } from "chevrotain";
import { describe, expect, it } from "vitest";
import { regoParser } from "../../src/syntax/parser.js";

const read = (rel: string) => readFileSync(new URL(`../../${rel}`, import.meta.url), "utf8");

describe("grammar files", () => {
  const ebnf = read("grammar/rego.ebnf");
  const parserSource = read("src/syntax/parser.ts");
  const ruleNames = Object.keys(regoParser.getGAstProductions());

  it("every parser rule has its EBNF comment, and the same line is in grammar/rego.ebnf", () => {
    const comments = [...parserSource.matchAll(/^ {2}\/\/ (\w+ ::= .*)$/gm)].map((m) => m[1]!);
    expect(comments.map((c) => c.split(" ")[0]).sort()).toEqual([...ruleNames].sort());
    for (const c of comments) expect(ebnf.split("\n"), c).toContain(c);
  });

  it("grammar/rego.ebnf defines no rule the parser lacks", () => {
    const defined = ebnf.split("\n").filter((l) => /^\w+ ::= /.test(l)).map((l) => l.split(" ")[0]);
    expect(defined.sort()).toEqual([...ruleNames].sort());
  });

  it("the committed syntax diagrams match the grammar (run `npm run grammar` after changing it)", () => {
    expect(read("grammar/syntax-diagrams.html")).toBe(createSyntaxDiagramsCode(regoParser.getSerializedGastProductions()));
  });
});
