// `npm run grammar` (after the build): writes grammar/syntax-diagrams.html from the parser's own
// grammar, and src/syntax/cst-types.ts, the CST typings the lowering step is written against.
// Both are committed; test/syntax/grammar.test.ts checks that they are up to date.
import { writeFileSync } from "node:fs";
import { createSyntaxDiagramsCode, generateCstDts } from "chevrotain";

const dist = process.argv[2] ?? new URL("../dist/", import.meta.url).href;
const { regoParser } = await import(new URL("syntax/parser.js", dist.endsWith("/") ? dist : `${dist}/`).href);
const { CST_TYPES_HEADER } = await import(new URL("syntax/grammar-info.js", dist.endsWith("/") ? dist : `${dist}/`).href);

const html = createSyntaxDiagramsCode(regoParser.getSerializedGastProductions());
writeFileSync(new URL("./syntax-diagrams.html", import.meta.url), html);

const dts = generateCstDts(regoParser.getGAstProductions(), { includeVisitorInterface: false });
writeFileSync(new URL("../src/syntax/cst-types.ts", import.meta.url), CST_TYPES_HEADER + dts);
console.log("wrote grammar/syntax-diagrams.html and src/syntax/cst-types.ts");
