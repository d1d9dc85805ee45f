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
function climb(ctx: LowerContext, operands: readonly Expr[], ops: readonly IToken[] | undefined): Expr {
  if (!ops || ops.length === 0) return operands[0]!;
  const values: Expr[] = [operands[0]!];
  const pending: { op: BinaryOp; token: IToken }[] = [];
  const reduce = (): void => {
    const { op, token } = pending.pop()!;
    const right = values.pop()!;
    const left = values.pop()!;
    values.push({ kind: "binary", id: ctx.id(), span: ctx.join(left.span, right.span), op, opSpan: ctx.tokenSpan(token), left, right });
  };
  ops.forEach((token, i) => {
    const op = BINARY_OPS.get(token.tokenType)!;
    while (pending.length > 0 && PRECEDENCE[pending[pending.length - 1]!.op] >= PRECEDENCE[op]) reduce();
    pending.push({ op, token });
    values.push(operands[i + 1]!);
  });
  while (pending.length > 0) reduce();
  return values[0]!;
}

function membership(ctx: LowerContext, key: Expr | undefined, value: Expr, collection: Expr): Expr {
  const first = key ?? value;
  return { kind: "in", id: ctx.id(), span: ctx.join(first.span, collection.span), ...(key ? { key } : {}), value, collection };
}

/** `exprKV ::= binary [ "," binary "in" binary ] { "in" binary }` */
export function lowerExprKV(ctx: LowerContext, node: C.ExprKVCstNode): Expr {
  const rels = node.children.binary.map((r) => lowerBinary(ctx, r));
  let acc: Expr;
  let i: number;
  if (node.children.Comma) {
    acc = membership(ctx, rels[0], rels[1]!, rels[2]!);
    i = 3;
  } else {
    acc = rels[0]!;
    i = 1;
  }
  for (; i < rels.length; i++) acc = membership(ctx, undefined, acc, rels[i]!);
  return acc;
}

/** `expr ::= binary { "in" binary }` */
export function lowerExpr(ctx: LowerContext, node: C.ExprCstNode): Expr {
  const rels = node.children.binary.map((r) => lowerBinary(ctx, r));
  let acc = rels[0]!;
  for (let i = 1; i < rels.length; i++) acc = membership(ctx, undefined, acc, rels[i]!);
  return acc;
}

/** `binary ::= unary { BINARY_OP unary }`, with Rego's precedence (loosest first): comparisons, `|`, `&`, `+ -`, `* / %`. */
export function lowerBinary(ctx: LowerContext, node: C.BinaryCstNode): Expr {
  return climb(ctx, node.children.unary.map((n) => lowerUnary(ctx, n)), node.children.BinaryOp);
}

/** True when `node` is a bare number literal (not parenthesised, no ref segments). */
function isBareNumber(node: C.UnaryCstNode): boolean {
  const term = node.children.term?.[0];
  return term !== undefined && !term.children.refSegment && term.children.Number !== undefined;
}

/** `unary ::= "-" unary | term`. A minus before a bare number literal makes a negative literal (`-1`). */
export function lowerUnary(ctx: LowerContext, node: C.UnaryCstNode): Expr {
  const minus = node.children.Minus?.[0];
  if (!minus) return lowerTerm(ctx, node.children.term![0]!);
  const inner = node.children.unary![0]!;
  const arg = lowerUnary(ctx, inner);
  const span = ctx.join(ctx.tokenSpan(minus), arg.span);
  if (arg.kind === "number" && !arg.raw.startsWith("-") && isBareNumber(inner)) {
    return { kind: "number", id: ctx.id(), span, raw: `-${arg.raw}` };
  }
  return { kind: "unary", id: ctx.id(), span, op: "-", arg };
}

function stringLit(ctx: LowerContext, value: string, span: Span, rawString = false): StringLit {
  return { kind: "string", id: ctx.id(), span, value, rawString };
}

