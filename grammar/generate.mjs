// `npm run grammar` (after the build): writes grammar/syntax-diagrams.html from the parser's own
// grammar. It is committed; test/syntax/grammar.test.ts checks that it is up to date.
import { writeFileSync } from "node:fs";
import { createSyntaxDiagramsCode } from "chevrotain";

const dist = process.argv[2] ?? new URL("../dist/", import.meta.url).href;
const { regoParser } = await import(new URL("syntax/parser.js", dist.endsWith("/") ? dist : `${dist}/`).href);

const html = createSyntaxDiagramsCode(regoParser.getSerializedGastProductions());
writeFileSync(new URL("./syntax-diagrams.html", import.meta.url), html);
console.log("wrote grammar/syntax-diagrams.html");
