/**
 * Generates the code of bodies and statements, following the checker's
 * plan (statements in safe order, with what is bound before each), and of
 * unification (patterns bind, bound variables and expressions compare).
 * Mirrors `src/eval/bodies.ts` and `src/eval/patterns.ts` decision for
 * decision.
 *
 * Shapes of the generated code:
 * - a condition: `if (!(cond)) <fail>;`
 * - `not s`: `N: { <s, failing with break N>; <fail> }` — reaching the end
 *   of `s` means it has a solution, so the negation fails;
 * - `every`: a loop over the domain whose body must find a solution for
 *   each element (`continue` the loop when it does);
 * - `with`: the documents are swapped for the statement and swapped back
 *   around its continuation (and in `finally`, for any way out).
 */
import type { Expr, Stmt, WithModifier } from "../ast/nodes.js";
import { unreachable } from "../source/unreachable.js";
import type { ExprGen } from "./gen-expr.js";
import type { ReplacementSpec, WithTargetSpec } from "./pool.js";
import { forget, slotVar, withFail, type Cx, type GoalK, type ValueK } from "./unit.js";

type Slots = ReadonlySet<number>;

/** How a query statement reports its value (queries only). */
export interface Capture {
  /** The JS local receiving the statement's value. */
  readonly local: string;
  /** `false` is a value like any other (a query of one expression that does not iterate). */
  readonly keepFalse: boolean;
}

/** Generates the bodies of one module (or query). */
export class BodyGen {
  constructor(readonly x: ExprGen) {
    x.bodies = this;
  }

  /** Emit the body owned by `ownerId` in its planned order, then `k` once per solution. */
  body(ownerId: number, cx: Cx, k: GoalK): void {
    const plan = this.x.a.plans.get(ownerId);
    if (!plan) throw new Error(`internal error: no plan for body ${ownerId}`);
    const go = (i: number, c: Cx): void => {
      if (i === plan.order.length) return k(c);
      this.stmt(plan.order[i]!, plan.boundBefore[i]!, c, (c2) => go(i + 1, c2));
    };
    go(0, cx);
  }

  /** Emit one statement with its `with` modifiers. */
  stmt(s: Stmt, sb: Slots, cx: Cx, k: GoalK, capture?: Capture): void {
    const mods = "with" in s ? s.with : [];
    if (mods.length > 0) return this.withStmt(s, mods, sb, cx, k, capture);
    this.core(s, sb, cx, k, capture);
  }

  private core(s: Stmt, sb: Slots, cx: Cx, k: GoalK, capture?: Capture): void {
    const x = this.x;
    switch (s.kind) {
      case "expr": {
        if (capture && !s.negated) {
          return x.expr(s.expr, sb, cx, (v, c) => {
            if (!capture.keepFalse) c.out.line(`if (${v} === false) ${c.fail};`);
            c.out.line(`${capture.local} = ${v};`);
            k(c);
          });
        }
        if (s.negated) return this.negate(cx, k, (inner, succeed) => x.expr(s.expr, sb, inner, (v, c) => {
          c.out.line(`if (${v} !== false) ${succeed};`);
        }));
        return x.expr(s.expr, sb, cx, (v, c) => {
          c.out.line(`if (${v} === false) ${c.fail};`);
          k(c);
        });
      }
      case "unify":
        if (s.negated) return this.negate(cx, k, (inner, succeed) => this.unify(s.left, s.right, sb, inner, (c) => c.out.line(`${succeed};`)));
        return this.unify(s.left, s.right, sb, cx, k);
      case "assign":
        return x.expr(s.right, sb, cx, (v, c) => this.unifier(s.left, v, sb, c, k));
      case "some":
        return k(cx);
      case "some-in":
        return x.expr(s.collection, sb, cx, (coll, c) =>
          x.loop(coll, s.span, c, s.key !== undefined, (key, value, c2) => {
            if (s.key) return this.unifier(s.key, key, sb, c2, (c3) => this.unifier(s.value, value, sb, c3, k));
            this.unifier(s.value, value, sb, c2, k);
          }),
        );
      case "every":
        return this.every(s, sb, cx, k);
      default:
        return unreachable(s, "statement");
    }
  }

