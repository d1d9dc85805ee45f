/**
 * Building statements, rules and modules from what the parser recognised.
 * This is where v0 and v1 differ in meaning (not in syntax): in v0
 * `p[x] { … }` defines a partial set, in v1 `p[x] if { … }` a single value at
 * `p[x]`.
 */
import type { IToken } from "chevrotain";
import type { Body, Comment, ElseClause, Expr, Import, Module, PackageDecl, Rule, RuleHead, Stmt, Var, WithModifier } from "../ast/nodes.js";
import type { Diagnostic } from "../source/diagnostic.js";
import type { Span } from "../source/span.js";
import { unreachable } from "../source/unreachable.js";
import type { BuildContext } from "./build-context.js";
import { variable } from "./build-expr.js";
import * as T from "./tokens.js";

const IMPORT_ROOTS = new Set(["data", "input", "future", "rego"]);
const FUTURE_KEYWORDS = new Set(["if", "contains", "in", "every"]);

/** The statement part of a `literal`, before its `with` modifiers. */
export type StmtParts =
  | { readonly kind: "some"; readonly terms: readonly Expr[]; readonly collection: Expr | undefined }
  | { readonly kind: "every"; readonly first: IToken; readonly second: IToken | undefined; readonly domain: Expr; readonly body: Body }
  | { readonly kind: "expr"; readonly not: IToken | undefined; readonly left: Expr; readonly assign: readonly [IToken, Expr] | undefined };

/** A rule head, plus whether its last path segment was written in brackets (v0's partial-set form). */
export interface HeadParts {
  readonly head: RuleHead;
  readonly lastIsBracket: boolean;
}

/** The package, then imports and the rules of each rule definition, in source order. */
export interface ModuleParts {
  readonly pkg: PackageDecl;
  readonly items: readonly (Import | Rule[])[];
}

function assignOp(t: IToken | undefined): ":=" | "=" | undefined {
  return t ? (t.tokenType === T.ColonEquals ? ":=" : "=") : undefined;
}

/** `packageDecl ::= "package" path` */
export function packageDecl(ctx: BuildContext, keyword: IToken, path: string[], last: IToken): PackageDecl {
  return { kind: "package", id: ctx.id(), span: ctx.between(keyword, last), path };
}

/** `importDecl ::= "import" path [ "as" IDENT ]`; `pathFirst`/`pathLast` are the first and last tokens of the path. */
export function importDecl(ctx: BuildContext, keyword: IToken, path: string[], pathFirst: IToken, pathLast: IToken, alias: IToken | undefined, last: IToken): Import {
  const span = ctx.between(keyword, last);
  const pathSpan = ctx.between(pathFirst, pathLast);
  const shown = `\`${path.join(".")}\``;
  if (!IMPORT_ROOTS.has(path[0]!)) {
    ctx.error("bad_import", `cannot import ${shown}`, pathSpan, "imports start with `data.` or `input.` (or are `rego.v1` / `future.keywords`)");
  } else if (path[0] === "rego" && (path.length !== 2 || path[1] !== "v1")) {
    ctx.error("bad_import", `unknown import ${shown}`, pathSpan, "the only `rego` import is `import rego.v1`");
  } else if (path[0] === "future" && (path[1] !== "keywords" || path.length > 3 || (path.length === 3 && !FUTURE_KEYWORDS.has(path[2]!)))) {
    ctx.error("bad_import", `unknown import ${shown}`, pathSpan, "future keywords are `future.keywords` or `future.keywords.if` / `.contains` / `.in` / `.every`");
  } else if (alias !== undefined && (path[0] === "rego" || path[0] === "future")) {
    ctx.error("bad_import", `${shown} cannot have an alias`, ctx.tokenSpan(alias), "remove `as …`");
  }
  return { kind: "import", id: ctx.id(), span, path, ...(alias !== undefined ? { alias: alias.image } : {}) };
}

