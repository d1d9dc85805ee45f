/**
 * The printer behind `formatModule`: expressions with the fewest parentheses
 * that keep their meaning, statements, and bodies. Output is Rego v1.
 *
 * Precedence levels (higher binds tighter): 0 `k, v in xs`, 1 `in`,
 * 2 comparisons, 3 `|`, 4 `&`, 5 `+ -`, 6 `* / %`, 7 unary minus, 8 terms.
 * `expr(e, min)` parenthesises `e` when its level is below `min`.
 */
import type { Body, Expr, Stmt, Var, WithModifier } from "../ast/nodes.js";
import { SnapError } from "../source/diagnostic.js";
import { unreachable } from "../source/unreachable.js";
import { CommentQueue, indent } from "./comments.js";
import { isFieldName, isIdentifier } from "./names.js";

const KV = 0;
const MEMBER = 1;
const RELATION = 2;
const TERM = 8;

const BINARY_LEVEL: Record<string, number> = {
  "==": 2, "!=": 2, "<": 2, "<=": 2, ">": 2, ">=": 2, "|": 3, "&": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6,
};

function level(e: Expr): number {
  switch (e.kind) {
    case "in":
      return e.key ? KV : MEMBER;
    case "binary":
      return BINARY_LEVEL[e.op]!;
    case "unary":
      return 7;
    case "number":
      return e.raw.startsWith("-") ? 7 : TERM;
    default:
      return TERM;
  }
}

/** True when the leftmost operand chain of `e` has a `|`: printed first in `[`/`{`, it would read as a comprehension. */
function leftSpineHasBar(e: Expr): boolean {
  for (let cur: Expr | undefined = e; cur; ) {
    if (cur.kind === "binary") {
      if (cur.op === "|") return true;
      cur = cur.left;
    } else if (cur.kind === "in") cur = cur.key ?? cur.value;
    else if (cur.kind === "unary") cur = cur.arg;
    else return false;
  }
  return false;
}

/**
 * True when a bracketed construct was written over several lines: some part
 * starts on another line than the previous part ends (or the bracket), or the
 * closing bracket is on a later line. A multi-line string inside one part does
 * not count, so that printing stays idempotent.
 */
function spread(e: Expr, parts: readonly { readonly span: Expr["span"] }[]): boolean {
  let line = e.span.line;
  for (const p of parts) {
    if (p.span.line !== line) return true;
    line = p.span.endLine;
  }
  return e.span.endLine !== line;
}

/** A string literal in JSON syntax (`JSON.stringify` escapes quotes, backslashes, control characters and lone surrogates). */
function quote(value: string): string {
  return JSON.stringify(value);
}

/** Prints expressions and statements, taking comments from a shared queue in output order. */
export class Printer {
  /** Above zero while printing inside a template, where everything stays on one line. */
  private oneLine = 0;
  /** Nodes to print in parentheses whatever their level (a statement's leading `-`). */
  private readonly parenthesise = new Set<Expr>();

  constructor(readonly comments: CommentQueue) {}

  /** `e` at precedence `min`, at block depth `depth` (for multi-line literals). */
  expr(e: Expr, min: number, depth: number): string {
    const forced = this.parenthesise.delete(e);
    const text = this.bare(e, depth);
    return forced || level(e) < min ? `(${text})` : text;
  }

  private bare(e: Expr, depth: number): string {
    switch (e.kind) {
      case "null":
        return "null";
      case "bool":
        return e.value ? "true" : "false";
      case "number":
        return e.raw;
      case "string":
        return e.rawString && !e.value.includes("`") ? `\`${e.value}\`` : quote(e.value);
      case "var":
        return this.name(e);
      case "ref":
        return this.ref(e.head, e.path, depth);
      case "call":
        return `${e.name}(${e.args.map((a) => this.expr(a, MEMBER, depth)).join(", ")})`;
      case "binary":
        return `${this.expr(e.left, BINARY_LEVEL[e.op]!, depth)} ${e.op} ${this.expr(e.right, BINARY_LEVEL[e.op]! + 1, depth)}`;
      case "unary":
        return e.arg.kind === "number" || e.arg.kind === "unary" ? `-(${this.expr(e.arg, KV, depth)})` : `-${this.expr(e.arg, 7, depth)}`;
      case "in":
        return e.key
          ? `${this.expr(e.key, RELATION, depth)}, ${this.expr(e.value, RELATION, depth)} in ${this.expr(e.collection, RELATION, depth)}`
          : `${this.expr(e.value, MEMBER, depth)} in ${this.expr(e.collection, RELATION, depth)}`;
      case "template":
        return this.template(e.parts, e.rawString, depth);
      case "array":
        return this.items("[", "]", e, e.items, depth);
      case "set":
        return e.items.length === 0 ? "set()" : this.items("{", "}", e, e.items, depth);
      case "object":
        return this.object(e, depth);
      case "array-compr":
        return this.comprehension("[", "]", e, [e.term], this.expr(e.term, 7, depth), e.body, depth);
      case "set-compr":
        return this.comprehension("{", "}", e, [e.term], this.expr(e.term, 7, depth), e.body, depth);
      case "object-compr":
        return this.comprehension("{", "}", e, [e.key, e.value], `${this.expr(e.key, 4, depth)}: ${this.expr(e.value, 7, depth)}`, e.body, depth);
      default:
        return unreachable(e, "expression");
    }
  }

