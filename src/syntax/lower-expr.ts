/**
 * CST → AST lowering of expressions and bodies. Pure construction: nothing is
 * evaluated here; shapes the grammar accepts but Rego does not (calling
 * something that is not a name, `some 1`) are reported as diagnostics.
 */
import type { IToken, TokenType } from "chevrotain";
import type {
  BinaryOp,
  Body,
  Call,
  Expr,
  ObjectEntry,
  Ref,
  Stmt,
  StringLit,
  Var,
  WithModifier,
} from "../ast/nodes.js";
import type { Span } from "../source/span.js";
import type * as C from "./cst-types.js";
import type { Token } from "./lex.js";
import type { LowerContext } from "./lower-context.js";
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

/**
 * Build the tree of `operands` joined by `ops` (the flat `binary` rule) by
 * precedence: a shunting-yard pass, iterative so a long chain cannot overflow
 * the stack.
 */
function climb(ctx: LowerContext, operands: readonly Expr[], ops: readonly IToken[]): Expr {
  const values: Expr[] = [operands[0]!];
  const pending: IToken[] = [];
  const reduce = (): void => {
    const token = pending.pop()!;
    const right = values.pop()!;
    const left = values.pop()!;
    const op = BINARY_OPS.get(token.tokenType)!;
    values.push({ kind: "binary", id: ctx.id(), span: ctx.join(left.span, right.span), op, opSpan: ctx.tokenSpan(token), left, right });
  };
  for (let i = 0; i < ops.length; i++) {
    const token = ops[i]!;
    const precedence = PRECEDENCE[BINARY_OPS.get(token.tokenType)!];
    while (pending.length > 0 && PRECEDENCE[BINARY_OPS.get(pending[pending.length - 1]!.tokenType)!] >= precedence) reduce();
    pending.push(token);
    values.push(operands[i + 1]!);
  }
  while (pending.length > 0) reduce();
  return values[0]!;
}

function membership(ctx: LowerContext, key: Expr | undefined, value: Expr, collection: Expr): Expr {
  const first = key ?? value;
  return { kind: "in", id: ctx.id(), span: ctx.join(first.span, collection.span), ...(key ? { key } : {}), value, collection };
}

/**
 * `exprKV ::= { "-" } term { BINARY_OP { "-" } term } [ "," binary "in" binary ] { "in" binary }`:
 * an expression, or `key, value in collection`. The first operand is `binary` written out.
 */
export function lowerExprKV(ctx: LowerContext, node: C.ExprKVCstNode): Expr {
  const c = node.children;
  const first = lowerChain(ctx, c.Minus, c.term, c.BinaryOp);
  const more = c.binary;
  if (!more) return first;
  // Operands are lowered before the `in` nodes that join them: ids follow that order.
  const rels = [first, ...more.map((r) => lowerBinary(ctx, r))];
  let acc: Expr;
  let i: number;
  if (c.Comma) {
    acc = membership(ctx, rels[0], rels[1]!, rels[2]!);
    i = 3;
  } else {
    acc = rels[0]!;
    i = 1;
  }
  for (; i < rels.length; i++) acc = membership(ctx, undefined, acc, rels[i]!);
  return acc;
}

/** `expr ::= { "-" } term { ( BINARY_OP | "in" ) { "-" } term }`: `in` binds looser than every other operator. */
export function lowerExpr(ctx: LowerContext, node: C.ExprCstNode): Expr {
  const c = node.children;
  return lowerChain(ctx, c.Minus, c.term, inOrder(c.BinaryOp, c.In));
}

/** `binary ::= { "-" } term { BINARY_OP { "-" } term }`, with Rego's precedence (loosest first): comparisons, `|`, `&`, `+ -`, `* / %`. */
export function lowerBinary(ctx: LowerContext, node: C.BinaryCstNode): Expr {
  const c = node.children;
  return lowerChain(ctx, c.Minus, c.term, c.BinaryOp);
}

