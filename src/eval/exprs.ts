/**
 * Compiles expressions of a checked program into closures (`CExpr`): the
 * AST is walked once, here, and never while evaluating. An expression that
 * cannot iterate (every ref key bound before its statement, no relation)
 * also gets a plain `val` function, the fast path.
 */
import type { Body, Call, Expr, Ref, Template } from "../ast/nodes.js";
import type { Analysis, ResolvedRef, RuleNode } from "../check/program.js";
import { StaticVars } from "../check/vars.js";
import type { BuiltinDef } from "../builtins/types.js";
import { formatPrintArg } from "../builtins/debugging.js";
import { SnapError } from "../source/diagnostic.js";
import type { Span } from "../source/span.js";
import { unreachable } from "../source/unreachable.js";
import { compare, equal } from "../value/compare.js";
import { ObjectBuilder } from "../value/keyed-object.js";
import { parseNumber } from "../value/number.js";
import { SetBuilder, SetValue } from "../value/set.js";
import type { Value } from "../value/types.js";
import { member2, member3, printLines } from "./builtin-call.js";
import type { EvalContext } from "./context.js";
import { forEachEntry, getKey, getPath } from "./navigate.js";
import { constant, lift, lift2, localVar, relationOf, valOnly } from "./combinators.js";
import { compileUnifier, compileUnify } from "./patterns.js";
import type { CExpr, Gen, Goal, Unifier } from "./types.js";

export { constant, lift, seq, STOP, valOnly } from "./combinators.js";

type Slots = ReadonlySet<number>;

/**
 * Reads the document at a constant path, or with `key` its value at `key`.
 * `keyed`: the path ends at an inner node of the rule tree, where a lookup
 * evaluates only what that key needs, and object rules conflicting on other
 * keys are no error (see `ConflictedDoc`).
 */
export type DocAccessor = ((c: EvalContext, key?: Value) => Value | undefined) & { keyed?: boolean };

/** What compiled expressions need from the rest of the interpreter. */
export interface Runtime {
  /** An accessor for the document at a constant path below `data` (rules and base data merged). */
  document(path: readonly string[]): DocAccessor;
  /** Call a user function with evaluated arguments (honouring `with` replacements). */
  callFunction(c: EvalContext, node: RuleNode, args: readonly Value[], span: Span): Value | undefined;
  /** Call a built-in with evaluated arguments (honouring `with` replacements). */
  callBuiltin(c: EvalContext, def: BuiltinDef, args: readonly Value[], call: Call): Value | undefined;
}

/** Compiles the bodies closures contain (comprehensions); implemented by `BodyCompiler`. */
export interface BodyPort {
  compileBody(body: Body, ownerId: number): Goal;
}

/** Compiles the expressions of one module (or query), given its side tables. */
export class ExprCompiler {
  readonly vars: StaticVars;
  bodies!: BodyPort;

  constructor(
    readonly a: Analysis,
    readonly rt: Runtime,
  ) {
    this.vars = new StaticVars(a);
  }

  /** Compile `e`, knowing which slots are bound before its statement runs. */
  expr(e: Expr, bound: Slots): CExpr {
    switch (e.kind) {
      case "null":
        return constant(null);
      case "bool":
        return constant(e.value);
      case "number": {
        const n = parseNumber(e.raw);
        if (n === undefined) throw SnapError.of("invalid_number", `invalid number \`${e.raw}\``, e.span);
        return constant(n);
      }
      case "string":
        return constant(e.value);
      case "var": {
        const t = this.a.names.get(e.id);
        if (t?.kind === "local") return localVar(t.slot);
        const r = this.a.refs.get(e.id);
        if (!r) throw new Error(`internal error: unresolved name \`${e.name}\``);
        return this.global(r, bound);
      }
      case "ref":
        return this.ref(e, bound);
      case "array":
        return this.collection(e.items, bound, (vs) => vs);
      case "set":
        return this.collection(e.items, bound, (vs) => SetValue.from(vs));
      case "object":
        return this.object(e, bound);
      case "array-compr":
      case "set-compr":
      case "object-compr":
        return this.comprehension(e, bound);
      case "call":
        return this.call(e, bound);
      case "binary":
        return this.binary(e.op, e.left, e.right, e.id, bound, e.span);
      case "unary": {
        const def = this.a.operators.get(e.id);
        const arg = this.expr(e.arg, bound);
        const zero = { kind: "number", raw: "0", id: -1, span: e.span } as const;
        const call: Call = { kind: "call", id: e.id, span: e.span, name: "minus", nameSpan: e.span, args: [zero, e.arg] };
        if (!def) return lift([constant(0), arg], () => this.missingOperator("-", e.span));
        return lift([constant(0), arg], (c, [x, y]) => this.rt.callBuiltin(c, def, [x!, y!], call));
      }
      case "in": {
        const coll = this.expr(e.collection, bound);
        const value = this.expr(e.value, bound);
        if (e.key) {
          const key = this.expr(e.key, bound);
          return lift([key, value, coll], (_c, [k, v, xs]) => member3(k!, v!, xs!));
        }
        return lift([value, coll], (_c, [v, xs]) => member2(v!, xs!));
      }
      case "template":
        return this.template(e, bound);
      default:
        return unreachable(e, "expression");
    }
  }