  /**
   * `not …`: emit `inner` in a block it leaves when it fails; `succeed` (the
   * outer failure) is what `inner` runs when it finds a solution. Past the
   * block, the negation holds.
   */
  private negate(cx: Cx, k: GoalK, inner: (c: Cx, succeed: string) => void): void {
    const label = cx.names.fresh("N");
    cx.out.open(`${label}:`);
    inner(withFail(cx, `break ${label}`), cx.fail);
    cx.out.close();
    k(cx);
  }

  private every(s: Extract<Stmt, { kind: "every" }>, sb: Slots, cx: Cx, k: GoalK): void {
    const x = this.x;
    x.expr(s.domain, sb, cx, (dv, c) => {
      c.out.line(`if (${dv} === null || typeof ${dv} !== "object") ${c.fail};`);
      c.out.line(`if (++S.depth > S.maxDepth) $tooDeep(S, ${x.span(s.span)});`);
      const ok = c.names.fresh("ok");
      const outer = c.names.fresh("E");
      c.out.line(`let ${ok} = true;`);
      c.out.open(`${outer}:`);
      x.loop(dv, s.span, c, s.key !== undefined, (key, value, c2) => {
        const loopContinue = c2.fail;
        const holds = c2.names.fresh("H");
        c2.out.open(`${holds}:`);
        const inner = withFail(c2, `break ${holds}`);
        // The body holds for this element when it has a solution: go on with the next element.
        const body = (c3: Cx) => this.body(s.id, c3, (c4) => c4.out.line(`${loopContinue};`));
        if (s.key) this.unifier(s.key, key, sb, inner, (c3) => this.unifier(s.value, value, sb, c3, body));
        else this.unifier(s.value, value, sb, inner, body);
        c2.out.close();
        // A counterexample.
        c2.out.line(`${ok} = false;`);
        c2.out.line(`break ${outer};`);
      });
      c.out.close();
      c.out.line("S.depth--;");
      c.out.line(`if (!${ok}) ${c.fail};`);
      k(c);
    });
  }

  // ───────────────────────────── with ─────────────────────────────

  private withStmt(s: Stmt, mods: readonly WithModifier[], sb: Slots, cx: Cx, k: GoalK, capture?: Capture): void {
    const x = this.x;
    const a = x.a;
    const targets: WithTargetSpec[] = [];
    const values: string[] = [];
    for (const w of mods) {
      const target = a.withTargets.get(w.id);
      if (!target) throw new Error("internal error: unresolved `with` target");
      const fn = a.withFunctions.get(w.id);
      const replacement: ReplacementSpec | undefined = fn ? (fn.kind === "builtin" ? { kind: "builtin", def: fn.def } : { kind: "function", fn: x.unit.fnNumber(fn.node) }) : undefined;
      switch (target.kind) {
        case "input":
        case "data":
          targets.push({ kind: target.kind, path: target.path });
          break;
        case "builtin":
          targets.push({ kind: "builtin", def: target.def, ...(replacement ? { fn: replacement } : {}) });
          break;
        case "function":
          targets.push({ kind: "function", fn: x.unit.fnNumber(target.node), ...(replacement ? { replacement } : {}) });
          break;
        default:
          unreachable(target, "with target");
      }
      if (replacement) {
        values.push("undefined");
        continue;
      }
      // The first value of the replacement, computed in the outer documents.
      const v = cx.names.fresh("w");
      const label = cx.names.fresh("W");
      cx.out.line(`let ${v};`);
      cx.out.open(`${label}:`);
      x.expr(w.value, sb, withFail(cx, `break ${label}`), (val, c) => {
        c.out.line(`${v} = ${val};`);
        c.out.line(`break ${label};`);
      });
      cx.out.close();
      cx.out.line(`if (${v} === undefined) ${cx.fail};`);
      values.push(v);
    }
    const desc = x.unit.pool.withTargets(targets);
    const saved = cx.names.fresh("sv");
    const next = cx.names.fresh("nx");
    cx.out.line(`const ${saved} = $saveDocuments(S);`);
    cx.out.line(`$applyWith(S, ${desc}, [${values.join(", ")}]);`);
    cx.out.line(`const ${next} = $saveDocuments(S);`);
    cx.out.open("try");
    // Nothing computed outside holds inside (other documents, fresh memo), and the reverse.
    this.core(s, sb, forget(cx), (c) => {
      // The continuation runs in the outer documents.
      const label = c.names.fresh("K");
      c.out.line(`$loadDocuments(S, ${saved});`);
      c.out.open(`${label}:`);
      k(withFail(forget(c, cx.known), `break ${label}`));
      c.out.close();
      c.out.line(`$loadDocuments(S, ${next});`);
    }, capture);
    cx.out.close();
    cx.out.open("finally");
    cx.out.line(`$loadDocuments(S, ${saved});`);
    cx.out.close();
  }

