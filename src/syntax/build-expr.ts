/**
 * Building expression nodes from what the parser recognised: tokens, and the
 * nodes its sub-rules built. Pure construction: nothing is evaluated here;
 * shapes the grammar accepts but Rego does not (calling something that is not
 * a name, `-x`) are reported as diagnostics.
 */
import type { IToken, TokenType } from "chevrotain";
import type { BinaryOp, Body, Call, Expr, ObjectEntry, Ref, StringLit, Var } from "../ast/nodes.js";
import type { Span } from "../source/span.js";
import { unreachable } from "../source/unreachable.js";
import type { BuildContext } from "./build-context.js";
import type { Token } from "./lex.js";
import * as T from "./tokens.js";

const BINARY_OPS = new Map<TokenType, BinaryOp>([
  [T.EqualsEquals, "=="],
  [T.NotEquals, "!="],
  [T.Less, "<"],
  [T.LessEquals, "<="],
  [T.Greater, ">"],
  [T.GreaterEquals, ">="],
  [T.Bar, "|"],
  [T.Ampersand, "&"],
  [T.Plus, "+"],
  [T.Minus, "-"],
  [T.Star, "*"],
  [T.Slash, "/"],
  [T.Percent, "%"],
]);

/** Binding strength of each infix operator (higher binds tighter); all are left-associative. */
const PRECEDENCE: Record<BinaryOp, number> = {
  "==": 1, "!=": 1, "<": 1, "<=": 1, ">": 1, ">=": 1, "|": 2, "&": 3, "+": 4, "-": 4, "*": 5, "/": 5, "%": 5,
};

/** A segment after the first part of a term: `.name`, `[index]` or `(args)`. */
export type Segment =
  | { readonly kind: "dot"; readonly dot: IToken; readonly name: IToken }
  | { readonly kind: "index"; readonly index: Expr; readonly close: IToken }
  | { readonly kind: "call"; readonly open: IToken; readonly args: readonly Expr[] | undefined; readonly close: IToken };

/** What an array's brackets hold: a comprehension, or items (absent for `[]`). */
export interface ComprehensionParts {
  readonly kind: "comprehension";
  readonly head: Expr;
  readonly body: Body;
}

/** What a pair of braces holds, besides a set comprehension. */
export type BraceParts =
  | ComprehensionParts
  | { readonly kind: "object-comprehension"; readonly key: Expr; readonly value: Expr; readonly body: Body }
  | { readonly kind: "object"; readonly keys: readonly Expr[]; readonly values: readonly Expr[] }
  | { readonly kind: "set"; readonly items: readonly Expr[] };

function end(t: IToken): number {
  return t.startOffset + t.image.length;
}

/**
 * Build the tree of `operands` joined by `ops` (a run of infix operators
 * without `in`) by precedence: a shunting-yard pass, iterative so a long
 * chain cannot overflow the stack.
 */
function climb(ctx: BuildContext, operands: readonly Expr[], ops: readonly IToken[], from: number, to: number): Expr {
  const values: Expr[] = [operands[from]!];
  const pending: IToken[] = [];
  const reduce = (): void => {
    const token = pending.pop()!;
    const right = values.pop()!;
    const left = values.pop()!;
    const op = BINARY_OPS.get(token.tokenType)!;
    values.push({ kind: "binary", id: ctx.id(), span: ctx.join(left.span, right.span), op, opSpan: ctx.tokenSpan(token), left, right });
  };
  for (let i = from; i < to; i++) {
    const token = ops[i]!;
    const precedence = PRECEDENCE[BINARY_OPS.get(token.tokenType)!];
    while (pending.length > 0 && PRECEDENCE[BINARY_OPS.get(pending[pending.length - 1]!.tokenType)!] >= precedence) reduce();
    pending.push(token);
    values.push(operands[i + 1]!);
  }
  while (pending.length > 0) reduce();
  return values[0]!;
}

function membership(ctx: BuildContext, key: Expr | undefined, value: Expr, collection: Expr): Expr {
  const first = key ?? value;
  return { kind: "in", id: ctx.id(), span: ctx.join(first.span, collection.span), ...(key ? { key } : {}), value, collection };
}

/**
 * An operator chain: `operands` with the infix operators `ops` between them
 * (`ops[i]` follows `operands[i]`). Runs split by `in` are each built by
 * precedence (`binary ::= { "-" } term { BINARY_OP { "-" } term }`, loosest
 * first: comparisons, `|`, `&`, `+ -`, `* / %`), then joined by `in` from the
 * left, as `expr ::= binary { "in" binary }` reads.
 */