/** The tokens of `a` and `b` (each in source order) in source order. */
function inOrder(a: IToken[] | undefined, b: IToken[] | undefined): IToken[] | undefined {
  if (!a || !b) return a ?? b;
  const out: IToken[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.startOffset < b[j]!.startOffset)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/**
 * A flat operator chain: `terms`, their prefix `minuses`, and the infix
 * `operators` between them in order (`operators[i]` follows `terms[i]`).
 * Runs split by `in` are each built by precedence, then joined by `in` from
 * the left, as `expr ::= binary { "in" binary }` reads. Every operand of a run
 * is lowered before the run's operators, and every run before the `in`s:
 * ids follow that order.
 */
function lowerChain(ctx: LowerContext, minuses: readonly IToken[] | undefined, terms: readonly C.TermCstNode[], operators: readonly IToken[] | undefined): Expr {
  if (!operators) return lowerSigned(ctx, minuses, 0, minuses?.length ?? 0, terms[0]!);
  const runs: Expr[] = [];
  let operands: Expr[] = [];
  let ops: IToken[] = [];
  let m = 0;
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i]!;
    // The prefix minuses of a term are the `Minus` tokens between the operator before it and the term.
    const from = m;
    const start = term.location!.startOffset;
    while (minuses !== undefined && m < minuses.length && minuses[m]!.startOffset < start) m++;
    operands.push(lowerSigned(ctx, minuses, from, m, term));
    const op = operators[i];
    if (op === undefined || op.tokenType === T.In) {
      runs.push(ops.length === 0 ? operands[0]! : climb(ctx, operands, ops));
      operands = [];
      ops = [];
    } else ops.push(op);
  }
  let acc = runs[0]!;
  for (let i = 1; i < runs.length; i++) acc = membership(ctx, undefined, acc, runs[i]!);
  return acc;
}

/** True when a term has `.x`, `[…]` or `(…)` segments. */
function hasSegments(c: C.TermCstChildren): boolean {
  return c.Dot !== undefined || c.IndexOpen !== undefined || c.CallOpen !== undefined;
}

/**
 * A term with the prefix minuses `minuses[from..to)`. A minus directly
 * before a bare number literal makes a negative literal (`-1`); OPA has no
 * other prefix minus (its parser reads `-` as the sign of a number and
 * rejects `-x`, `-(1)` and `- -1`), so any other is an error.
 */
export function lowerSigned(ctx: LowerContext, minuses: readonly IToken[] | undefined, from: number, to: number, term: C.TermCstNode): Expr {
  let e = lowerTerm(ctx, term);
  for (let k = to - 1; k >= from; k--) {
    const span = ctx.join(ctx.tokenSpan(minuses![k]!), e.span);
    const bare = k === to - 1 && term.children.Number !== undefined && !hasSegments(term.children);
    if (bare && e.kind === "number") {
      e = { kind: "number", id: ctx.id(), span, raw: `-${e.raw}` };
      continue;
    }
    ctx.error(
      "unary_minus",
      "a prefix `-` may only stand before a number literal",
      ctx.tokenSpan(minuses![k]!),
      "Rego has negative number literals (`-1`) but no negation operator: write `0 - x` to negate an expression",
    );
    e = { kind: "unary", id: ctx.id(), span, op: "-", arg: e };
  }
  return e;
}

function stringLit(ctx: LowerContext, value: string, span: Span, rawString = false): StringLit {
  return { kind: "string", id: ctx.id(), span, value, rawString };
}

/**
 * `term ::= ( IDENT | … | parens ) { "." NAME | INDEX_OPEN exprKV "]" | CALL_OPEN [ exprList ] ")" }`:
 * references, calls (`a.b.f(x)`), and refs into call results (`f(x)[0]`).
 * The CST lists the tokens of each kind of segment apart; their offsets give
 * back the order in which they were written.
 */
