/**
 * CST → AST lowering of modules: package, imports and rules. This is where v0
 * and v1 differ in meaning (not in syntax): in v0 `p[x] { … }` defines a
 * partial set, in v1 `p[x] if { … }` a single value at `p[x]`.
 */
import type { CstNode, IToken } from "chevrotain";
import type { Body, Comment, ElseClause, Expr, Import, Module, PackageDecl, Rule, RuleHead } from "../ast/nodes.js";
import type * as C from "./cst-types.js";
import type { Token } from "./lex.js";
import type { LowerContext } from "./lower-context.js";
import { lowerBody, lowerExprKV, lowerExpr, lowerExprList, lowerLiteral } from "./lower-expr.js";
import * as T from "./tokens.js";

const IMPORT_ROOTS = new Set(["data", "input", "future", "rego"]);
const FUTURE_KEYWORDS = new Set(["if", "contains", "in", "every"]);

/**
 * Lowers a module from its top-level CST nodes: the package, then imports and
 * rules. `sink` takes them as the parser finishes each (so a rule's CST can be
 * dropped as soon as it is lowered); `lowerAll` takes a whole CST. Ids are
 * given in the order package, imports, rules, module: `inOrder` turns false
 * when an import came after a rule, which only `lowerAll` can number so.
 */
export class ModuleLowering {
  private pkg: PackageDecl | undefined;
  private readonly imports: Import[] = [];
  private readonly rules: Rule[] = [];
  /** False when an import followed a rule (the result is then not to be used). */
  inOrder = true;

  constructor(private readonly ctx: LowerContext) {}

  /** Lower one top-level node: the package, an import or a rule. */
  readonly sink = (node: CstNode): void => {
    switch (node.name) {
      case "packageDecl":
        this.pkg = lowerPackage(this.ctx, node as C.PackageDeclCstNode);
        return;
      case "importDecl":
        if (this.rules.length > 0) this.inOrder = false;
        else this.imports.push(lowerImport(this.ctx, node as C.ImportDeclCstNode));
        return;
      default:
        if (this.inOrder) for (const r of lowerRule(this.ctx, node as C.RuleCstNode)) this.rules.push(r);
    }
  };

  /** Lower the package, imports and rules of a whole module CST. */
  lowerAll(node: C.ModuleCstNode): void {
    const c = node.children;
    this.sink(c.packageDecl[0]!);
    for (const i of c.importDecl ?? []) this.sink(i);
    for (const r of c.rule ?? []) this.sink(r);
  }

  /** The module, once every top-level node is lowered. */
  finish(comments: readonly IToken[]): Module {
    const ctx = this.ctx;
    const lowered: Comment[] = comments.map((t) => ({ text: t.image.slice(1), span: ctx.tokenSpan(t) }));
    return {
      kind: "module",
      id: ctx.id(),
      span: ctx.span(0, ctx.file.text.length),
      file: ctx.file.name,
      regoVersion: ctx.regoVersion,
      // INVARIANT: a module CST without errors has its package.
      package: this.pkg!,
      imports: this.imports,
      rules: this.rules,
      comments: lowered,
    };
  }
}

function lowerPath(node: C.PathCstNode): string[] {
  const c = node.children;
  const out = [c.Identifier[0]!.image];
  for (const seg of c.pathSegment ?? []) {
    const s = seg.children;
    out.push(s.Name ? s.Name[0]!.image : ((s.String![0]! as Token).decoded ?? ""));
  }
  return out;
}

function lowerPackage(ctx: LowerContext, node: C.PackageDeclCstNode): PackageDecl {
  return { kind: "package", id: ctx.id(), span: ctx.nodeSpan(node), path: lowerPath(node.children.path[0]!) };
}

function lowerImport(ctx: LowerContext, node: C.ImportDeclCstNode): Import {
  const c = node.children;
  const span = ctx.nodeSpan(node);
  const path = lowerPath(c.path[0]!);
  const alias = c.alias?.[0]?.image;
  const pathSpan = ctx.nodeSpan(c.path[0]!);
  const shown = `\`${path.join(".")}\``;
  if (!IMPORT_ROOTS.has(path[0]!)) {
    ctx.error("bad_import", `cannot import ${shown}`, pathSpan, "imports start with `data.` or `input.` (or are `rego.v1` / `future.keywords`)");
  } else if (path[0] === "rego" && (path.length !== 2 || path[1] !== "v1")) {
    ctx.error("bad_import", `unknown import ${shown}`, pathSpan, "the only `rego` import is `import rego.v1`");
  } else if (path[0] === "future" && (path[1] !== "keywords" || path.length > 3 || (path.length === 3 && !FUTURE_KEYWORDS.has(path[2]!)))) {
    ctx.error("bad_import", `unknown import ${shown}`, pathSpan, "future keywords are `future.keywords` or `future.keywords.if` / `.contains` / `.in` / `.every`");
  } else if (alias !== undefined && (path[0] === "rego" || path[0] === "future")) {
    ctx.error("bad_import", `${shown} cannot have an alias`, ctx.tokenSpan(c.alias![0]!), "remove `as …`");
  }
  return { kind: "import", id: ctx.id(), span, path, ...(alias !== undefined ? { alias } : {}) };
}

/** A lowered head, plus whether its last path segment was written in brackets (v0's partial-set form). */
interface HeadParts {
  readonly head: RuleHead;
  readonly lastIsBracket: boolean;
}

