/**
 * Unification: patterns (variables bind, bound ones compare; arrays and
 * objects destructure) and `a = b` planned so the ground side is evaluated first.
 */
import type { Expr } from "../ast/nodes.js";
import { equal } from "../value/compare.js";
import { objectGet, objectSize } from "../value/object.js";
import { isObject } from "../value/type-of.js";
import type { Value } from "../value/types.js";
import { bindSlot, seq } from "./combinators.js";
import type { ExprCompiler } from "./exprs.js";
import type { Goal, Unifier } from "./types.js";

type Slots = ReadonlySet<number>;

/** Compile a pattern: unbound variables bind, bound ones and other expressions compare. */
export function compileUnifier(x: ExprCompiler, p: Expr, bound: Slots): Unifier {
  if (p.kind === "var") {
    const slot = x.localSlot(p.id);
    if (slot !== undefined) return bindSlot(slot);
  }
  if (p.kind === "array") {
    const items = p.items.map((it) => compileUnifier(x, it, bound));
    const n = items.length;
    return (c, f, v, k) => {
      if (!Array.isArray(v) || v.length !== n) return false;
      const go = (i: number): boolean => (i === n ? k() : items[i]!(c, f, v[i] as Value, () => go(i + 1)));
      return go(0);
    };
  }
  if (p.kind === "object" && p.entries.length > 0) {
    const keys = p.entries.map((en) => x.expr(en.key, bound));
    const values = p.entries.map((en) => compileUnifier(x, en.value, bound));
    const n = keys.length;
    return (c, f, v, k) => {
      if (!isObject(v) || objectSize(v) !== n) return false;
      const go = (i: number): boolean => {
        if (i === n) return k();
        return keys[i]!.gen(c, f, (key) => {
          const x = objectGet(v, key);
          return x !== undefined && values[i]!(c, f, x, () => go(i + 1));
        });
      };
      return go(0);
    };
  }
  const ce = x.expr(p, bound);
  const val = ce.val;
  if (val) {
    return (c, f, v, k) => {
      const w = val(c, f);
      return w !== undefined && equal(w, v) && k();
    };
  }
  const gen = ce.gen;
  return (c, f, v, k) => gen(c, f, (w) => equal(w, v) && k());
}

/** Compile `a = b`: evaluate the side that is ground first and match the other against it. */
export function compileUnify(x: ExprCompiler, a: Expr, b: Expr, bound: Slots): Goal {
  const outsA = new Set<number>();
  const outsB = new Set<number>();
  x.vars.refOutputs(a, bound, outsA);
  x.vars.refOutputs(b, bound, outsB);
  if (x.vars.isGround(b, bound, outsB)) return matchAgainst(x, a, b, bound);
  if (x.vars.isGround(a, bound, outsA)) return matchAgainst(x, b, a, bound);
  if (a.kind === "array" && b.kind === "array" && a.items.length === b.items.length) {
    return pairs(x, a.items.map((it, i) => [it, b.items[i]!] as const), bound);
  }
  if (a.kind === "object" && b.kind === "object" && a.entries.length === b.entries.length) {
    const matched: (readonly [Expr, Expr])[] = [];
    for (const ea of a.entries) {
      const eb = ea.key.kind === "string" ? b.entries.find((e) => e.key.kind === "string" && e.key.value === (ea.key as { value: string }).value) : undefined;
      if (!eb) return matchAgainst(x, a, b, bound);
      matched.push([ea.value, eb.value]);
    }
    return pairs(x, matched, bound);
  }
  return matchAgainst(x, a, b, bound);
}

/** Evaluate `value`, then match `pattern` against each of its values. */
function matchAgainst(x: ExprCompiler, pattern: Expr, value: Expr, bound: Slots): Goal {
  const v = x.expr(value, bound);
  const u = compileUnifier(x, pattern, bound);
  const val = v.val;
  if (val) {
    return (c, f, k) => {
      const x = val(c, f);
      return x !== undefined && u(c, f, x, k);
    };
  }
  const gen = v.gen;
  return (c, f, k) => gen(c, f, (x) => u(c, f, x, k));
}

/** Unify element-wise, in an order where each pair has a side bound by the pairs before it. */
function pairs(x: ExprCompiler, pairs: readonly (readonly [Expr, Expr])[], bound: Slots): Goal {
  const known = new Set(bound);
  const goals: Goal[] = [];
  let left = [...pairs];
  while (left.length) {
    const next: (readonly [Expr, Expr])[] = [];
    for (const [l, r] of left) {
      const ox = new Set<number>();
      const oy = new Set<number>();
      x.vars.refOutputs(l, known, ox);
      x.vars.refOutputs(r, known, oy);
      if (x.vars.isGround(l, known, ox) || x.vars.isGround(r, known, oy)) {
        goals.push(compileUnify(x, l, r, known));
        x.vars.patternVars(l, known);
        x.vars.patternVars(r, known);
        for (const o of ox) known.add(o);
        for (const o of oy) known.add(o);
      } else next.push([l, r]);
    }
    if (next.length === left.length) {
      for (const [l, r] of next) goals.push(compileUnify(x, l, r, known));
      break;
    }
    left = next;
  }
  return seq(goals);
}