/** `ruleHead ::= IDENT { headSegment } [ "(" [ exprList ] ")" ] [ "contains" expr | ASSIGN exprKV ]` */
export function ruleHead(
  ctx: BuildContext,
  nameToken: IToken,
  path: Expr[],
  lastIsBracket: boolean,
  args: Expr[] | undefined,
  contains: readonly [IToken, Expr] | undefined,
  assign: readonly [IToken, Expr] | undefined,
  last: IToken,
): HeadParts {
  if (args && contains) {
    ctx.error("bad_rule_head", `function \`${nameToken.image}\` cannot use \`contains\``, ctx.tokenSpan(contains[0]), "a function returns one value: write `f(x) := value if { … }`");
  }
  const op = assignOp(assign?.[0]);
  const head: RuleHead = {
    kind: "head",
    id: ctx.id(),
    span: ctx.between(nameToken, last),
    name: nameToken.image,
    nameSpan: ctx.tokenSpan(nameToken),
    path,
    ...(args ? { args } : {}),
    ...(contains ? { contains: contains[1] } : {}),
    ...(assign ? { value: assign[1] } : {}),
    ...(op ? { assign: op } : {}),
  };
  return { head, lastIsBracket };
}

/**
 * v0 reads `p[x] { … }` (no value, one segment, in brackets) as a partial set
 * containing `x`. A longer head (`a.b[x] { … }`) is a single-value rule whose
 * value is `true`, as OPA's parser reads it: only a ref like `p[x]` keeps the
 * old meaning.
 */
function asV0PartialSet(parts: HeadParts): RuleHead {
  const h = parts.head;
  if (h.args || h.contains || h.value || !parts.lastIsBracket || h.path.length !== 1) return h;
  return { ...h, path: h.path.slice(0, -1), contains: h.path[h.path.length - 1]! };
}

/** `rule ::= "default" ruleHead`, from its first token to its last. */
export function defaultRule(ctx: BuildContext, parts: HeadParts, first: IToken, last: IToken): Rule[] {
  const head = parts.head;
  if (!head.value) {
    ctx.error("bad_default", `default rule \`${head.name}\` needs a value`, head.span, `write \`default ${head.name} := false\` (or another value)`);
  } else if (head.contains) {
    ctx.error("bad_default", "a default rule cannot use `contains`", head.span, "partial sets are empty by default; remove the default rule");
  }
  return [{ kind: "rule", id: ctx.id(), span: ctx.between(first, last), isDefault: true, head, body: [], elses: [] }];
}

/**
 * `rule ::= ruleHead [ ruleBodies ] { elseClause }`. v0 chains bodies
 * (`p { a } { b }`): each is a separate definition with a copy of the head,
 * and the head's diagnostics (`headDiagnostics`) are reported once for each,
 * as if the head had been written before every body.
 */
export function rule(ctx: BuildContext, parts: HeadParts, headDiagnostics: readonly Diagnostic[], bodies: readonly Body[], elses: ElseClause[], first: IToken, last: IToken): Rule[] {
  const span = ctx.between(first, last);
  const head = ctx.regoVersion === 0 ? asV0PartialSet(parts) : parts.head;
  // A function head alone (`accept("RunAsAny", _)`, as in the Gatekeeper
  // library) is valid in OPA: value `true`, body `true`. A bare `p` is not.
  if (bodies.length === 0 && !head.value && !head.contains && !head.args) {
    ctx.error(
      "missing_body",
      `rule \`${head.name}\` has neither a value nor a body`,
      head.span,
      `write \`${head.name} := value\`, or \`${head.name} if { … }\` for a rule that holds when its body does`,
    );
  }
  if (bodies.length === 0) return [{ kind: "rule", id: ctx.id(), span, isDefault: false, head, body: [], elses }];
  return bodies.map((body, i): Rule => {
    if (i > 0) ctx.diagnostics.push(...headDiagnostics);
    return { kind: "rule", id: ctx.id(), span, isDefault: false, head: i === 0 ? head : renew(ctx, head), body, elses: i === bodies.length - 1 ? elses : [] };
  });
}