export function lowerTerm(ctx: LowerContext, node: C.TermCstNode): Expr {
  const c = node.children;
  const nameToken = c.Identifier?.[0] ?? c.containsCall?.[0]?.children.Contains?.[0];
  let current: Expr = nameToken ? variable(ctx, nameToken) : lowerPrimary(ctx, c);
  if (!hasSegments(c)) return current;
  let path: Expr[] = [];
  // While the term is still `name(.name)*` (only those can be called), its name is the variable and the path so far.
  let dotted = nameToken !== undefined;
  let end = 0;
  // The next `.`, `[` and `(` segment, and the next argument list.
  let d = 0;
  let x = 0;
  let k = 0;
  let a = 0;
  for (;;) {
    const dot = c.Dot?.[d]?.startOffset ?? Infinity;
    const index = c.IndexOpen?.[x]?.startOffset ?? Infinity;
    const call = c.CallOpen?.[k];
    if (dot < index && (call === undefined || dot < call.startOffset)) {
      const dotToken = c.Dot![d]!;
      const name = c.Name![d++]!;
      // As OPA's parser: a `.` in a reference touches what it joins (`input. x` and `input .x` are errors).
      if (/\s/.test(ctx.file.text[dot - 1] ?? "") || name.startOffset !== dot + 1) {
        ctx.error(
          "whitespace_in_ref",
          "a `.` in a reference may not have whitespace around it",
          ctx.tokenSpan(dotToken),
          "write the reference without spaces or line breaks around the dot, e.g. `input.request.kind`",
        );
      }
      path.push(stringLit(ctx, name.image, ctx.tokenSpan(name)));
      end = name.startOffset + name.image.length;
    } else if (index < Infinity && (call === undefined || index < call.startOffset)) {
      path.push(lowerExprKV(ctx, c.exprKV![x]!));
      const close = c.RBrack![x++]!;
      end = close.startOffset + close.image.length;
      dotted = false;
    } else if (call !== undefined) {
      const close = c.RParen![k++]!;
      const list = c.exprList?.[a];
      let args: Expr[] = [];
      if (list !== undefined && list.location!.startOffset < close.startOffset) {
        args = lowerExprList(ctx, list);
        a++;
      }
      end = close.startOffset + close.image.length;
      const span = ctx.span(current.span.start, end);
      if (!dotted) {
        ctx.error(
          "bad_call",
          "only a function name can be called",
          ctx.tokenSpan(call),
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
    } else break;
  }
  if (path.length === 0) return current;
  return { kind: "ref", id: ctx.id(), span: ctx.span(current.span.start, end), head: current, path } satisfies Ref;
}

function variable(ctx: LowerContext, t: IToken): Var {
  return { kind: "var", id: ctx.id(), span: ctx.tokenSpan(t), name: t.image };
}

function lowerPrimary(ctx: LowerContext, c: C.TermCstChildren): Expr {
  if (c.array) return lowerArray(ctx, c.array[0]!);
  if (c.braced) return lowerBraced(ctx, c.braced[0]!);
  if (c.parens) return lowerExprKV(ctx, c.parens[0]!.children.exprKV[0]!);
  const t = (c.Number ?? c.String ?? c.RawString ?? c.Template ?? c.True ?? c.False ?? c.Null)![0]! as Token;
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
      return lowerTemplate(ctx, t, span);
  }
}

function lowerTemplate(ctx: LowerContext, t: Token, span: Span): Expr {
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
    const e = ctx.parseFragment(ctx.nested(), p.start, p.end);
    if (e) parts.push(e);
  }
  return { kind: "template", id: ctx.id(), span, parts, rawString: t.image[1] === "`" };
}

/** The head of an array or set comprehension. */
function lowerHead(ctx: LowerContext, comp: C.ComprehensionCstChildren): Expr {
  return lowerSigned(ctx, comp.Minus, 0, comp.Minus?.length ?? 0, comp.head[0]!);
}

function lowerArray(ctx: LowerContext, node: C.ArrayCstNode): Expr {
  const span = ctx.nodeSpan(node);
  const c = node.children;
  if (c.comprehension) {
    const comp = c.comprehension[0]!.children;
    return { kind: "array-compr", id: ctx.id(), span, term: lowerHead(ctx, comp), body: lowerBody(ctx, comp.query[0]!, span, "comprehension") };
  }
  return { kind: "array", id: ctx.id(), span, items: c.exprList ? lowerExprList(ctx, c.exprList[0]!) : [] };
}

function lowerBraced(ctx: LowerContext, node: C.BracedCstNode): Expr {
  const span = ctx.nodeSpan(node);
  const c = node.children;
  if (c.comprehension) {
    const comp = c.comprehension[0]!.children;
    return { kind: "set-compr", id: ctx.id(), span, term: lowerHead(ctx, comp), body: lowerBody(ctx, comp.query[0]!, span, "comprehension") };
  }
  if (c.objectComprehension) {
    const comp = c.objectComprehension[0]!.children;
    return {
      kind: "object-compr",
      id: ctx.id(),
      span,
      key: lowerExpr(ctx, comp.key[0]!),
      value: lowerSigned(ctx, comp.Minus, 0, comp.Minus?.length ?? 0, comp.value[0]!),
      body: lowerBody(ctx, comp.query[0]!, span, "comprehension"),
    };
  }
  const items = c.braceItems?.[0]?.children;
  if (!items) return { kind: "object", id: ctx.id(), span, entries: [] };
  const first = lowerExpr(ctx, items.first[0]!);
  if (items.Colon) {
    const keys = [first, ...(items.key ?? []).map((k) => lowerExpr(ctx, k))];
    const values = items.value!.map((v) => lowerExpr(ctx, v));
    const entries = keys.map(
      (key, i): ObjectEntry => ({ kind: "entry", id: ctx.id(), span: ctx.join(key.span, values[i]!.span), key, value: values[i]! }),
    );
    return { kind: "object", id: ctx.id(), span, entries };
  }
  return { kind: "set", id: ctx.id(), span, items: [first, ...(items.item ?? []).map((e) => lowerExpr(ctx, e))] };
}

