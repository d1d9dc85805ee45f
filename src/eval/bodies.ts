/**
 * Compiles bodies and statements into goals, following the checker's plan
 * (statements in safe order, with what is bound before each).
 */
import type { Body, Stmt, WithModifier } from "../ast/nodes.js";
import type { Analysis, WithTarget } from "../check/program.js";
import { SnapError } from "../source/diagnostic.js";
import { unreachable } from "../source/unreachable.js";
import type { Value } from "../value/types.js";
import type { EvalContext, FunctionReplacement } from "./context.js";
import { ExprCompiler, seq, STOP, type Runtime } from "./exprs.js";
import { forEachEntry, isCollection } from "./navigate.js";
import type { CExpr, Goal, Shaped, Val } from "./types.js";
import { withState } from "./with.js";

type Slots = ReadonlySet<number>;

/** A compiled `with`: what it replaces and how to compute the replacement. */
export interface CompiledWith {
  readonly target: WithTarget;
  /** The replacement value (for `input`/`data` targets, and functions replaced by a value). */
  readonly value?: CExpr;
  /** The replacement function, for `with f as g`. */
  readonly fn?: FunctionReplacement;
}

/** Compiles the bodies of one module (or query). */
export class BodyCompiler {
  readonly exprs: ExprCompiler;
  /** Record coverage for these statements (not for queries: coverage is about policy files). */
  coverage = true;

  constructor(
    readonly a: Analysis,
    rt: Runtime,
  ) {
    this.exprs = new ExprCompiler(a, rt);
    this.exprs.bodies = this;
  }

  /** Compile the body owned by `ownerId` (a rule, `else`, comprehension, `every` or query) in its planned order. */
  compileBody(_body: Body, ownerId: number): Goal {
    const plan = this.a.plans.get(ownerId);
    if (!plan) throw new Error(`internal error: no plan for body ${ownerId}`);
    return seq(plan.order.map((s, i) => this.stmt(s, plan.boundBefore[i]!)));
  }

  /**
   * Compile one statement, with step counting, coverage and its `with`
   * modifiers. With `capture`, an expression statement also stores its value
   * in that frame slot (queries report each expression's value).
   */
  stmt(s: Stmt, bound: Slots, capture?: number, keepFalse = false): Goal & Shaped {
    const ce = s.kind === "expr" ? this.exprs.expr(s.expr, bound) : undefined;
    let g = capture !== undefined && s.kind === "expr" && !s.negated ? captured(ce!, capture, keepFalse) : this.core(s, bound, ce);
    const mods = "with" in s ? s.with : [];
    if (mods.length > 0) g = this.withGoal(g, mods, bound);
    const span = s.span;
    const location = `${span.file}:${span.line}`;
    const record = this.coverage;
    const tick = (c: EvalContext): void => {
      if (++c.steps > c.budget) c.overBudget(span);
      if (record && c.coverage !== undefined) c.coverage.add(location);
    };
    const inner = g;
    const out: Goal & Shaped = (c, f, k) => {
      tick(c);
      return inner(c, f, k);
    };
    if (mods.length > 0 || capture !== undefined) return out;
    // The simple shapes `seq` runs without allocating a continuation.
    const val = ce?.val;
    if (s.kind === "expr" && val) {
      out.filter = s.negated
        ? (c, f) => {
            tick(c);
            const v = val(c, f);
            return v === undefined || v === false;
          }
        : (c, f) => {
            tick(c);
            const v = val(c, f);
            return v !== undefined && v !== false;
          };
    } else if (s.kind === "assign" && s.left.kind === "var") {
      const slot = this.exprs.localSlot(s.left.id);
      const right = this.rightVal.get(s);
      if (slot !== undefined && right) out.assigns = { slot, val: right, tick };
    }
    return out;
  }

  /** The single-value function of the right side of each `:=` compiled (for the `assigns` shape). */
  private readonly rightVal = new Map<Stmt, Val>();

