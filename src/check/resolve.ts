/**
 * Name resolution: gives every local variable a slot, resolves every other
 * name to `input`, `data` or a rule (through imports and the package), every
 * call to a built-in or a function, every operator to its built-in, and
 * every `with` target. Reports v1's declaration rules (`:=` twice, shadowing),
 * unknown functions, wrong arity and calls of non-deterministic built-ins.
 */
import type { Body, Call, Expr, Rule, Stmt, Var, WithModifier } from "../ast/nodes.js";
import { lookupBuiltin, suggestBuiltin } from "../builtins/registry.js";
import { boundMetadata, isMetadataBuiltin, regoMetadataRule } from "../builtins/rego-metadata.js";
import type { BuiltinDef } from "../builtins/types.js";
import { UNSUPPORTED_OPA_BUILTINS } from "../builtins/unsupported.js";
import { diagnostic, type Diagnostic } from "../source/diagnostic.js";
import type { Span } from "../source/span.js";
import { unreachable } from "../source/unreachable.js";
import type { RuleMetadata } from "./annotations.js";
import { lookupGlobal, type Globals } from "./globals.js";
import { OPERATOR_BUILTINS, UNARY_MINUS_BUILTIN } from "./operators.js";
import type { Analysis, CallTarget, RuleNode } from "./program.js";
import { findNode } from "./rule-tree.js";
import { candidateNames, FrameAllocator, Scope } from "./scope.js";

/** What the resolver needs besides the node it resolves. */
export interface ResolveEnv {
  readonly root: RuleNode;
  readonly analysis: Analysis;
  readonly diags: Diagnostic[];
  /** Dotted names of every user function (`data.`-less), for "did you mean" (asked for only then). */
  readonly functionNames: () => readonly string[];
  /** The values of `rego.metadata.rule()` / `rego.metadata.chain()` in a rule (absent for queries). */
  readonly metadata?: (rule: Rule) => RuleMetadata;
}

/** A scope that holds function arguments (its child scopes may not redeclare them with `:=`). */
class ArgsScope extends Scope {}

/** Resolves the names of one rule or query against one module's globals. */
export class Resolver {
  private frame = new FrameAllocator();
  /** The call that is a whole expression statement: only it may take an extra argument that binds its result. */
  private topCall: Call | undefined;
  /** The rule being resolved, for `rego.metadata.*` (undefined for a query). */
  private rule: Rule | undefined;

  constructor(
    private readonly env: ResolveEnv,
    private readonly globals: Globals,
  ) {}

  /**
   * Resolve a rule definition; returns its frame size, and whether its
   * bodies or head terms hold a closure or an `every` (else the safety check
   * has no closure bodies to look for).
   */
  resolveRule(rule: Rule): { frameSize: number; closures: boolean } {
    this.rule = rule;
    this.frame = new FrameAllocator();
    const args = new ArgsScope(undefined, this.frame, undefined, new Set());
    for (const a of rule.head.args ?? []) this.declarePattern(a, args, "arg");
    const isGlobal = (n: string) => this.isGlobal(n);
    const closures = { found: false };
    const headExprs = [...rule.head.path, ...(rule.head.contains ? [rule.head.contains] : []), ...(rule.head.value ? [rule.head.value] : [])];
    const main = new Scope(args, this.frame, undefined, candidateNames(rule.body, headExprs, isGlobal, closures));
    this.resolveBody(rule.body, main);
    for (const e of headExprs) this.resolveExpr(e, main);
    for (const el of rule.elses) {
      const scope = new Scope(args, this.frame, undefined, candidateNames(el.body, el.value ? [el.value] : [], isGlobal, closures));
      this.resolveBody(el.body, scope);
      if (el.value) this.resolveExpr(el.value, scope);
    }
    return { frameSize: this.frame.size, closures: closures.found };
  }

  /** Resolve a query; returns its frame size and its named variables. */
  resolveQuery(body: Body): { frameSize: number; vars: { name: string; slot: number }[] } {
    this.frame = new FrameAllocator();
    const scope = new Scope(undefined, this.frame, undefined, candidateNames(body, [], (n) => this.isGlobal(n)));
    this.resolveBody(body, scope);
    const vars: { name: string; slot: number }[] = [];
    for (const [name, slot] of scope.vars) if (!name.startsWith("$")) vars.push({ name, slot });
    vars.sort((a, b) => a.slot - b.slot);
    return { frameSize: this.frame.size, vars };
  }