/** `exprList ::= expr { "," expr } [ "," ]` */
export function lowerExprList(ctx: LowerContext, node: C.ExprListCstNode): Expr[] {
  return node.children.expr.map((e) => lowerExpr(ctx, e));
}

// ───────────────────────────── bodies ─────────────────────────────

/** A body; `where` names what it belongs to, for the empty-body error. */
export function lowerBody(ctx: LowerContext, node: C.QueryCstNode, span: Span, where: "rule" | "comprehension" | "every" | "else" | "query"): Body {
  const body = (node.children.literal ?? []).map((l) => lowerLiteral(ctx, l));
  if (body.length === 0 && where !== "query") {
    ctx.error(
      "empty_body",
      `empty ${where === "comprehension" ? "comprehension body" : "body"}`,
      span,
      where === "comprehension" ? "write at least one statement after `|`" : "write at least one statement in the braces; a rule with only a value is written `name := value`",
    );
  }
  return body;
}

/** `literal ::= ( someDecl | everyStmt | [ "not" ] exprKV [ ASSIGN exprKV ] ) { withModifier }` */
export function lowerLiteral(ctx: LowerContext, node: C.LiteralCstNode): Stmt {
  const c = node.children;
  const span = ctx.nodeSpan(node);
  const withs = (c.withModifier ?? []).map((w) => lowerWith(ctx, w));
  if (c.someDecl) return lowerSome(ctx, c.someDecl[0]!, span, withs);
  if (c.everyStmt) {
    const e = c.everyStmt[0]!.children;
    const [first, second] = e.Identifier.map((t) => variable(ctx, t));
    const block = e.block[0]!;
    return {
      kind: "every",
      id: ctx.id(),
      span,
      ...(second ? { key: first! } : {}),
      value: second ?? first!,
      domain: lowerBinary(ctx, e.domain[0]!),
      body: lowerBody(ctx, block.children.query[0]!, ctx.nodeSpan(block), "every"),
      with: withs,
    };
  }
  const negated = c.Not !== undefined;
  const left = lowerExprKV(ctx, c.left![0]!);
  const op = c.AssignOp?.[0];
  if (!op) return { kind: "expr", id: ctx.id(), span, expr: left, negated, with: withs };
  const right = lowerExprKV(ctx, c.right![0]!);
  if (op.tokenType === T.ColonEquals) {
    if (negated) {
      ctx.error("bad_not", "`not` cannot negate an assignment `:=`", ctx.tokenSpan(c.Not![0]!), "assign first (`x := …`), then test it on its own line (`not x == …`)");
    }
    return { kind: "assign", id: ctx.id(), span, left, right, with: withs };
  }
  return { kind: "unify", id: ctx.id(), span, left, right, negated, with: withs };
}

function lowerSome(ctx: LowerContext, node: C.SomeDeclCstNode, span: Span, withs: WithModifier[]): Stmt {
  const c = node.children;
  const terms = c.term.map((t) => lowerBinary(ctx, t));
  if (c.collection) {
    if (terms.length > 2) {
      ctx.error("bad_some", "`some … in` takes a value, or a key and a value", terms[2]!.span, "write `some v in xs` or `some k, v in xs`");
    }
    const collection = lowerBinary(ctx, c.collection[0]!);
    const [first, second] = terms;
    return { kind: "some-in", id: ctx.id(), span, ...(second ? { key: first! } : {}), value: second ?? first!, collection, with: withs };
  }
  const vars: Var[] = [];
  for (const t of terms) {
    if (t.kind === "var") vars.push(t);
    else ctx.error("bad_some", "`some` declares variables, found an expression", t.span, "write `some x, y` to declare variables, or `some x in xs` to iterate");
  }
  if (withs.length > 0) ctx.error("bad_with", "`with` cannot modify a `some` declaration", withs[0]!.span, "put `with` on the statement that uses the variables");
  return { kind: "some", id: ctx.id(), span, vars };
}

function lowerWith(ctx: LowerContext, node: C.WithModifierCstNode): WithModifier {
  const c = node.children;
  const target = lowerTerm(ctx, c.target[0]!);
  const value = lowerExpr(ctx, c.value[0]!);
  const span = ctx.nodeSpan(node);
  if (target.kind !== "ref" && target.kind !== "var") {
    ctx.error("bad_with", "`with` replaces `input`, `data` or a function, found an expression", target.span, "write `with input.x as value`, `with data.y as value` or `with f as g`");
    return { kind: "with", id: ctx.id(), span, target: { kind: "var", id: ctx.id(), span: target.span, name: "input" }, value };
  }
  return { kind: "with", id: ctx.id(), span, target, value };
}