  // ───────────────────────────── comprehensions ─────────────────────────────

  /** `[term | body]`, `{term | body}`, `{key: value | body}`, inline. */
  comprehension(e: Extract<Expr, { kind: "array-compr" | "set-compr" | "object-compr" }>, cx: Cx, k: ValueK): void {
    const x = this.x;
    const after = x.a.plans.get(e.id)?.boundAfter ?? new Set<number>();
    const acc = cx.names.fresh("c");
    const label = cx.names.fresh("C");
    const span = x.span(e.span);
    cx.out.line(`if (++S.depth > S.maxDepth) $tooDeep(S, ${span});`);
    const init = e.kind === "array-compr" ? "[]" : e.kind === "set-compr" ? "new $SetAcc()" : "new $ObjectBuilder()";
    cx.out.line(`const ${acc} = ${init};`);
    cx.out.open(`${label}:`);
    this.body(e.id, withFail(cx, `break ${label}`), (c) => {
      if (e.kind === "object-compr") {
        return x.expr(e.key, after, c, (kv, c2) =>
          x.expr(e.value, after, c2, (vv, c3) => {
            const old = x.temp(c3, `${acc}.get(${kv})`);
            c3.out.line(`if (${old} !== undefined && !$equal(${old}, ${vv})) throw $objectComprehensionConflict(${span}, ${kv});`);
            c3.out.line(`${acc}.set(${kv}, ${vv});`);
          }),
        );
      }
      x.expr(e.term, after, c, (v, c2) => c2.out.line(e.kind === "array-compr" ? `${acc}.push(${v});` : `${acc}.add(${v});`));
    });
    cx.out.close();
    cx.out.line("S.depth--;");
    k(e.kind === "array-compr" ? acc : x.temp(cx, `${acc}.build()`), cx);
  }

  // ───────────────────────────── unification ─────────────────────────────

  /** Match the value `v` (a local) against pattern `p`: unbound variables bind, bound ones and other expressions compare. */
  unifier(p: Expr, v: string, sb: Slots, cx: Cx, k: GoalK): void {
    const x = this.x;
    if (p.kind === "var") {
      const slot = x.localSlot(p.id);
      if (slot !== undefined) {
        const local = slotVar(slot);
        if (cx.bound.has(slot)) {
          cx.out.line(`if (!${x.eq(local, v)}) ${cx.fail};`);
          return k(cx);
        }
        cx.out.line(`${local} = ${v};`);
        cx.bound.add(slot);
        const literal = x.literals.get(v);
        if (literal) x.withLiteral(local, literal, () => k(cx));
        else k(cx);
        cx.bound.delete(slot);
        return;
      }
    }
    if (p.kind === "array") {
      cx.out.line(`if (!Array.isArray(${v}) || ${v}.length !== ${p.items.length}) ${cx.fail};`);
      const go = (i: number, c: Cx): void => {
        if (i === p.items.length) return k(c);
        const item = x.temp(c, `${v}[${i}]`);
        this.unifier(p.items[i]!, item, sb, c, (c2) => go(i + 1, c2));
      };
      return go(0, cx);
    }
    if (p.kind === "object" && p.entries.length > 0) {
      cx.out.line(`if (!$isObjectValue(${v}) || $objectSize(${v}) !== ${p.entries.length}) ${cx.fail};`);
      const go = (i: number, c: Cx): void => {
        if (i === p.entries.length) return k(c);
        const en = p.entries[i]!;
        x.expr(en.key, sb, c, (key, c2) => {
          const item = x.temp(c2, `$objectGet(${v}, ${key})`);
          c2.out.line(`if (${item} === undefined) ${c2.fail};`);
          this.unifier(en.value, item, sb, c2, (c3) => go(i + 1, c3));
        });
      };
      return go(0, cx);
    }
    const pc = x.constOf(p);
    x.expr(p, sb, cx, (w, c) => {
      c.out.line(`if (!${x.eq(w, v, pc)}) ${c.fail};`);
      k(c);
    });
  }

