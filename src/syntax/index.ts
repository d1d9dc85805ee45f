/**
 * The language front end: parsing `.snap` / `.rego` text into the AST, and
 * printing an AST back as canonical text.
 *
 * @example
 * ```ts
 * const result = parseModule(new SourceFile("a.snap", "package a\n\nallow if input.ok\n"));
 * if (result.value) console.log(formatModule(result.value));
 * else for (const d of result.diagnostics) console.error(renderDiagnostic(d, () => file));
 * ```
 */
import type { Body, Module } from "../ast/nodes.js";
import type { SourceFile } from "../source/source-file.js";
import { parseModuleText, parseQueryText, type ParseOptions, type ParseResult } from "./parse.js";

export type { ParseOptions, ParseResult } from "./parse.js";
export { MAX_NESTING, MAX_AST_DEPTH, parseExprText as parseExpr } from "./parse.js";
export { KEYWORDS, isIdentifier, isKeyword } from "./names.js";
export { formatModule, formatSource } from "./format.js";

/**
 * Parse a module. Never throws for bad input: problems come back as sorted
 * diagnostics, and `value` is present only when there is no error.
 *
 * @example
 * ```ts
 * parseModule(new SourceFile("p.snap", "package p\n\ndeny contains \"no\" if input.bad\n")).value?.rules.length; // 1
 * ```
 */
export function parseModule(file: SourceFile, options?: ParseOptions): ParseResult<Module> {
  return parseModuleText(file, options);
}

/**
 * Parse a query: statements separated by new lines or `;`, as `snapspace query` takes them.
 *
 * @example
 * ```ts
 * parseQuery(new SourceFile("<query>", "x := 1; y := x + 1")).value?.length; // 2
 * ```
 */
export function parseQuery(file: SourceFile, options?: ParseOptions): ParseResult<Body> {
  return parseQueryText(file, options);
}
