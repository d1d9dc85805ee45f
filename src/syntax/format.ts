/**
 * `formatModule`: one canonical text for a module, in the spirit of `opa fmt`:
 * tabs, `package`, a blank line, the imports, a blank line, then the rules
 * separated by blank lines. The output is always Rego v1 (`if`, `contains`);
 * a v0 module gets `import rego.v1` so the text means the same in both modes.
 * `=` and `:=` in rule heads are kept as written: OPA treats a `:=` head as a
 * declaration (it may not be defined twice), so they differ in meaning.
 */
import type { ElseClause, Import, Module, Rule, RuleHead } from "../ast/nodes.js";
import { isSnapError, sortDiagnostics } from "../source/diagnostic.js";
import type { SourceFile } from "../source/source-file.js";
import { CommentQueue } from "./comments.js";
import { isFieldName } from "./names.js";
import { parseModuleText, type ParseOptions, type ParseResult } from "./parse.js";
import { KV, MEMBER, Printer } from "./printer.js";

function pathText(path: readonly string[]): string {
  return path.map((seg, i) => (i === 0 ? seg : isFieldName(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`)).join("");
}

function importText(imp: Import): string {
  return `import ${pathText(imp.path)}${imp.alias !== undefined ? ` as ${imp.alias}` : ""}`;
}

function isRegoV1Import(imp: Import): boolean {
  return imp.path.length === 2 && imp.path[0] === "rego" && imp.path[1] === "v1";
}

function headText(p: Printer, head: RuleHead): string {
  let out = p.name({ name: head.name, span: head.nameSpan });
  for (const seg of head.path) out += p.segment(seg, 0);
  if (head.args) out += `(${head.args.map((a) => p.expr(a, MEMBER, 0)).join(", ")})`;
  if (head.contains) out += ` contains ${p.expr(head.contains, MEMBER, 0)}`;
  if (head.value) out += ` ${head.assign ?? ":="} ${p.expr(head.value, KV, 0)}`;
  return out;
}

/**
 * ` if {` + the body + `}`, or "" for an empty body. `end` is where the body closes in the source; `line` the source line of its `{`.
 * `braceless` says the body was written `if expr`, without braces: as `opa fmt` does, a one-line body written so stays on its line.
 */
function bodyText(p: Printer, rule: { body: Rule["body"] }, end: number, line: number, braceless = false): string {
  const first = rule.body[0];
  if (!first) return "";
  // (A synthetic node's span is empty and says nothing about how it was written.)
  if (braceless && rule.body.length === 1 && first.span.end > first.span.start && first.span.line === line && first.span.endLine === line) {
    const text = p.stmtAfterIf(first, 1);
    // A statement that starts with `{` (a set, object or comprehension) would read back as a braced body.
    if (!text.includes("\n") && !text.startsWith("{")) return ` if ${text}`;
    return ` if {\n\t${text}\n}`;
  }
  // A comment on the line of `{` stays there only if the body starts on a later line.
  const trailing = first.span.line > line ? p.comments.trailing(line) : "";
  return ` if {${trailing}\n${p.block(rule.body, 1, end, true)}}`;
}

function elseText(p: Printer, e: ElseClause, end: number): string {
  let out = " else";
  if (e.value) out += ` ${e.assign ?? ":="} ${p.expr(e.value, KV, 0)}`;
  // An else clause's span ends with its body: at the body's last expression when it has no braces.
  return out + bodyText(p, e, end, e.span.line, e.body.length === 1 && e.span.end === e.body[0]!.span.end);
}

function ruleText(p: Printer, rule: Rule): string {
  if (rule.isDefault) return `default ${headText(p, rule.head)}`;
  let out = headText(p, rule.head);
  // A rule without else ends with its body: at the body's last expression when it has no braces.
  const braceless = rule.elses.length === 0 && rule.body.length === 1 && rule.span.end === rule.body[0]!.span.end;
  out += bodyText(p, rule, rule.elses[0]?.span.start ?? rule.span.end - 1, rule.head.span.endLine, braceless);
  rule.elses.forEach((e, i) => {
    out += elseText(p, e, rule.elses[i + 1]?.span.start ?? rule.span.end - 1);
  });
  return out;
}

/**
 * The canonical text of a module. Throws a `SnapError` (`keyword_as_name`)
 * only for a v0 module that uses a v1 keyword as a name, which v1 cannot write.
 *
 * @example
 * ```ts
 * formatModule(parseModule(new SourceFile("a.rego", "package a\nallow { true }"), { regoVersion: 0 }).value!);
 * // "package a\n\nimport rego.v1\n\nallow if {\n\ttrue\n}\n"
 * ```
 */
export function formatModule(module: Module): string {
  const comments = new CommentQueue(module.comments);
  const p = new Printer(comments);
  let out = comments.leading(module.package.span.start, 0, module.package.span.line, true);
  out += `package ${pathText(module.package.path)}${comments.trailing(module.package.span.endLine)}\n`;
  const addV1 = module.regoVersion === 0 && !module.imports.some(isRegoV1Import);
  // `rego.v1` implies `future.keywords`, and OPA refuses the two together: the v1 text drops the latter.
  const imports: Import[] = addV1 ? module.imports.filter((imp) => imp.path[0] !== "future") : [...module.imports];
  if (addV1 || imports.length > 0) out += "\n";
  if (addV1) out += "import rego.v1\n";
  for (const imp of imports) {
    out += comments.leading(imp.span.start, 0, imp.span.line, true);
    out += `${importText(imp)}${comments.trailing(imp.span.endLine)}\n`;
  }
  for (const rule of module.rules) {
    out += "\n";
    out += comments.leading(rule.span.start, 0, rule.span.line, true);
    out += `${ruleText(p, rule)}${comments.trailing(rule.span.endLine)}\n`;
  }
  if (comments.hasPending) out += `\n${comments.rest()}`;
  return out;
}

/**
 * Parse `file` and format it. Parse errors (and a v0 name that v1 cannot
 * write) come back as diagnostics; `value` is the formatted text.
 */
export function formatSource(file: SourceFile, options?: ParseOptions): ParseResult<string> {
  const parsed = parseModuleText(file, options);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  try {
    return { value: formatModule(parsed.value), diagnostics: parsed.diagnostics };
  } catch (e) {
    if (isSnapError(e)) return { diagnostics: sortDiagnostics([...parsed.diagnostics, ...e.diagnostics]) };
    throw e;
  }
}

