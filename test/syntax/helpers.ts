/**
 * Helpers for the syntax tests: parse and strip spans, and builders for the
 * expected AST shapes (written from the types in src/ast/nodes.ts, not from
 * parser output).
 */
import { stripSpans } from "../../src/ast/index.js";
import type { Module, RegoVersion } from "../../src/ast/nodes.js";
import { renderDiagnostics } from "../../src/source/render.js";
import { SourceFile } from "../../src/source/source-file.js";
import { parseModule, parseQuery } from "../../src/syntax/index.js";

type Shape = Record<string, unknown>;

/** Parse a module or fail the test with the rendered diagnostics. */
export function mod(text: string, regoVersion: RegoVersion = 1): Module {
  const file = new SourceFile("test.rego", text);
  const r = parseModule(file, { regoVersion });
  if (!r.value) throw new Error(`parse failed:\n${renderDiagnostics(r.diagnostics, () => file)}`);
  return r.value;
}

/** The rules of `package t` + `text`, spans stripped. */
export function rulesOf(text: string, regoVersion: RegoVersion = 1): unknown[] {
  return stripSpans(mod(`package t\n${text}\n`, regoVersion).rules) as unknown[];
}

/** The statements of a query, spans stripped. */
export function bodyOf(text: string, regoVersion: RegoVersion = 1): unknown[] {
  const file = new SourceFile("query.rego", text);
  const r = parseQuery(file, { regoVersion });
  if (!r.value) throw new Error(`parse failed:\n${renderDiagnostics(r.diagnostics, () => file)}`);
  return stripSpans(r.value) as unknown[];
}

/** The expression of a one-statement query, spans stripped. */
export function exprOf(text: string): unknown {
  const [stmt] = bodyOf(text) as Shape[];
  return stmt!["expr"];
}

/** A diagnostic as the tests compare it: code, position, and the text under the caret. */
export interface SeenError {
  code: string;
  line: number;
  col: number;
  text: string;
}

/** The diagnostics of parsing `text` as a module (or a query). */
export function errorsOf(text: string, options: { regoVersion?: RegoVersion; query?: boolean } = {}): SeenError[] {
  const file = new SourceFile("test.rego", text);
  const r = options.query ? parseQuery(file, options) : parseModule(file, options);
  return r.diagnostics.map((d) => ({
    code: d.code,
    line: d.span?.line ?? 0,
    col: d.span?.col ?? 0,
    text: d.span ? text.slice(d.span.start, d.span.end) : "",
  }));
}

// ───────────────────────────── expected shapes ─────────────────────────────

export const v = (name: string): Shape => ({ kind: "var", name });
export const n = (raw: string): Shape => ({ kind: "number", raw });
export const s = (value: string, rawString = false): Shape => ({ kind: "string", value, rawString });
export const b = (value: boolean): Shape => ({ kind: "bool", value });
export const nul = (): Shape => ({ kind: "null" });
export const ref = (head: Shape, ...path: Shape[]): Shape => ({ kind: "ref", head, path });
/** `a.b.c` as a reference with string segments. */
export const dot = (head: string, ...names: string[]): Shape => ref(v(head), ...names.map((x) => s(x)));
export const bin = (op: string, left: Shape, right: Shape): Shape => ({ kind: "binary", op, left, right });
export const neg = (arg: Shape): Shape => ({ kind: "unary", op: "-", arg });
export const call = (name: string, ...args: Shape[]): Shape => ({ kind: "call", name, args });
export const arr = (...items: Shape[]): Shape => ({ kind: "array", items });
export const set = (...items: Shape[]): Shape => ({ kind: "set", items });
export const obj = (...entries: [Shape, Shape][]): Shape => ({ kind: "object", entries: entries.map(([key, value]) => ({ kind: "entry", key, value })) });
export const member = (value: Shape, collection: Shape, key?: Shape): Shape => ({ kind: "in", ...(key ? { key } : {}), value, collection });
export const arrCompr = (term: Shape, body: Shape[]): Shape => ({ kind: "array-compr", term, body });
export const setCompr = (term: Shape, body: Shape[]): Shape => ({ kind: "set-compr", term, body });
export const objCompr = (key: Shape, value: Shape, body: Shape[]): Shape => ({ kind: "object-compr", key, value, body });
export const tmpl = (parts: (string | Shape)[], rawString = false): Shape => ({ kind: "template", parts, rawString });

export const withMod = (target: Shape, value: Shape): Shape => ({ kind: "with", target, value });
export const ex = (expr: Shape, negated = false, withs: Shape[] = []): Shape => ({ kind: "expr", expr, negated, with: withs });
export const unify = (left: Shape, right: Shape, negated = false, withs: Shape[] = []): Shape => ({ kind: "unify", left, right, negated, with: withs });
export const assign = (left: Shape, right: Shape, withs: Shape[] = []): Shape => ({ kind: "assign", left, right, with: withs });
export const some = (...names: string[]): Shape => ({ kind: "some", vars: names.map(v) });
export const someIn = (value: Shape, collection: Shape, key?: Shape): Shape => ({ kind: "some-in", ...(key ? { key } : {}), value, collection, with: [] });
export const every = (value: string, domain: Shape, body: Shape[], key?: string): Shape => ({
  kind: "every",
  ...(key ? { key: v(key) } : {}),
  value: v(value),
  domain,
  body,
  with: [],
});

/** A rule head; `extra` holds `path`, `args`, `contains`, `value`, `assign` as needed. */
export const head = (name: string, extra: Shape = {}): Shape => ({ kind: "head", name, path: [], ...extra });
export const rule = (h: Shape, body: Shape[] = [], elses: Shape[] = [], isDefault = false): Shape => ({ kind: "rule", isDefault, head: h, body, elses });
export const els = (body: Shape[], value?: Shape, assign?: string): Shape => ({ kind: "else", ...(value ? { value } : {}), ...(assign ? { assign } : {}), body });

/** `input.x == 1`-style helper used in many bodies. */
export const T = ex(b(true));