/** `term ::= ( IDENT | … | parens ) { refSegment }`: references, calls (`a.b.f(x)`), and refs into call results (`f(x)[0]`). */
export function lowerTerm(ctx: LowerContext, node: C.TermCstNode): Expr {
  const c = node.children;
  const nameToken = c.Identifier?.[0] ?? c.Contains?.[0];
  let current: Expr = nameToken ? variable(ctx, nameToken) : lowerPrimary(ctx, c);
  let path: Expr[] = [];
  // The dotted name written so far, while the term is still `name(.name)*` (only those can be called).
  let dotted: IToken[] | undefined = nameToken ? [nameToken] : undefined;
  let end = current.span;
  for (const seg of c.refSegment ?? []) {
    const sc = seg.children;
    const segSpan = ctx.nodeSpan(seg);
    if (sc.Name) {
      const name = sc.Name[0]!;
      path.push(stringLit(ctx, name.image, ctx.tokenSpan(name)));
      dotted?.push(name);
    } else if (sc.exprKV) {
      path.push(lowerExprKV(ctx, sc.exprKV[0]!));
      dotted = undefined;
    } else {
      const args = sc.exprList ? lowerExprList(ctx, sc.exprList[0]!) : [];
      const span = ctx.join(current.span, segSpan);
      if (!dotted) {
        ctx.error(
          "bad_call",
          "only a function name can be called",
          ctx.tokenSpan(sc.CallOpen![0]!),
          "call a function by its (dotted) name, e.g. `count(x)` or `data.lib.f(x)`; to index, use `[…]`",
        );
        dotted = undefined;
        path = [];
        current = { kind: "call", id: ctx.id(), span, name: "<invalid>", nameSpan: span, args };
      } else {
        const name = dotted.map((t) => t.image).join(".");
        const nameSpan = ctx.join(ctx.tokenSpan(dotted[0]!), ctx.tokenSpan(dotted[dotted.length - 1]!));
        current =
          name === "set" && args.length === 0
            ? { kind: "set", id: ctx.id(), span, items: [] }
            : ({ kind: "call", id: ctx.id(), span, name, nameSpan, args } satisfies Call);
        path = [];
        dotted = undefined;
      }
    }
    end = segSpan;
  }
  if (path.length === 0) return current;
  return { kind: "ref", id: ctx.id(), span: ctx.join(current.span, end), head: current, path } satisfies Ref;
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

function lowerArray(ctx: LowerContext, node: C.ArrayCstNode): Expr {
  const span = ctx.nodeSpan(node);
  const c = node.children;
  if (c.comprehension) {
    const comp = c.comprehension[0]!.children;
    return { kind: "array-compr", id: ctx.id(), span, term: lowerUnary(ctx, comp.head[0]!), body: lowerBody(ctx, comp.query[0]!, span, "comprehension") };
  }
  return { kind: "array", id: ctx.id(), span, items: c.exprList ? lowerExprList(ctx, c.exprList[0]!) : [] };
}

function lowerBraced(ctx: LowerContext, node: C.BracedCstNode): Expr {
  const span = ctx.nodeSpan(node);
  const c = node.children;
  if (c.comprehension) {
    const comp = c.comprehension[0]!.children;
    return { kind: "set-compr", id: ctx.id(), span, term: lowerUnary(ctx, comp.head[0]!), body: lowerBody(ctx, comp.query[0]!, span, "comprehension") };
  }
  if (c.objectComprehension) {
    const comp = c.objectComprehension[0]!.children;
    return {
      kind: "object-compr",
      id: ctx.id(),
      span,
      key: lowerExpr(ctx, comp.key[0]!),
      value: lowerUnary(ctx, comp.value[0]!),
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

/** `literal ::= ( someDecl | everyStmt | exprStmt ) { withModifier }` */
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
  const s = c.exprStmt![0]!.children;
  const negated = s.Not !== undefined;
  const left = lowerExprKV(ctx, s.left[0]!);
  const op = s.AssignOp?.[0];
  if (!op) return { kind: "expr", id: ctx.id(), span, expr: left, negated, with: withs };
  const right = lowerExprKV(ctx, s.right![0]!);
  if (op.tokenType === T.ColonEquals) {
    if (negated) {
      ctx.error("bad_not", "`not` cannot negate an assignment `:=`", ctx.tokenSpan(s.Not![0]!), "assign first (`x := …`), then test it on its own line (`not x == …`)");
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
