/**
 * Small building blocks of compiled expressions and goals: variables,
 * lifting functions over (possibly iterating) arguments, sequencing.
 */
import { equal } from "../value/compare.js";
import type { Value } from "../value/types.js";
import type { EvalContext } from "./context.js";
import type { CExpr, Cont, Emit, Gen, Goal, Shaped, Unifier, Val } from "./types.js";

/** A continuation that stops at the first solution. */
export const STOP: Cont = () => true;

/** A constant expression. */
export function constant(v: Value): CExpr {
  return { val: () => v, gen: (_c, _f, k) => k(v) };
}

/** A local variable as an expression (defined once bound). */
export function localVar(slot: number): CExpr {
  return {
    val: (_c, f) => f[slot],
    gen: (_c, f, k) => {
      const v = f[slot];
      return v !== undefined && k(v);
    },
  };
}

/** An expression given by a single-value function. */
export function valOnly(val: Val): CExpr {
  return {
    val,
    gen: (c, f, k) => {
      const v = val(c, f);
      return v !== undefined && k(v);
    },
  };
}

/** Binds an unbound slot, or compares with its value. */
export function bindSlot(slot: number): Unifier {
  return (_c, f, v, k) => {
    const cur = f[slot];
    if (cur !== undefined) return equal(cur, v) && k();
    f[slot] = v;
    const stop = k();
    f[slot] = undefined;
    return stop;
  };
}

/** Apply `fn` to the values of two expressions (every combination when they iterate). */
export function lift2(a: CExpr, b: CExpr, fn: (c: EvalContext, x: Value, y: Value) => Value | undefined): CExpr {
  const av = a.val;
  const bv = b.val;
  const ag = a.gen;
  const bg = b.gen;
  const gen: Gen = (c, f, k) =>
    ag(c, f, (x) =>
      bg(c, f, (y) => {
        const r = fn(c, x, y);
        return r !== undefined && k(r);
      }),
    );
  if (!av || !bv) return { gen };
  return {
    gen,
    val: (c, f) => {
      const x = av(c, f);
      if (x === undefined) return undefined;
      const y = bv(c, f);
      return y === undefined ? undefined : fn(c, x, y);
    },
  };
}

/** Apply `fn` to the values of several expressions (every combination when they iterate). */
export function lift(args: readonly CExpr[], fn: (c: EvalContext, vs: readonly Value[]) => Value | undefined): CExpr {
  const n = args.length;
  if (n === 2) return lift2(args[0]!, args[1]!, (c, x, y) => fn(c, [x, y]));
  const gens = args.map((a) => a.gen);
  const gen: Gen = (c, f, k) => {
    const vs: Value[] = new Array(n);
    const go = (i: number): boolean => {
      if (i === n) {
        const r = fn(c, vs.slice());
        return r !== undefined && k(r);
      }
      return gens[i]!(c, f, (v) => {
        vs[i] = v;
        return go(i + 1);
      });
    };
    return go(0);
  };
  const vals = args.map((a) => a.val);
  if (vals.some((v) => v === undefined)) return { gen };
  const vfs = vals as Val[];
  return {
    gen,
    val: (c, f) => {
      const vs: Value[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const v = vfs[i]!(c, f);
        if (v === undefined) return undefined;
        vs[i] = v;
      }
      return fn(c, vs);
    },
  };
}

/** A relation (like `walk`): the call yields an array of results, each a solution. */
export function relationOf(args: readonly CExpr[], invoke: (c: EvalContext, vs: readonly Value[]) => Value | undefined): CExpr {
  const all = lift(args, invoke).gen;
  return {
    gen: (c, f, k: Emit) =>
      all(c, f, (results) => {
        if (!Array.isArray(results)) return false;
        for (const r of results) {
          if (++c.steps > c.budget) c.overBudget();
          if (k(r as Value)) return true;
        }
        return false;
      }),
  };
}

/** Run goals one after the other. */
export function seq(goals: readonly Goal[]): Goal {
  if (goals.length === 0) return (_c, _f, k) => k();
  let acc: Goal = goals[goals.length - 1]!;
  for (let i = goals.length - 2; i >= 0; i--) {
    const g = goals[i]! as Goal & Shaped;
    const rest = acc;
    const test = g.filter;
    const assigns = g.assigns;
    if (test) {
      acc = (c, f, k) => test(c, f) && rest(c, f, k);
    } else if (assigns) {
      const { slot, val, tick } = assigns;
      acc = (c, f, k) => {
        tick(c);
        const v = val(c, f);
        if (v === undefined) return false;
        f[slot] = v;
        const stop = rest(c, f, k);
        f[slot] = undefined;
        return stop;
      };
    } else {
      acc = (c, f, k) => g(c, f, () => rest(c, f, k));
    }
  }
  return acc;
}