  private isGlobal(name: string): boolean {
    return lookupGlobal(this.globals, name) !== undefined;
  }

  private resolveBody(body: Body, scope: Scope): void {
    for (const s of body) this.resolveStmt(s, scope);
  }

  private resolveStmt(s: Stmt, scope: Scope): void {
    switch (s.kind) {
      case "expr":
        this.topCall = s.expr.kind === "call" ? s.expr : undefined;
        this.resolveExpr(s.expr, scope);
        this.topCall = undefined;
        this.resolveWith(s.with, scope);
        return;
      case "unify":
        this.resolveExpr(s.left, scope);
        this.resolveExpr(s.right, scope);
        this.resolveWith(s.with, scope);
        return;
      case "assign":
        this.resolveExpr(s.right, scope);
        this.declarePattern(s.left, scope, "assign");
        this.resolveWith(s.with, scope);
        return;
      case "some":
        for (const v of s.vars) this.declareVar(v, scope, "some");
        return;
      case "some-in":
        this.resolveExpr(s.collection, scope);
        if (s.key) this.declarePattern(s.key, scope, "some");
        this.declarePattern(s.value, scope, "some");
        this.resolveWith(s.with, scope);
        return;
      case "every": {
        this.resolveExpr(s.domain, scope);
        const inner = new Scope(scope, this.frame, s.id, candidateNames(s.body, [], (n) => this.isGlobal(n)));
        if (s.key) this.declareVar(s.key, inner, "some");
        this.declareVar(s.value, inner, "some");
        this.resolveBody(s.body, inner);
        this.env.analysis.captured.set(s.id, inner.captured);
        this.resolveWith(s.with, scope);
        return;
      }
      default:
        unreachable(s, "statement");
    }
  }

  /** Declare the variables of a pattern (`[a, {"k": b}] := …`, `some k, v in …`, function arguments). */
  private declarePattern(e: Expr, scope: Scope, how: "assign" | "some" | "arg"): void {
    switch (e.kind) {
      case "var":
        this.declareVar(e, scope, how);
        return;
      case "array":
        for (const x of e.items) this.declarePattern(x, scope, how);
        return;
      case "object":
        for (const en of e.entries) {
          this.resolveExpr(en.key, scope);
          this.declarePattern(en.value, scope, how);
        }
        return;
      default:
        this.resolveExpr(e, scope);
    }
  }

  private declareVar(v: Var, scope: Scope, how: "assign" | "some" | "arg"): void {
    const { analysis, diags } = this.env;
    if (v.name === "_") {
      analysis.names.set(v.id, { kind: "local", slot: scope.add("_") });
      return;
    }
    if ((v.name === "input" || v.name === "data") && this.globals.regoVersion === 1) {
      diags.push(diagnostic("var_shadows", `var \`${v.name}\` must not shadow the root document \`${v.name}\``, v.span, "use another name for the variable"));
    } else if (how !== "arg" && this.globals.imports.has(v.name)) {
      diags.push(diagnostic("var_shadows", `var \`${v.name}\` must not shadow the import \`${v.name}\``, v.span, "use another name for the variable"));
    }
    const inArgs = scope.parent instanceof ArgsScope && scope.parent.vars.has(v.name);
    const existing = scope.vars.get(v.name);
    // A variable repeated in a function's arguments is one variable: `f(x, x)` holds when both arguments are
    // equal (OPA's compiler maps every occurrence to the same generated arg var, `ruleArgLocalRewriter`).
    if (how === "arg" && existing !== undefined) {
      analysis.names.set(v.id, { kind: "local", slot: existing });
      return;
    }
    if (existing !== undefined || inArgs) {
      const wasDeclared = inArgs || scope.declared.has(v.name);
      diags.push(
        diagnostic(
          "var_redeclared",
          `var \`${v.name}\` ${wasDeclared ? (how === "some" ? "declared" : "assigned") : "referenced"} above`,
          v.span,
          `\`${v.name}\` already exists in this body: use another name, or \`=\` to compare with it`,
        ),
      );
      analysis.names.set(v.id, { kind: "local", slot: existing ?? scope.lookup(v.name)! });
      return;
    }
    scope.declared.add(v.name);
    analysis.names.set(v.id, { kind: "local", slot: scope.add(v.name) });
  }