  // ───────────────────────────── refs ─────────────────────────────

  /** A global name or ref: the document at its constant prefix, then the remaining segments. */
  private global(r: ResolvedRef, bound: Slots): CExpr {
    let base: CExpr;
    const path = r.prefix;
    if (r.root === "input") {
      base = path.length === 0 ? valOnly((c) => c.state.input) : valOnly((c) => getPath(c.state.input, path));
    } else if (r.root === "data") {
      const doc = this.rt.document(path);
      const first = r.rest[0];
      if (doc.keyed && first !== undefined && this.isLookup(first, bound)) {
        // `data.p[k]` with `k` bound: the node's document for that key, then the key's value.
        const key = this.expr(first, bound).gen;
        base = {
          gen: (c, f, k) =>
            key(c, f, (kv) => {
              const x = doc(c, kv);
              return x !== undefined && k(x);
            }),
        };
        return this.path(base, r.rest.slice(1), bound);
      }
      base = valOnly((c) => doc(c));
    } else {
      throw new Error("internal error: root of a global name");
    }
    return this.path(base, r.rest, bound);
  }

  private ref(e: Ref, bound: Slots): CExpr {
    const r = this.a.refs.get(e.id);
    if (!r) throw new Error(`internal error: unresolved ref (node ${e.id})`);
    switch (r.root) {
      case "local":
        return this.path(localVar(r.slot!), r.rest, bound);
      case "input":
      case "data":
        return this.global(r, bound);
      case "expr":
        return this.path(this.expr(e.head, bound), r.rest, bound);
      default:
        return unreachable(r.root, "ref root");
    }
  }

  private path(base: CExpr, segs: readonly Expr[], bound: Slots): CExpr {
    let cur = base;
    for (const seg of segs) cur = this.step(cur, seg, bound);
    return cur;
  }

  /** True when the ref segment `seg` looks a key up (`step` does not iterate). */
  private isLookup(seg: Expr, bound: Slots): boolean {
    const slot = seg.kind === "var" ? this.localSlot(seg.id) : undefined;
    if (slot !== undefined) return bound.has(slot);
    return !((seg.kind === "array" || seg.kind === "object") && !this.vars.isGround(seg, bound, new Set()));
  }