/** A deep copy of `node` with fresh ids (spans are shared: they are never changed). */
function renew<T>(ctx: BuildContext, node: T): T {
  if (Array.isArray(node)) return node.map((n: unknown) => renew(ctx, n)) as T;
  if (node === null || typeof node !== "object" || !("kind" in node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === "id" ? ctx.id() : renew(ctx, v);
  return out as T;
}

/** `elseClause ::= "else" [ ASSIGN exprKV ] [ "if" conditionBody | block ]` */
export function elseClause(ctx: BuildContext, keyword: IToken, assign: readonly [IToken, Expr] | undefined, body: Body | undefined, last: IToken): ElseClause {
  const span = ctx.between(keyword, last);
  const op = assignOp(assign?.[0]);
  if (!assign && body === undefined) {
    ctx.error("missing_body", "`else` needs a value or a body", span, "write `else := value`, or `else := value if { … }`");
  }
  return { kind: "else", id: ctx.id(), span, ...(assign ? { value: assign[1] } : {}), ...(op ? { assign: op } : {}), body: body ?? [] };
}

/** `block ::= "{" query "}"`: the statements of a body; an empty one is an error. */
export function block(ctx: BuildContext, open: IToken, stmts: Stmt[], close: IToken): Body {
  if (stmts.length === 0) {
    ctx.error("empty_body", "empty body", ctx.between(open, close), "write at least one statement in the braces; a rule with only a value is written `name := value`");
  }
  return stmts;
}

/** `literal ::= ( someDecl | everyStmt | [ "not" ] exprKV [ ASSIGN exprKV ] ) { withModifier }`, from its first token to its last. */
export function literal(ctx: BuildContext, parts: StmtParts, withs: WithModifier[], first: IToken, last: IToken): Stmt {
  const span = ctx.between(first, last);
  switch (parts.kind) {
    case "some":
      return someDecl(ctx, parts.terms, parts.collection, span, withs);
    case "every": {
      const a = variable(ctx, parts.first);
      const b = parts.second ? variable(ctx, parts.second) : undefined;
      return { kind: "every", id: ctx.id(), span, ...(b ? { key: a } : {}), value: b ?? a, domain: parts.domain, body: parts.body, with: withs };
    }
    case "expr": {
      const negated = parts.not !== undefined;
      if (!parts.assign) return { kind: "expr", id: ctx.id(), span, expr: parts.left, negated, with: withs };
      const [op, right] = parts.assign;
      if (op.tokenType === T.ColonEquals) {
        if (parts.not) {
          ctx.error("bad_not", "`not` cannot negate an assignment `:=`", ctx.tokenSpan(parts.not), "assign first (`x := …`), then test it on its own line (`not x == …`)");
        }
        return { kind: "assign", id: ctx.id(), span, left: parts.left, right, with: withs };
      }
      return { kind: "unify", id: ctx.id(), span, left: parts.left, right, negated, with: withs };
    }
    default:
      return unreachable(parts, "statement");
  }
}

function someDecl(ctx: BuildContext, terms: readonly Expr[], collection: Expr | undefined, span: Span, withs: WithModifier[]): Stmt {
  if (collection) {
    if (terms.length > 2) {
      ctx.error("bad_some", "`some … in` takes a value, or a key and a value", terms[2]!.span, "write `some v in xs` or `some k, v in xs`");
    }
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

/** `withModifier ::= "with" term "as" expr` */
export function withModifier(ctx: BuildContext, keyword: IToken, target: Expr, value: Expr, last: IToken): WithModifier {
  const span = ctx.between(keyword, last);
  if (target.kind !== "ref" && target.kind !== "var") {
    ctx.error("bad_with", "`with` replaces `input`, `data` or a function, found an expression", target.span, "write `with input.x as value`, `with data.y as value` or `with f as g`");
    return { kind: "with", id: ctx.id(), span, target: { kind: "var", id: ctx.id(), span: target.span, name: "input" }, value };
  }
  return { kind: "with", id: ctx.id(), span, target, value };
}

/** The module, from its parts and the comments the lexer set aside. */
export function moduleNode(ctx: BuildContext, parts: ModuleParts, comments: readonly IToken[]): Module {
  const imports: Import[] = [];
  const rules: Rule[] = [];
  for (const item of parts.items) {
    if (Array.isArray(item)) for (const r of item) rules.push(r);
    else imports.push(item as Import);
  }
  const lowered: Comment[] = comments.map((t) => ({ text: t.image.slice(1), span: ctx.tokenSpan(t) }));
  return {
    kind: "module",
    id: ctx.id(),
    span: ctx.span(0, ctx.file.text.length),
    file: ctx.file.name,
    regoVersion: ctx.regoVersion,
    package: parts.pkg,
    imports,
    rules,
    comments: lowered,
  };
}