  private resolveVar(v: Var, scope: Scope): void {
    const { analysis } = this.env;
    if (v.name === "_") {
      analysis.names.set(v.id, { kind: "local", slot: scope.add("_") });
      return;
    }
    const slot = scope.lookup(v.name);
    if (slot !== undefined) {
      analysis.names.set(v.id, { kind: "local", slot });
      return;
    }
    const g = lookupGlobal(this.globals, v.name);
    if (g) {
      analysis.names.set(v.id, g);
      if (g.kind !== "local") analysis.refs.set(v.id, { root: g.kind, prefix: g.path, rest: [] });
      return;
    }
    analysis.names.set(v.id, { kind: "local", slot: scope.add(v.name) });
  }

  private resolveExpr(e: Expr, scope: Scope): void {
    const { analysis } = this.env;
    switch (e.kind) {
      case "null":
      case "bool":
      case "number":
      case "string":
        return;
      case "var":
        this.resolveVar(e, scope);
        return;
      case "ref": {
        if (e.head.kind === "var") {
          this.resolveVar(e.head, scope);
          // The ref as a whole is what is read, not its head alone (recursion checks rely on it).
          analysis.refs.delete(e.head.id);
          const t = analysis.names.get(e.head.id)!;
          if (t.kind === "local") analysis.refs.set(e.id, { root: "local", slot: t.slot, prefix: [], rest: e.path });
          else {
            const prefix = [...t.path];
            let i = 0;
            while (i < e.path.length && e.path[i]!.kind === "string") prefix.push((e.path[i] as { value: string }).value), i++;
            analysis.refs.set(e.id, { root: t.kind, prefix, rest: e.path.slice(i) });
          }
        } else {
          this.resolveExpr(e.head, scope);
          analysis.refs.set(e.id, { root: "expr", prefix: [], rest: e.path });
        }
        for (const p of e.path) this.resolveExpr(p, scope);
        return;
      }
      case "array":
      case "set":
        for (const x of e.items) this.resolveExpr(x, scope);
        return;
      case "object":
        for (const en of e.entries) {
          this.resolveExpr(en.key, scope);
          this.resolveExpr(en.value, scope);
        }
        return;
      case "array-compr":
      case "set-compr":
      case "object-compr": {
        const terms = e.kind === "object-compr" ? [e.key, e.value] : [e.term];
        const inner = new Scope(scope, this.frame, e.id, candidateNames(e.body, terms, (n) => this.isGlobal(n)));
        this.resolveBody(e.body, inner);
        for (const t of terms) this.resolveExpr(t, inner);
        analysis.captured.set(e.id, inner.captured);
        return;
      }
      case "call":
        this.resolveCall(e, scope);
        return;
      case "binary": {
        const def = lookupBuiltin(OPERATOR_BUILTINS[e.op]);
        if (def) analysis.operators.set(e.id, def);
        this.resolveExpr(e.left, scope);
        this.resolveExpr(e.right, scope);
        return;
      }
      case "unary": {
        const def = lookupBuiltin(UNARY_MINUS_BUILTIN);
        if (def) analysis.operators.set(e.id, def);
        this.resolveExpr(e.arg, scope);
        return;
      }
      case "in": {
        const def = lookupBuiltin(e.key ? "internal.member_3" : "internal.member_2");
        if (def) analysis.operators.set(e.id, def);
        if (e.key) this.resolveExpr(e.key, scope);
        this.resolveExpr(e.value, scope);
        this.resolveExpr(e.collection, scope);
        return;
      }
      case "template":
        for (const p of e.parts) if (typeof p !== "string") this.resolveExpr(p, scope);
        return;
      default:
        unreachable(e, "expression");
    }
  }