  /** A variable or rule name; v1 cannot write a keyword as a name (a v0 module may have used one). */
  name(v: Var | { readonly name: string; readonly span: Var["span"] }): string {
    if (v.name !== "_" && !isIdentifier(v.name)) {
      throw SnapError.of(
        "keyword_as_name",
        `\`${v.name}\` cannot be written as a name in Rego v1`,
        v.span,
        `\`${v.name}\` is a keyword in Rego v1; rename it (for example \`${v.name}_\`) before formatting`,
      );
    }
    return v.name;
  }

  /** A reference: `.name` for identifier-like string segments, brackets otherwise. */
  ref(head: Expr, path: readonly Expr[], depth: number): string {
    // A number (`1.a` would read as `1.` then `a`) or an operator expression needs parentheses to be indexed.
    let out = head.kind === "ref" || head.kind === "number" || level(head) < TERM ? `(${this.bare(head, depth)})` : this.bare(head, depth);
    for (const seg of path) out += this.segment(seg, depth);
    return out;
  }

  /** One path segment of a reference or rule head. */
  segment(seg: Expr, depth: number): string {
    if (seg.kind === "string" && !seg.rawString && isFieldName(seg.value)) return `.${seg.value}`;
    return `[${this.expr(seg, KV, depth)}]`;
  }

