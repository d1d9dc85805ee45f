/**
 * Safety, as OPA defines it: every variable must be bound by an expression
 * that can produce it (unification, `:=`, iteration through a ref,
 * `some … in`, a call's output argument) before anything reads it. Bodies are
 * reordered so binders come first (keeping the written order where it is
 * already safe, as OPA's `reorderBodyForSafety` does); what cannot be made
 * safe is reported as `unsafe_var`.
 */
import type { Body, Expr, Node, Rule, Stmt, Var } from "../ast/nodes.js";
import { walk } from "../ast/visit.js";
import { diagnostic, type Diagnostic } from "../source/diagnostic.js";
import { unreachable } from "../source/unreachable.js";
import type { Analysis, BodyPlan } from "./program.js";
import { isClosure } from "./scope.js";
import { StaticVars } from "./vars.js";

type Slots = ReadonlySet<number>;

/** Plans every body of rules and queries, reporting unsafe variables. */
export class SafetyChecker {
  private readonly v: StaticVars;

  constructor(
    private readonly a: Analysis,
    private readonly diags: Diagnostic[],
  ) {
    this.v = new StaticVars(a);
  }

  /** Whether the bodies and terms planned may hold closures (when not, nothing looks for them). */
  private closures = true;

  /** Plan a rule's bodies (main, `else`s, closures) and check its head; `closures` false says it holds none. */
  checkRule(rule: Rule, closures = true): void {
    this.closures = closures;
    const args = new Map<number, Var>();
    for (const x of rule.head.args ?? []) this.v.varsOf(x, args);
    const argSlots = new Set(args.keys());
    const headExprs = [...rule.head.path, ...(rule.head.contains ? [rule.head.contains] : []), ...(rule.head.value ? [rule.head.value] : [])];
    const main = this.planBody(rule.body, rule.id, argSlots);
    this.checkTerms(headExprs, main.boundAfter);
    for (const el of rule.elses) {
      const plan = this.planBody(el.body, el.id, argSlots);
      if (el.value) this.checkTerms([el.value], plan.boundAfter);
    }
  }

  /** Plan a query body. */
  checkQuery(body: Body, ownerId: number): BodyPlan {
    return this.planBody(body, ownerId, new Set());
  }

  /** Terms evaluated after a body (rule heads, comprehension terms): every variable must be bound by then. */
  private checkTerms(terms: readonly Expr[], bound: Slots): void {
    const reported = new Set<number>();
    for (const t of terms) {
      const vars = new Map<number, Var>();
      this.v.varsOf(t, vars);
      // A term may iterate (`{xs[_]: 1 | …}`): what its refs bind is bound.
      const outputs = new Set<number>();
      this.v.refOutputs(t, bound, outputs);
      for (const [slot, v] of vars) {
        if (!bound.has(slot) && !outputs.has(slot) && !reported.has(slot)) {
          reported.add(slot);
          this.diags.push(unsafe(v));
        }
      }
      if (this.closures) this.planClosuresIn(t, bound);
    }
  }

  private planBody(body: Body, ownerId: number, initial: Slots): BodyPlan {
    let remaining: Stmt[] = body.filter((s) => s.kind !== "some");
    const safe = new Set(initial);
    const order: Stmt[] = [];
    const boundBefore: Slots[] = [];
    for (;;) {
      const before = order.length;
      const next: Stmt[] = [];
      for (const s of remaining) {
        const { vars, outputs } = this.stmtInfo(s, safe);
        let ok = true;
        for (const slot of vars.keys()) {
          if (!safe.has(slot) && !outputs.has(slot)) {
            ok = false;
            break;
          }
        }
        if (!ok) {
          next.push(s);
          continue;
        }
        order.push(s);
        boundBefore.push(new Set(safe));
        for (const o of outputs) safe.add(o);
      }
      remaining = next;
      if (order.length === before || remaining.length === 0) break;
    }
    const reported = new Set<number>();
    for (const s of remaining) {
      const { vars, outputs } = this.stmtInfo(s, safe);
      const missing = [...vars].filter(([slot]) => !safe.has(slot) && !outputs.has(slot));
      // Blame what the statement reads, not what it would bind once that is bound (`ys` in `ys := [x | x := y]`).
      const would = this.stmtInfo(s, new Set([...safe, ...vars.keys()])).outputs;
      const inputs = missing.filter(([slot]) => !would.has(slot));
      for (const [slot, v] of inputs.length > 0 ? inputs : missing) {
        if (!reported.has(slot)) {
          reported.add(slot);
          this.diags.push(unsafe(v));
        }
      }
    }
    const plan: BodyPlan = { order, boundBefore, boundAfter: safe };
    this.a.plans.set(ownerId, plan);
    if (this.closures) order.forEach((s, i) => this.planClosuresIn(s, boundBefore[i]!));
    return plan;
  }