export function chain(ctx: BuildContext, operands: readonly Expr[], ops: readonly IToken[] | undefined): Expr {
  if (ops === undefined) return operands[0]!;
  let acc: Expr | undefined;
  let start = 0;
  for (let i = 0; i <= ops.length; i++) {
    const op = ops[i];
    if (op !== undefined && op.tokenType !== T.In) continue;
    const run = i === start ? operands[start]! : climb(ctx, operands, ops, start, i);
    acc = acc === undefined ? run : membership(ctx, undefined, acc, run);
    start = i + 1;
  }
  return acc!;
}

/**
 * `exprKV ::= { "-" } term { BINARY_OP { "-" } term } [ "," binary "in" binary ] { "in" binary }`:
 * an expression, or `key, value in collection`; `first` is the chain before
 * the optional `, value in collection` and the trailing `in`s.
 */
export function exprKV(ctx: BuildContext, first: Expr, pair: readonly [Expr, Expr] | undefined, ins: readonly Expr[] | undefined): Expr {
  let acc = pair ? membership(ctx, first, pair[0], pair[1]) : first;
  for (const collection of ins ?? []) acc = membership(ctx, undefined, acc, collection);
  return acc;
}

/**
 * A term with the prefix minuses `tokens[from..to)`; `bare` when the term is
 * a number literal alone (no `.x`, `[…]` or `(…)` after it). A minus directly
 * before a bare number literal makes a negative literal (`-1`); OPA has no
 * other prefix minus (its parser reads `-` as the sign of a number and rejects
 * `-x`, `-(1)` and `- -1`), so any other is an error.
 */
export function signed(ctx: BuildContext, tokens: readonly IToken[], from: number, to: number, term: Expr, bare: boolean): Expr {
  let e = term;
  for (let k = to - 1; k >= from; k--) {
    const minus = tokens[k]!;
    const span = ctx.join(ctx.tokenSpan(minus), e.span);
    if (k === to - 1 && bare && e.kind === "number") {
      e = { kind: "number", id: ctx.id(), span, raw: `-${e.raw}` };
      continue;
    }
    ctx.error(
      "unary_minus",
      "a prefix `-` may only stand before a number literal",
      ctx.tokenSpan(minus),
      "Rego has negative number literals (`-1`) but no negation operator: write `0 - x` to negate an expression",
    );
    e = { kind: "unary", id: ctx.id(), span, op: "-", arg: e };
  }
  return e;
}

function stringLit(ctx: BuildContext, value: string, span: Span, rawString = false): StringLit {
  return { kind: "string", id: ctx.id(), span, value, rawString };
}

/** A `.name` written as a string (in a rule head). */
export function nameString(ctx: BuildContext, name: IToken): StringLit {
  return stringLit(ctx, name.image, ctx.tokenSpan(name));
}

/** A name as a variable. */
export function variable(ctx: BuildContext, t: IToken): Var {
  return { kind: "var", id: ctx.id(), span: ctx.tokenSpan(t), name: t.image };
}

/** A literal of one token: a number, a string, a raw string, a template, `true`, `false` or `null`. */
export function scalar(ctx: BuildContext, t: Token): Expr {
  const span = ctx.tokenSpan(t);
  switch (t.tokenType) {
    case T.NumberLiteral:
      return { kind: "number", id: ctx.id(), span, raw: t.image };
    case T.StringLiteral:
      return stringLit(ctx, t.decoded ?? "", span);
    case T.RawString:
      return stringLit(ctx, t.decoded ?? "", span, true);
    case T.True:
    case T.False:
      return { kind: "bool", id: ctx.id(), span, value: t.tokenType === T.True };
    case T.Null:
      return { kind: "null", id: ctx.id(), span };
    default:
      return template(ctx, t, span);
  }
}

function template(ctx: BuildContext, t: Token, span: Span): Expr {
  const parts: (string | Expr)[] = [];
  for (const p of t.templateParts ?? []) {
    if (typeof p === "string") {
      if (p !== "") parts.push(p);
      continue;
    }
    if (ctx.templateBudget <= 0) {
      ctx.error("too_deep", "string templates are nested too deeply", span, "move the inner template into a variable");
      continue;
    }
    const e = fragment(ctx, p.start, p.end);
    if (e) parts.push(e);
  }
  return { kind: "template", id: ctx.id(), span, parts, rawString: t.image[1] === "`" };
}

/** The expression of a template between two offsets, parsed ahead; its diagnostics are reported here. */
function fragment(ctx: BuildContext, start: number, end: number): Expr | undefined {
  const f = ctx.fragments.get(start);
  // INVARIANT: every template the builders meet came from a token of the parsed text or of a fragment parsed ahead.
  if (!f) throw new Error(`internal error: template expression at offset ${start} was not parsed`);
  ctx.diagnostics.push(...f.diagnostics);
  if (f.empty) {
    ctx.error("unexpected_token", "empty expression in a string template", ctx.file.span(start - 1, end + 1), "write an expression between the braces, or escape the brace as `\\{`");
    return undefined;
  }
  ctx.diagnostics.push(...f.built);
  return f.expr;
}