  private core(s: Stmt, bound: Slots, ce: CExpr | undefined): Goal {
    const x = this.exprs;
    switch (s.kind) {
      case "expr": {
        const g = truthy(ce!);
        return s.negated ? negate(g) : g;
      }
      case "unify": {
        const g = x.unify(s.left, s.right, bound);
        return s.negated ? negate(g) : g;
      }
      case "assign": {
        const right = x.expr(s.right, bound);
        const left = x.unifier(s.left, bound);
        const val = right.val;
        if (val) this.rightVal.set(s, val);
        if (val) {
          return (c, f, k) => {
            const v = val(c, f);
            return v !== undefined && left(c, f, v, k);
          };
        }
        const gen = right.gen;
        return (c, f, k) => gen(c, f, (v) => left(c, f, v, k));
      }
      case "some":
        return (_c, _f, k) => k();
      case "some-in": {
        const coll = x.expr(s.collection, bound).gen;
        const key = s.key ? x.unifier(s.key, bound) : undefined;
        const value = x.unifier(s.value, bound);
        const span = s.span;
        return (c, f, k) =>
          coll(c, f, (cv) =>
            forEachEntry(cv, (kk, vv) => {
              if (++c.steps > c.budget) c.overBudget(span);
              return key ? key(c, f, kk, () => value(c, f, vv, k)) : value(c, f, vv, k);
            }),
          );
      }
      case "every": {
        const domain = x.expr(s.domain, bound).gen;
        const key = s.key ? x.unifier(s.key, bound) : undefined;
        const value = x.unifier(s.value, bound);
        const body = this.compileBody(s.body, s.id);
        const span = s.span;
        return (c, f, k) =>
          domain(c, f, (dv) => {
            if (!isCollection(dv)) return false;
            c.enter(span);
            const counterexample = forEachEntry(dv, (kk, vv) => {
              if (++c.steps > c.budget) c.overBudget(span);
              const holds = () => body(c, f, STOP);
              return !(key ? key(c, f, kk, () => value(c, f, vv, holds)) : value(c, f, vv, holds));
            });
            c.depth--;
            return !counterexample && k();
          });
      }
      default:
        return unreachable(s, "statement");
    }
  }

  private withGoal(inner: Goal, mods: readonly WithModifier[], bound: Slots): Goal {
    const compiled: CompiledWith[] = mods.map((w) => {
      const target = this.a.withTargets.get(w.id);
      if (!target) throw SnapError.of("invalid_with_target", "unresolved `with` target", w.span);
      const fn = this.a.withFunctions.get(w.id);
      if (fn) return { target, fn: fn.kind === "builtin" ? { kind: "builtin", def: fn.def } : { kind: "function", node: fn.node } };
      return { target, value: this.exprs.expr(w.value, bound) };
    });
    return (c, f, k) => {
      const saved = c.state;
      const next = withState(c, f, saved, compiled);
      if (next === undefined) return false;
      c.state = next;
      try {
        return inner(c, f, () => {
          c.state = saved;
          try {
            return k();
          } finally {
            c.state = next;
          }
        });
      } finally {
        c.state = saved;
      }
    };
  }
}

/** An expression as a statement: holds when its value is defined and not `false`. */
function truthy(e: CExpr): Goal {
  const val = e.val;
  if (val) {
    return (c, f, k) => {
      const v = val(c, f);
      return v !== undefined && v !== false && k();
    };
  }
  const gen = e.gen;
  return (c, f, k) => gen(c, f, (v: Value) => v !== false && k());
}

/** Like `truthy`, storing the value in `slot` before continuing (with `keepFalse`, `false` is a value like any other). */
function captured(e: CExpr, slot: number, keepFalse: boolean): Goal {
  const gen = e.gen;
  return (c, f, k) =>
    gen(c, f, (v: Value) => {
      if (v === false && !keepFalse) return false;
      f[slot] = v;
      return k();
    });
}

/** `not g`: holds when `g` has no solution; binds nothing. */
function negate(g: Goal): Goal {
  return (c: EvalContext, f, k) => (g(c, f, STOP) ? false : k());
}