function lowerHead(ctx: LowerContext, node: C.RuleHeadCstNode): HeadParts {
  const c = node.children;
  const nameToken = c.Identifier[0]!;
  const path: Expr[] = [];
  let lastIsBracket = false;
  for (const seg of c.headSegment ?? []) {
    const s = seg.children;
    if (s.Name) {
      const t = s.Name[0]!;
      path.push({ kind: "string", id: ctx.id(), span: ctx.tokenSpan(t), value: t.image, rawString: false });
      lastIsBracket = false;
    } else {
      path.push(lowerExprKV(ctx, s.exprKV![0]!));
      lastIsBracket = true;
    }
  }
  const args = c.LParen ? (c.args ? lowerExprList(ctx, c.args[0]!) : []) : undefined;
  const contains = c.element ? lowerExpr(ctx, c.element[0]!) : undefined;
  const value = c.value ? lowerExprKV(ctx, c.value[0]!) : undefined;
  const assign = c.AssignOp ? (c.AssignOp[0]!.tokenType === T.ColonEquals ? ":=" : "=") : undefined;
  if (args && contains) {
    ctx.error("bad_rule_head", `function \`${nameToken.image}\` cannot use \`contains\``, ctx.tokenSpan(c.Contains![0]!), "a function returns one value: write `f(x) := value if { … }`");
  }
  const head: RuleHead = {
    kind: "head",
    id: ctx.id(),
    span: ctx.nodeSpan(node),
    name: nameToken.image,
    nameSpan: ctx.tokenSpan(nameToken),
    path,
    ...(args ? { args } : {}),
    ...(contains ? { contains } : {}),
    ...(value ? { value } : {}),
    ...(assign ? { assign } : {}),
  };
  return { head, lastIsBracket };
}

/** v0 reads `p[x] { … }` (no value, last segment in brackets) as a partial set containing `x`. */
function asV0PartialSet(parts: HeadParts): RuleHead {
  const h = parts.head;
  if (h.args || h.contains || h.value || !parts.lastIsBracket) return h;
  return { ...h, path: h.path.slice(0, -1), contains: h.path[h.path.length - 1]! };
}

function conditionBody(ctx: LowerContext, node: C.ConditionBodyCstNode, where: "rule" | "else"): Body {
  const c = node.children;
  if (c.literal) return [lowerLiteral(ctx, c.literal[0]!)];
  const block = c.block![0]!;
  return lowerBody(ctx, block.children.query[0]!, ctx.nodeSpan(block), where);
}

function lowerRule(ctx: LowerContext, node: C.RuleCstNode): Rule[] {
  const c = node.children;
  const span = ctx.nodeSpan(node);
  const headNode = c.ruleHead![0]!;
  const read = (): RuleHead => {
    const parts = lowerHead(ctx, headNode);
    return ctx.regoVersion === 0 ? asV0PartialSet(parts) : parts.head;
  };
  if (c.Default) {
    const head = lowerHead(ctx, headNode).head;
    if (!head.value) {
      ctx.error("bad_default", `default rule \`${head.name}\` needs a value`, head.span, `write \`default ${head.name} := false\` (or another value)`);
    } else if (head.contains) {
      ctx.error("bad_default", "a default rule cannot use `contains`", head.span, "partial sets are empty by default; remove the default rule");
    }
    return [{ kind: "rule", id: ctx.id(), span, isDefault: true, head, body: [], elses: [] }];
  }
  const bodies: Body[] = [];
  const b = c.ruleBodies?.[0]?.children;
  if (b?.conditionBody) bodies.push(conditionBody(ctx, b.conditionBody[0]!, "rule"));
  for (const block of b?.block ?? []) bodies.push(lowerBody(ctx, block.children.query[0]!, ctx.nodeSpan(block), "rule"));
  const elses = (c.elseClause ?? []).map((e) => lowerElse(ctx, e));
  const first = read();
  if (bodies.length === 0 && !first.value && !first.contains) {
    ctx.error(
      "missing_body",
      `rule \`${first.name}\` has neither a value nor a body`,
      first.span,
      `write \`${first.name} := value\`, or \`${first.name} if { … }\` for a rule that holds when its body does`,
    );
  }
  if (bodies.length === 0) return [{ kind: "rule", id: ctx.id(), span, isDefault: false, head: first, body: [], elses }];
  // v0 chains bodies (`p { a } { b }`): each is a separate definition with the same head.
  return bodies.map((body, i) => ({
    kind: "rule",
    id: ctx.id(),
    span,
    isDefault: false,
    head: i === 0 ? first : read(),
    body,
    elses: i === bodies.length - 1 ? elses : [],
  }));
}

function lowerElse(ctx: LowerContext, node: C.ElseClauseCstNode): ElseClause {
  const c = node.children;
  const span = ctx.nodeSpan(node);
  const value = c.value ? lowerExprKV(ctx, c.value[0]!) : undefined;
  const assign = c.AssignOp ? (c.AssignOp[0]!.tokenType === T.ColonEquals ? ":=" : "=") : undefined;
  let body: Body = [];
  if (c.conditionBody) body = conditionBody(ctx, c.conditionBody[0]!, "else");
  else if (c.block) body = lowerBody(ctx, c.block[0]!.children.query[0]!, ctx.nodeSpan(c.block[0]!), "else");
  if (!value && body.length === 0 && !c.block && !c.conditionBody) {
    ctx.error("missing_body", "`else` needs a value or a body", span, "write `else := value`, or `else := value if { … }`");
  }
  return { kind: "else", id: ctx.id(), span, ...(value ? { value } : {}), ...(assign ? { assign } : {}), body };
}