  /** Resolve a dotted function name: a user function (through the package or imports) or a built-in. */
  private resolveFunctionName(name: string, span: Span): CallTarget | { error: Diagnostic } | undefined {
    const segs = name.split(".");
    const g = lookupGlobal(this.globals, segs[0]!);
    if (g && g.kind === "data") {
      const path = [...g.path, ...segs.slice(1)];
      const node = findNode(this.env.root, path);
      if (node && node.kind === "function") return { kind: "function", node };
      if (node && (node.kind !== "inner" || node.children.size > 0 || node.objectDefs.length > 0)) {
        return {
          error: diagnostic("not_a_function", `\`${name}\` is not a function`, span, `\`${["data", ...path].join(".")}\` is a rule or document; refer to it without parentheses`),
        };
      }
    }
    const def = lookupBuiltin(name);
    if (def?.deprecated !== undefined && this.globals.regoVersion === 1) {
      // As OPA: the pre-1.0 deprecated built-ins exist for v0 modules only.
      return {
        error: diagnostic(
          "deprecated_builtin",
          `\`${name}\` is a deprecated built-in, not available in Rego v1`,
          span,
          `write ${def.deprecated} instead, or load the module in v0-compatible mode (\`--v0-compatible\`)`,
        ),
      };
    }
    if (def) return { kind: "builtin", def };
    return undefined;
  }

  private resolveCall(c: Call, scope: Scope): void {
    const { analysis, diags } = this.env;
    const outputAllowed = c === this.topCall;
    this.topCall = undefined;
    for (const a of c.args) this.resolveExpr(a, scope);
    const target = this.resolveFunctionName(c.name, c.nameSpan);
    if (!target) {
      const instead = UNSUPPORTED_OPA_BUILTINS.get(c.name);
      if (instead !== undefined) {
        diags.push(diagnostic("unsupported_builtin", `\`${c.name}\` is an OPA built-in that snapspace does not provide`, c.nameSpan, instead));
        return;
      }
      const suggestion = suggestBuiltin(c.name, this.env.functionNames());
      diags.push(
        diagnostic(
          "unknown_function",
          `unknown function \`${c.name}\``,
          c.nameSpan,
          suggestion ? `did you mean \`${suggestion}\`?` : "check the name: it is neither a built-in nor a function of this policy",
        ),
      );
      return;
    }
    if ("error" in target) {
      diags.push(target.error);
      return;
    }
    if (target.kind === "builtin") {
      if (target.def.name === "print" && !outputAllowed) {
        // OPA's `checkVoidCalls`: `print` has no result to use.
        diags.push(diagnostic("void_call", "`print` has no value: it can only stand alone as a statement", c.span, "call `print(…)` on its own line"));
        return;
      }
      if (!checkBuiltinCall(target.def, c, outputAllowed, diags)) return;
      if (isMetadataBuiltin(target.def) && this.rule && this.env.metadata) {
        // As OPA's compiler: the call is the annotations of the rule it is in.
        const meta = this.env.metadata(this.rule);
        analysis.calls.set(c.id, { kind: "builtin", def: boundMetadata(target.def, target.def === regoMetadataRule ? meta.rule : meta.chain) });
        return;
      }
    } else {
      const arity = target.node.arity ?? 0;
      if (c.args.length !== arity && !(outputAllowed && c.args.length === arity + 1)) {
        diags.push(arityDiagnostic(c, arity));
        return;
      }
    }
    analysis.calls.set(c.id, target);
  }