  /** Plan the bodies of the closures directly inside `n` (not nested deeper: each plans its own). */
  private planClosuresIn(n: Node, bound: Slots): void {
    const visit = (x: Node): boolean | void => {
      if (x === n && x.kind === "every") {
        walk(x.domain, visit);
        for (const w of x.with) walk(w, visit);
        const inner = new Set(bound);
        for (const c of this.a.captured.get(x.id) ?? []) inner.add(c);
        const decl = new Map<number, Var>();
        if (x.key) this.v.varsOf(x.key, decl);
        this.v.varsOf(x.value, decl);
        for (const s of decl.keys()) inner.add(s);
        this.planBody(x.body, x.id, inner);
        return false;
      }
      if (isClosure(x)) {
        const inner = new Set(bound);
        for (const c of this.a.captured.get(x.id) ?? []) inner.add(c);
        if (x.kind === "object-compr") {
          const plan = this.planBody(x.body, x.id, inner);
          this.checkTerms([x.key, x.value], plan.boundAfter);
        } else if (x.kind === "array-compr" || x.kind === "set-compr") {
          const plan = this.planBody(x.body, x.id, inner);
          this.checkTerms([x.term], plan.boundAfter);
        }
        return false;
      }
    };
    walk(n, visit);
  }

  /** Variables bound by unifying `a` with `b`, given `safe` (OPA's `Unify`). */
  private unifyOutputs(a: Expr, b: Expr, safe: Slots, out: Set<number>): void {
    if (this.v.isGround(b, safe, out)) return this.v.patternVars(a, out);
    if (this.v.isGround(a, safe, out)) return this.v.patternVars(b, out);
    if (a.kind === "array" && b.kind === "array" && a.items.length === b.items.length) {
      for (let changed = true; changed; ) {
        const n = out.size;
        for (let i = 0; i < a.items.length; i++) this.unifyOutputs(a.items[i]!, b.items[i]!, safe, out);
        changed = out.size !== n;
      }
      return;
    }
    if (a.kind === "object" && b.kind === "object" && a.entries.length === b.entries.length) {
      for (let changed = true; changed; ) {
        const n = out.size;
        for (const ea of a.entries) {
          if (ea.key.kind !== "string") continue;
          const eb = b.entries.find((x) => x.key.kind === "string" && x.key.value === (ea.key as { value: string }).value);
          if (eb) this.unifyOutputs(ea.value, eb.value, safe, out);
        }
        changed = out.size !== n;
      }
    }
  }

  /** The variables a statement reads and those it can bind, given what is bound before it. */
  private stmtInfo(s: Stmt, safe: Slots): { vars: Map<number, Var>; outputs: Set<number> } {
    const vars = new Map<number, Var>();
    const outputs = new Set<number>();
    const withs = "with" in s ? s.with : [];
    for (const w of withs) this.v.varsOf(w.value, vars);
    switch (s.kind) {
      case "expr":
        this.v.varsOf(s.expr, vars, s.negated);
        if (!s.negated) {
          this.v.refOutputs(s.expr, safe, outputs);
          this.callOutputs(s.expr, safe, outputs);
        }
        break;
      case "unify":
        this.v.varsOf(s.left, vars, s.negated);
        this.v.varsOf(s.right, vars, s.negated);
        if (!s.negated) {
          this.v.refOutputs(s.left, safe, outputs);
          this.v.refOutputs(s.right, safe, outputs);
          this.unifyOutputs(s.left, s.right, safe, outputs);
        }
        break;
      case "assign":
        this.v.varsOf(s.left, vars);
        this.v.varsOf(s.right, vars);
        this.v.refOutputs(s.right, safe, outputs);
        if (this.v.isGround(s.right, safe, outputs)) this.v.patternVars(s.left, outputs);
        break;
      case "some":
        break;
      case "some-in":
        this.v.varsOf(s.collection, vars);
        if (s.key) this.v.varsOf(s.key, vars);
        this.v.varsOf(s.value, vars);
        this.v.refOutputs(s.collection, safe, outputs);
        if (this.v.isGround(s.collection, safe, outputs)) {
          if (s.key) this.v.patternVars(s.key, outputs);
          this.v.patternVars(s.value, outputs);
        }
        break;
      case "every":
        this.v.varsOf(s, vars);
        this.v.refOutputs(s.domain, safe, outputs);
        break;
      default:
        unreachable(s, "statement");
    }
    return { vars, outputs };
  }

  /** A top-level call with one argument more than its arity binds that argument: `count(xs, n)`. */
  private callOutputs(e: Expr, safe: Slots, out: Set<number>): void {
    if (e.kind !== "call") return;
    const target = this.a.calls.get(e.id);
    if (!target) return;
    const arity = target.kind === "builtin" ? (target.def.variadic ? -1 : target.def.args.length) : (target.node.arity ?? 0);
    if (arity < 0 || e.args.length !== arity + 1) return;
    for (let i = 0; i < arity; i++) if (!this.v.isGround(e.args[i]!, safe, out)) return;
    this.v.patternVars(e.args[arity]!, out);
  }
}

function unsafe(v: Var): Diagnostic {
  return diagnostic(
    "unsafe_var",
    `var \`${v.name}\` is unsafe`,
    v.span,
    `bind \`${v.name}\` in the body before it is used, e.g. with \`${v.name} := …\`, \`${v.name} = …\` or \`some ${v.name} in …\``,
  );
}