  /** One step `cur[seg]`: a lookup when `seg` is bound, iteration when it is an unbound variable or pattern. */
  private step(cur: CExpr, seg: Expr, bound: Slots): CExpr {
    const slot = seg.kind === "var" ? this.localSlot(seg.id) : undefined;
    if (slot !== undefined && !bound.has(slot)) {
      const curGen = cur.gen;
      return {
        gen: (c, f, k) =>
          curGen(c, f, (v) => {
            const key = f[slot];
            if (key !== undefined) {
              const x = getKey(v, key);
              return x !== undefined && k(x);
            }
            return forEachEntry(v, (kk, x) => {
              if (++c.steps > c.budget) c.overBudget(seg.span);
              f[slot] = kk;
              const stop = k(x);
              f[slot] = undefined;
              return stop;
            });
          }),
      };
    }
    if ((seg.kind === "array" || seg.kind === "object") && !this.vars.isGround(seg, bound, new Set())) {
      const u = this.unifier(seg, bound);
      const curGen = cur.gen;
      return {
        gen: (c, f, k) =>
          curGen(c, f, (v) =>
            forEachEntry(v, (kk, x) => {
              if (++c.steps > c.budget) c.overBudget(seg.span);
              return u(c, f, kk, () => k(x));
            }),
          ),
      };
    }
    const key = this.expr(seg, bound);
    const curVal = cur.val;
    const keyVal = key.val;
    const curGen = cur.gen;
    const keyGen = key.gen;
    const gen: Gen = (c, f, k) =>
      curGen(c, f, (v) =>
        keyGen(c, f, (kv) => {
          const x = getKey(v, kv);
          return x !== undefined && k(x);
        }),
      );
    if (curVal && keyVal) {
      return {
        gen,
        val: (c, f) => {
          const v = curVal(c, f);
          if (v === undefined) return undefined;
          const kv = keyVal(c, f);
          return kv === undefined ? undefined : getKey(v, kv);
        },
      };
    }
    return { gen };
  }

  /** The slot of a variable node, when it is local. */
  localSlot(id: number): number | undefined {
    const t = this.a.names.get(id);
    return t?.kind === "local" ? t.slot : undefined;
  }

  // ───────────────────────────── composites ─────────────────────────────

  private collection(items: readonly Expr[], bound: Slots, build: (vs: Value[]) => Value): CExpr {
    const cs = items.map((x) => this.expr(x, bound));
    return lift(cs, (_c, vs) => build(vs as Value[]));
  }

  private object(e: Extract<Expr, { kind: "object" }>, bound: Slots): CExpr {
    const parts: CExpr[] = [];
    for (const en of e.entries) parts.push(this.expr(en.key, bound), this.expr(en.value, bound));
    return lift(parts, (_c, vs) => {
      const b = new ObjectBuilder();
      for (let i = 0; i < vs.length; i += 2) b.set(vs[i]!, vs[i + 1]!);
      return b.build();
    });
  }

  private comprehension(e: Extract<Expr, { kind: "array-compr" | "set-compr" | "object-compr" }>, _bound: Slots): CExpr {
    const body = this.bodies.compileBody(e.body, e.id);
    const after = this.a.plans.get(e.id)?.boundAfter ?? new Set<number>();
    const span = e.span;
    if (e.kind === "object-compr") {
      const key = this.expr(e.key, after).gen;
      const value = this.expr(e.value, after).gen;
      return valOnly((c, f) => {
        c.enter(span);
        const b = new ObjectBuilder();
        body(c, f, () =>
          key(c, f, (k) =>
            value(c, f, (v) => {
              const old = b.get(k);
              if (old !== undefined && !equal(old, v)) {
                throw SnapError.of(
                  "eval_conflict",
                  `object comprehension produced conflicting values for key \`${formatPrintArg(k)}\``,
                  span,
                  "object keys must be unique: make the key identify one value",
                );
              }
              b.set(k, v);
              return false;
            }),
          ),
        );
        c.depth--;
        return b.build();
      });
    }
    const term = this.expr(e.term, after).gen;
    if (e.kind === "set-compr") {
      return valOnly((c, f) => {
        c.enter(span);
        const b = new SetBuilder();
        body(c, f, () => term(c, f, (v) => (b.add(v), false)));
        c.depth--;
        return b.build();
      });
    }
    return valOnly((c, f) => {
      c.enter(span);
      const out: Value[] = [];
      body(c, f, () => term(c, f, (v) => (out.push(v), false)));
      c.depth--;
      return out;
    });
  }

  private template(e: Template, bound: Slots): CExpr {
    const parts = e.parts.map((p) => (typeof p === "string" ? p : this.expr(p, bound).gen));
    return valOnly((c, f) => {
      let s = "";
      for (const p of parts) {
        if (typeof p === "string") {
          s += p;
          continue;
        }
        const values: Value[] = [];
        p(c, f, (v) => (values.push(v), false));
        const distinct = values.length > 1 ? SetValue.from(values) : undefined;
        if (distinct && distinct.size > 1) {
          throw SnapError.of("eval_conflict", "a template expression produced several values", e.span, "make each `{…}` in a template produce one value");
        }
        s += formatPrintArg(values[0]);
      }
      return s;
    });
  }