  private resolveWith(mods: readonly WithModifier[], scope: Scope): void {
    const { analysis, diags } = this.env;
    for (const w of mods) {
      const t = w.target;
      const head = t.kind === "var" ? t : t.head.kind === "var" ? t.head : undefined;
      const segs = t.kind === "ref" ? t.path : [];
      const allStrings = segs.every((s) => s.kind === "string");
      const names = segs.map((s) => (s.kind === "string" ? s.value : ""));
      const g = head && scope.lookup(head.name) === undefined ? lookupGlobal(this.globals, head.name) : undefined;
      const isRootDoc = head && (head.name === "input" || head.name === "data") && g !== undefined;
      const dataFn = g && g.kind === "data" && allStrings ? findNode(this.env.root, [...g.path, ...names]) : undefined;
      if (dataFn && dataFn.kind === "function") {
        analysis.withTargets.set(w.id, { kind: "function", node: dataFn });
        const replacement = this.functionValue(w.value, scope);
        if (replacement) this.replaceFunction(w, { kind: "function", node: dataFn }, replacement);
        else this.resolveExpr(w.value, scope);
        continue;
      }
      if (g && g.kind === "data" && allStrings && this.replacesPartOfRule(w, [...g.path, ...names])) {
        this.resolveExpr(w.value, scope);
        continue;
      }
      if (g && allStrings && (g.kind === "input" || (g.kind === "data" && isRootDoc))) {
        analysis.withTargets.set(w.id, { kind: g.kind, path: [...g.path, ...names] });
        this.resolveExpr(w.value, scope);
        continue;
      }
      const fn = head && allStrings ? this.resolveFunctionName([head.name, ...names].join("."), t.span) : undefined;
      const why = fn && !("error" in fn) && fn.kind === "builtin" ? unreplaceable(fn.def) : undefined;
      if (why) {
        diags.push(diagnostic("invalid_with_target", why, t.span, "replace the functions that call it, or the input it reads"));
        this.resolveExpr(w.value, scope);
        continue;
      }
      if (fn && !("error" in fn)) {
        analysis.withTargets.set(w.id, fn.kind === "builtin" ? { kind: "builtin", def: fn.def } : { kind: "function", node: fn.node });
        const replacement = this.functionValue(w.value, scope);
        if (replacement) this.replaceFunction(w, fn, replacement);
        else this.resolveExpr(w.value, scope);
        continue;
      }
      if (g && g.kind === "data" && allStrings) {
        // A rule or document through the package or an import: `with allowed as true`.
        analysis.withTargets.set(w.id, { kind: "data", path: [...g.path, ...names] });
        this.resolveExpr(w.value, scope);
        continue;
      }
      diags.push(
        diagnostic(
          "invalid_with_target",
          `\`with\` target must be \`input\`, \`data\` or a function, found \`${targetText(t)}\``,
          t.span,
          "replace part of `input` or `data` (`with input.x as 1`) or a function (`with f as g`)",
        ),
      );
      this.resolveExpr(w.value, scope);
    }
  }

  /**
   * Record `with f as g`. As OPA's type checker, a function replaced by a
   * function must take as many arguments (`arity mismatch`).
   */
  private replaceFunction(w: WithModifier, target: CallTarget, replacement: CallTarget): void {
    const a = callArity(target);
    const b = callArity(replacement);
    if (a !== undefined && b !== undefined && a !== b) {
      this.env.diags.push(
        diagnostic(
          "with_arity_mismatch",
          `\`with\` replaces \`${targetText(w.target)}\` (${a} argument${a === 1 ? "" : "s"}) by \`${targetText(w.value)}\` (${b} argument${b === 1 ? "" : "s"})`,
          w.value.span,
          "replace a function by one taking the same number of arguments, or by a value",
        ),
      );
      return;
    }
    this.env.analysis.withFunctions.set(w.id, replacement);
  }

  /**
   * True (and reported) when a `with data.…` target lies inside a rule's
   * value (`with data.p.a as 5` for a rule `p`): OPA refuses to replace part
   * of a virtual document, so a `.snap` policy may not either.
   */
  private replacesPartOfRule(w: WithModifier, path: readonly string[]): boolean {
    const rule = enclosingRule(this.env.root, path);
    if (rule === undefined) return false;
    this.env.diags.push(
      diagnostic(
        "with_partial_rule",
        `\`with\` cannot replace part of the rule \`${rule.name}\`, only all of it`,
        w.target.span,
        `replace the whole rule (\`with ${rule.name} as …\`), or the input it reads`,
      ),
    );
    return true;
  }

  /** When `e` names a function or built-in (`with f as g`), its target. */
  private functionValue(e: Expr, scope: Scope): CallTarget | undefined {
    const head = e.kind === "var" ? e : e.kind === "ref" && e.head.kind === "var" ? e.head : undefined;
    if (!head || scope.lookup(head.name) !== undefined) return undefined;
    const segs = e.kind === "ref" ? e.path : [];
    if (!segs.every((s) => s.kind === "string")) return undefined;
    const name = [head.name, ...segs.map((s) => (s as { value: string }).value)].join(".");
    const fn = this.resolveFunctionName(name, e.span);
    return fn && !("error" in fn) ? fn : undefined;
  }
}