/**
 * `term ::= ( IDENT | … | parens ) { "." NAME | INDEX_OPEN exprKV "]" | CALL_OPEN [ exprList ] ")" }`:
 * references, calls (`a.b.f(x)`), and refs into call results (`f(x)[0]`).
 * `head` is the first part; `named` when it is a name (only `name(.name)*`
 * can be called).
 */
export function term(ctx: BuildContext, head: Expr, named: boolean, segments: readonly Segment[]): Expr {
  let current = head;
  let path: Expr[] = [];
  // While the term is still `name(.name)*`, its name is the variable and the path so far.
  let dotted = named;
  let last = 0;
  for (const s of segments) {
    switch (s.kind) {
      case "dot": {
        const dot = s.dot.startOffset;
        // As OPA's parser: a `.` in a reference touches what it joins (`input. x` and `input .x` are errors).
        if (/\s/.test(ctx.file.text[dot - 1] ?? "") || s.name.startOffset !== dot + 1) {
          ctx.error(
            "whitespace_in_ref",
            "a `.` in a reference may not have whitespace around it",
            ctx.tokenSpan(s.dot),
            "write the reference without spaces or line breaks around the dot, e.g. `input.request.kind`",
          );
        }
        path.push(stringLit(ctx, s.name.image, ctx.tokenSpan(s.name)));
        last = end(s.name);
        break;
      }
      case "index":
        path.push(s.index);
        last = end(s.close);
        dotted = false;
        break;
      case "call": {
        const args = s.args ?? [];
        last = end(s.close);
        const span = ctx.span(current.span.start, last);
        if (!dotted) {
          ctx.error(
            "bad_call",
            "only a function name can be called",
            ctx.tokenSpan(s.open),
            "call a function by its (dotted) name, e.g. `count(x)` or `data.lib.f(x)`; to index, use `[…]`",
          );
          current = { kind: "call", id: ctx.id(), span, name: "<invalid>", nameSpan: span, args };
        } else {
          // INVARIANT: while `dotted`, `current` is the variable and `path` holds only the names after it.
          let name = (current as Var).name;
          for (const p of path) name += `.${(p as StringLit).value}`;
          const nameSpan = path.length === 0 ? current.span : ctx.join(current.span, path[path.length - 1]!.span);
          current =
            name === "set" && args.length === 0
              ? { kind: "set", id: ctx.id(), span, items: [] }
              : ({ kind: "call", id: ctx.id(), span, name, nameSpan, args } satisfies Call);
        }
        path = [];
        dotted = false;
        break;
      }
      default:
        unreachable(s, "term segment");
    }
  }
  if (path.length === 0) return current;
  return { kind: "ref", id: ctx.id(), span: ctx.span(current.span.start, last), head: current, path } satisfies Ref;
}

/** `array ::= "[" ( &comprehension comprehension | [ exprList ] ) "]"` */
export function array(ctx: BuildContext, open: IToken, inner: ComprehensionParts | readonly Expr[] | undefined, close: IToken): Expr {
  const span = ctx.between(open, close);
  if (inner !== undefined && "kind" in inner) {
    return { kind: "array-compr", id: ctx.id(), span, term: inner.head, body: comprehensionBody(ctx, inner.body, span) };
  }
  return { kind: "array", id: ctx.id(), span, items: inner ?? [] };
}

/** `braced ::= "{" ( &comprehension comprehension | &objectComprehension objectComprehension | [ braceItems ] ) "}"` */
export function braced(ctx: BuildContext, open: IToken, inner: BraceParts | undefined, close: IToken): Expr {
  const span = ctx.between(open, close);
  if (inner === undefined) return { kind: "object", id: ctx.id(), span, entries: [] };
  switch (inner.kind) {
    case "comprehension":
      return { kind: "set-compr", id: ctx.id(), span, term: inner.head, body: comprehensionBody(ctx, inner.body, span) };
    case "object-comprehension":
      return { kind: "object-compr", id: ctx.id(), span, key: inner.key, value: inner.value, body: comprehensionBody(ctx, inner.body, span) };
    case "object": {
      const values = inner.values;
      const entries = inner.keys.map(
        (key, i): ObjectEntry => ({ kind: "entry", id: ctx.id(), span: ctx.join(key.span, values[i]!.span), key, value: values[i]! }),
      );
      return { kind: "object", id: ctx.id(), span, entries };
    }
    case "set":
      return { kind: "set", id: ctx.id(), span, items: inner.items };
    default:
      return unreachable(inner, "brace contents");
  }
}

function comprehensionBody(ctx: BuildContext, body: Body, span: Span): Body {
  if (body.length === 0) ctx.error("empty_body", "empty comprehension body", span, "write at least one statement after `|`");
  return body;
}