  // ───────────────────────────── operators ─────────────────────────────

  private binary(op: string, l: Expr, r: Expr, id: number, bound: Slots, span: Span): CExpr {
    const left = this.expr(l, bound);
    const right = this.expr(r, bound);
    const def = this.a.operators.get(id);
    // An operator is a call of its built-in, which `with` may replace (`with plus as …`), as in OPA.
    const call: Call = { kind: "call", id, span, name: def?.name ?? op, nameSpan: span, args: [l, r] };
    const rt = this.rt;
    const test = (c: EvalContext, a: Value, b: Value, result: boolean): Value | undefined =>
      c.state.fnOverrides !== undefined && def !== undefined && c.state.fnOverrides.has(def) ? rt.callBuiltin(c, def, [a, b], call) : result;
    switch (op) {
      case "==":
        return lift2(left, right, (c, a, b) => test(c, a, b, equal(a, b)));
      case "!=":
        return lift2(left, right, (c, a, b) => test(c, a, b, !equal(a, b)));
      case "<":
        return lift2(left, right, (c, a, b) => test(c, a, b, compare(a, b) < 0));
      case "<=":
        return lift2(left, right, (c, a, b) => test(c, a, b, compare(a, b) <= 0));
      case ">":
        return lift2(left, right, (c, a, b) => test(c, a, b, compare(a, b) > 0));
      case ">=":
        return lift2(left, right, (c, a, b) => test(c, a, b, compare(a, b) >= 0));
      default: {
        if (!def) return lift2(left, right, () => this.missingOperator(op, span));
        return lift2(left, right, (c, a, b) => rt.callBuiltin(c, def, [a, b], call));
      }
    }
  }

  private missingOperator(op: string, span: Span): never {
    throw SnapError.of("unknown_function", `operator \`${op}\` is not available`, span, "this build of snapspace lacks the built-in behind the operator");
  }

  // ───────────────────────────── calls ─────────────────────────────

  private call(e: Call, bound: Slots): CExpr {
    const target = this.a.calls.get(e.id);
    if (!target) throw new Error(`internal error: unresolved call \`${e.name}\``);
    if (target.kind === "builtin" && target.def.name === "print") return this.print(e, bound);
    const arity = target.kind === "builtin" ? (target.def.variadic ? e.args.length : target.def.args.length) : (target.node.arity ?? 0);
    const args = e.args.slice(0, arity).map((x) => this.expr(x, bound));
    const rt = this.rt;
    const relation = target.kind === "builtin" && target.def.relation === true;
    const invoke =
      target.kind === "builtin"
        ? (c: EvalContext, vs: readonly Value[]) => rt.callBuiltin(c, target.def, vs, e)
        : (c: EvalContext, vs: readonly Value[]) => rt.callFunction(c, target.node, vs, e.span);
    let result: CExpr = relation ? relationOf(args, invoke) : lift(args, invoke);
    if (e.args.length === arity + 1) {
      // The extra argument binds the result; the call itself is then true.
      const out = this.unifier(e.args[arity]!, bound);
      const gen = result.gen;
      result = { gen: (c, f, k) => gen(c, f, (v) => out(c, f, v, () => k(true))) };
    }
    return result;
  }

  private print(e: Call, bound: Slots): CExpr {
    const args = e.args.map((x) => this.expr(x, bound).gen);
    const location = `${e.span.file}:${e.span.line}`;
    return valOnly((c, f) => {
      const prints = c.prints;
      if (prints === undefined) return true;
      const values = args.map((g) => {
        const out: Value[] = [];
        g(c, f, (v) => (out.push(v), false));
        return out.length > 1 ? (SetValue.from(out).sorted() as Value[]) : out;
      });
      for (const message of printLines(values)) prints.push({ location, message });
      return true;
    });
  }

  /** Compile a pattern: unbound variables bind, bound ones and other expressions compare. */
  unifier(p: Expr, bound: Slots): Unifier {
    return compileUnifier(this, p, bound);
  }

  /** Compile `a = b`: evaluate the side that is ground first and match the other against it. */
  unify(a: Expr, b: Expr, bound: Slots): Goal {
    return compileUnify(this, a, b, bound);
  }
}