  /** `a = b`: evaluate the side that is ground first and match the other against it. */
  unify(a: Expr, b: Expr, sb: Slots, cx: Cx, k: GoalK): void {
    const vars = this.x.vars;
    const outsA = new Set<number>();
    const outsB = new Set<number>();
    vars.refOutputs(a, sb, outsA);
    vars.refOutputs(b, sb, outsB);
    if (vars.isGround(b, sb, outsB)) return this.matchAgainst(a, b, sb, cx, k);
    if (vars.isGround(a, sb, outsA)) return this.matchAgainst(b, a, sb, cx, k);
    if (a.kind === "array" && b.kind === "array" && a.items.length === b.items.length) {
      return this.pairs(a.items.map((it, i) => [it, b.items[i]!] as const), sb, cx, k);
    }
    if (a.kind === "object" && b.kind === "object" && a.entries.length === b.entries.length) {
      const matched: (readonly [Expr, Expr])[] = [];
      for (const ea of a.entries) {
        const eb = ea.key.kind === "string" ? b.entries.find((e) => e.key.kind === "string" && e.key.value === (ea.key as { value: string }).value) : undefined;
        if (!eb) return this.matchAgainst(a, b, sb, cx, k);
        matched.push([ea.value, eb.value]);
      }
      return this.pairs(matched, sb, cx, k);
    }
    this.matchAgainst(a, b, sb, cx, k);
  }

  private matchAgainst(pattern: Expr, value: Expr, sb: Slots, cx: Cx, k: GoalK): void {
    this.x.expr(value, sb, cx, (v, c) => this.unifier(pattern, v, sb, c, k));
  }

  /** Unify element-wise, in an order where each pair has a side bound by the pairs before it. */
  private pairs(list: readonly (readonly [Expr, Expr])[], sb: Slots, cx: Cx, k: GoalK): void {
    const vars = this.x.vars;
    const known = new Set(sb);
    const steps: { l: Expr; r: Expr; known: Slots }[] = [];
    let left = [...list];
    while (left.length) {
      const next: (readonly [Expr, Expr])[] = [];
      for (const [l, r] of left) {
        const ox = new Set<number>();
        const oy = new Set<number>();
        vars.refOutputs(l, known, ox);
        vars.refOutputs(r, known, oy);
        if (vars.isGround(l, known, ox) || vars.isGround(r, known, oy)) {
          steps.push({ l, r, known: new Set(known) });
          vars.patternVars(l, known);
          vars.patternVars(r, known);
          for (const o of ox) known.add(o);
          for (const o of oy) known.add(o);
        } else next.push([l, r]);
      }
      if (next.length === left.length) {
        for (const [l, r] of next) steps.push({ l, r, known: new Set(known) });
        break;
      }
      left = next;
    }
    const go = (i: number, c: Cx): void => {
      if (i === steps.length) return k(c);
      const st = steps[i]!;
      this.unify(st.l, st.r, st.known, c, (c2) => go(i + 1, c2));
    };
    go(0, cx);
  }
}