/** The rule at a proper prefix of `path` (below `data`), if any: what a `with` on `path` would replace part of. */
function enclosingRule(root: RuleNode, path: readonly string[]): RuleNode | undefined {
  let n: RuleNode = root;
  for (const key of path) {
    if (n.kind !== "inner" || n.objectDefs.length > 0) return n;
    const child = n.children.get(key);
    if (child === undefined) return undefined;
    n = child;
  }
  return undefined;
}

/** Why `with` may not replace built-in `def` (OPA's `validateWithBuiltinTarget`), if it may not. */
function unreplaceable(def: BuiltinDef): string | undefined {
  if (def.name === "rego.metadata.rule" || def.name === "rego.metadata.chain") return `\`with\` cannot replace \`${def.name}\``;
  if (def.name.startsWith("internal.")) return `\`with\` cannot replace the internal function \`${def.name}\``;
  if (def.relation === true) return `\`with\` cannot replace \`${def.name}\`: it is a relation`;
  // `print` is OPA's one void built-in (no result to replace).
  if (def.name === "print") return "`with` cannot replace `print`: it has no result";
  return undefined;
}

/** The number of arguments a function or built-in takes (`undefined` for a variadic built-in). */
function callArity(t: CallTarget): number | undefined {
  if (t.kind === "function") return t.node.arity ?? 0;
  return t.def.variadic ? undefined : t.def.args.length;
}

function targetText(t: Expr): string {
  if (t.kind === "var") return t.name;
  if (t.kind === "ref" && t.head.kind === "var") {
    return [t.head.name, ...t.path.map((p) => (p.kind === "string" ? p.value : "[…]"))].join(".");
  }
  return "…";
}

function arityDiagnostic(c: Call, arity: number): Diagnostic {
  return diagnostic(
    "wrong_arity",
    `\`${c.name}\` takes ${arity} argument${arity === 1 ? "" : "s"}, got ${c.args.length}`,
    c.nameSpan,
    `call it with ${arity} argument${arity === 1 ? "" : "s"} (and optionally one more to bind its result)`,
  );
}

/** Arity and determinism of a call of a built-in; false when the call cannot be resolved. */
function checkBuiltinCall(def: BuiltinDef, c: Call, outputAllowed: boolean, diags: Diagnostic[]): boolean {
  if (!def.deterministic) {
    diags.push(
      diagnostic(
        "impure_builtin",
        `\`${def.name}\` is not deterministic: a policy's decision may depend only on its input and data`,
        c.span,
        def.name.startsWith("time.")
          ? "pass the value through `input.context` (e.g. `input.context.now`)"
          : "pass the value through `input.context` (e.g. `input.context.now`), computed by the caller",
      ),
    );
    return false;
  }
  if (def.variadic) return true;
  const arity = def.args.length;
  if (c.args.length !== arity && !(outputAllowed && c.args.length === arity + 1)) {
    diags.push(arityDiagnostic(c, arity));
    return false;
  }
  // This call is still resolved (so the variables it binds add no "unsafe" noise): the error alone fails the check.
  if (def.name === "io.jwt.decode_verify" && c.args[1] && lacksTime(c.args[1])) {
    diags.push(
      diagnostic(
        "impure_builtin",
        "`io.jwt.decode_verify` needs `\"time\"` in its constraints: without it, it checks the token against the clock",
        c.args[1].span,
        'add `"time": time.parse_rfc3339_ns(input.context.now)` to the constraints',
      ),
    );
  }
  return true;
}

/**
 * True for an object literal none of whose keys can be `"time"`: such
 * constraints make `io.jwt.decode_verify` read the clock. Other constraints
 * are checked when the call is evaluated.
 */
function lacksTime(constraints: Expr): boolean {
  if (constraints.kind !== "object") return false;
  return constraints.entries.every(({ key }) =>
    key.kind === "string" ? key.value !== "time" : key.kind === "number" || key.kind === "bool" || key.kind === "null",
  );
}