  private template(parts: readonly (string | Expr)[], raw: boolean, depth: number): string {
    this.oneLine++;
    try {
      const canRaw = raw && parts.every((p) => typeof p !== "string" || (!p.includes("`") && !p.includes("{")));
      let out = canRaw ? "$`" : '$"';
      for (const p of parts) {
        if (typeof p !== "string") out += `{${this.expr(p, KV, depth)}}`;
        else out += canRaw ? p : quote(p).slice(1, -1).replace(/\{/g, "\\{");
      }
      return out + (canRaw ? "`" : '"');
    } finally {
      this.oneLine--;
    }
  }

  private items(open: string, close: string, e: Expr, items: readonly Expr[], depth: number): string {
    const item = (x: Expr, i: number, d: number) => {
      const text = this.expr(x, MEMBER, d);
      return i === 0 && leftSpineHasBar(x) ? `(${text})` : text;
    };
    if (items.length === 0) return open + close;
    if (this.oneLine > 0 || !spread(e, items)) return `${open}${items.map((x, i) => item(x, i, depth)).join(", ")}${close}`;
    let out = open + this.opening(e.span.line, items[0]!) + "\n";
    items.forEach((x, i) => {
      out += this.comments.leading(x.span.start, depth + 1);
      out += `${indent(depth + 1)}${item(x, i, depth + 1)},${this.comments.trailing(x.span.endLine)}\n`;
    });
    return out + this.comments.leading(e.span.end - 1, depth + 1) + indent(depth) + close;
  }

  private object(e: Extract<Expr, { kind: "object" }>, depth: number): string {
    if (e.entries.length === 0) return "{}";
    const entry = (k: Expr, v: Expr, i: number, d: number) => {
      const key = this.expr(k, MEMBER, d);
      const value = this.expr(v, MEMBER, d);
      return i === 0 ? `${leftSpineHasBar(k) ? `(${key})` : key}: ${leftSpineHasBar(v) ? `(${value})` : value}` : `${key}: ${value}`;
    };
    if (this.oneLine > 0 || !spread(e, e.entries)) return `{${e.entries.map((x, i) => entry(x.key, x.value, i, depth)).join(", ")}}`;
    let out = "{" + this.opening(e.span.line, e.entries[0]!) + "\n";
    e.entries.forEach((x, i) => {
      out += this.comments.leading(x.span.start, depth + 1);
      out += `${indent(depth + 1)}${entry(x.key, x.value, i, depth + 1)},${this.comments.trailing(x.span.endLine)}\n`;
    });
    return out + this.comments.leading(e.span.end - 1, depth + 1) + indent(depth) + "}";
  }

  private comprehension(open: string, close: string, e: Expr, terms: readonly Expr[], head: string, body: Body, depth: number): string {
    if (this.oneLine > 0 || !spread(e, [...terms, ...body])) {
      // Everything inside a one-line comprehension stays on the line (`every` included).
      this.oneLine++;
      try {
        return `${open}${head} | ${body.map((s) => this.stmt(s, depth)).join("; ")}${close}`;
      } finally {
        this.oneLine--;
      }
    }
    let out = `${open}${head} |${body[0] ? this.opening(e.span.line, body[0]) : ""}\n`;
    out += this.block(body, depth + 1, e.span.end - 1);
    return out + indent(depth) + close;
  }

  /** The comment at the end of an opening line (`[`, `{`, `|`), kept there only if the first element starts on a later line. */
  private opening(line: number, first: { readonly span: { readonly line: number } }): string {
    return first.span.line > line ? this.comments.trailing(line) : "";
  }

  // ───────────────────────────── statements ─────────────────────────────

  /**
   * The statements of a body, one a line at `depth`, with their comments; `end` is where the body closes in the source.
   * `afterIf`: the body is in braces after `if`, where `{ x | … }` reads as a set comprehension (`if { 1 | 1 }`),
   * so a first statement that starts with an operand chain holding `|` is written in parentheses.
   */
  block(body: Body, depth: number, end: number, afterIf = false): string {
    let out = "";
    if (afterIf && body[0]) this.guardBar(body[0]);
    for (const s of body) {
      out += this.comments.leading(s.span.start, depth);
      out += `${indent(depth)}${this.stmt(s, depth)}${this.comments.trailing(s.span.endLine)}\n`;
    }
    return out + this.comments.leading(end, depth);
  }

  /** One statement (without indentation or newline). */
  stmt(s: Stmt, depth: number): string {
    switch (s.kind) {
      case "expr":
        return `${s.negated ? "not " : ""}${this.leading(s.expr, depth)}${this.withs(s.with, depth)}`;
      case "unify":
        return `${s.negated ? "not " : ""}${this.leading(s.left, depth)} = ${this.expr(s.right, KV, depth)}${this.withs(s.with, depth)}`;
      case "assign":
        return `${this.leading(s.left, depth)} := ${this.expr(s.right, KV, depth)}${this.withs(s.with, depth)}`;
      case "some":
        return `some ${s.vars.map((v) => this.name(v)).join(", ")}`;
      case "some-in": {
        const key = s.key ? `${this.expr(s.key, RELATION, depth)}, ` : "";
        return `some ${key}${this.expr(s.value, RELATION, depth)} in ${this.expr(s.collection, RELATION, depth)}${this.withs(s.with, depth)}`;
      }
      case "every": {
        const key = s.key ? `${this.name(s.key)}, ` : "";
        const head = `every ${key}${this.name(s.value)} in ${this.expr(s.domain, RELATION, depth)} {`;
        if (this.oneLine > 0) return `${head} ${s.body.map((b) => this.stmt(b, depth)).join("; ")} }${this.withs(s.with, depth)}`;
        const opening = s.body[0] ? this.opening(s.span.line, s.body[0]) : "";
        const body = this.block(s.body, depth + 1, s.span.end - 1);
        return `${head}${opening}\n${body}${indent(depth)}}${this.withs(s.with, depth)}`;
      }
      default:
        return unreachable(s, "statement");
    }
  }

  /** The one statement of a body after `if`, guarded as the first statement of a `block` after `if` is (it may end up in braces). */
  stmtAfterIf(s: Stmt, depth: number): string {
    this.guardBar(s);
    return this.stmt(s, depth);
  }

  /** Parenthesise the expression `s` starts with if a `|` after its first operand could make `{ s` a comprehension. */
  private guardBar(s: Stmt): void {
    const lead = s.kind === "expr" && !s.negated ? s.expr : (s.kind === "unify" && !s.negated) || s.kind === "assign" ? s.left : undefined;
    if (lead && leftSpineHasBar(lead)) this.parenthesise.add(lead);
  }

  /** The first expression of a statement: a leading `-` on a new line would continue the previous statement, so that operand is parenthesised. */
  private leading(e: Expr, depth: number): string {
    let first = e;
    for (;;) {
      if (first.kind === "binary") first = first.left;
      else if (first.kind === "in") first = first.key ?? first.value;
      else break;
    }
    if (first.kind === "unary" || (first.kind === "number" && first.raw.startsWith("-"))) this.parenthesise.add(first);
    return this.expr(e, KV, depth);
  }

  private withs(withs: readonly WithModifier[], depth: number): string {
    return withs.map((w) => ` with ${this.expr(w.target, TERM, depth)} as ${this.expr(w.value, MEMBER, depth)}`).join("");
  }
}

export { KV, MEMBER };
