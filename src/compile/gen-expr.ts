/**
 * Generates the code of expressions, in continuation-passing style at
 * compile time: an expression emits the statements that compute its
 * values and, for each value, the code of its continuation. A value is a
 * JS local; an undefined value abandons the alternative (`cx.fail`); an
 * expression that iterates (`xs[i]` with `i` unbound) opens a `for` loop
 * and emits its continuation inside. So a body becomes nested loops with
 * `continue` on failure, and nothing is walked while evaluating.
 *
 * Every decision mirrors the interpreter's (`src/eval/exprs.ts`): the same
 * order of evaluation, the same choice between lookup and iteration, the
 * same built-in paths, so both back ends give the same values and errors.
 * `sb` is the set of slots bound before the statement (the checker's
 * plan), which the interpreter's choices are based on; `cx.bound` is what
 * is bound at this exact point, known statically because the code is
 * emitted in evaluation order.
 */
import type { Call, Expr, Ref, Template } from "../ast/nodes.js";
import type { Analysis, ResolvedRef, RuleNode } from "../check/program.js";
import { StaticVars } from "../check/vars.js";
import type { BuiltinDef } from "../builtins/types.js";
import type { Span } from "../source/span.js";
import { unreachable } from "../source/unreachable.js";
import { parseNumber } from "../value/number.js";
import { SetValue } from "../value/set.js";
import type { Value } from "../value/types.js";
import { overlapsReplaced } from "./fold.js";
import { parseSimpleFormat, printsAsIs } from "./sprintf-fast.js";
import type { BodyGen } from "./gen-body.js";
import { remember, slotVar, withFail, type Cx, type Unit, type ValueK } from "./unit.js";

type Slots = ReadonlySet<number>;

/** An object literal with distinct constant string keys: its keys, and the JS locals of its keys and values. */
export interface LiteralParts {
  readonly keys: readonly string[];
  readonly keyLocals: readonly string[];
  readonly values: readonly string[];
}

/** True for `__proto__` and any other accessor of `Object.prototype`: reading it runs code, so it is always checked first. */
function isPrototypeAccessor(key: string): boolean {
  const d = Object.getOwnPropertyDescriptor(Object.prototype, key);
  return d !== undefined && (d.get !== undefined || d.set !== undefined);
}

/** The type-check built-ins, inlined (each is `typeOf(x) === t`, see `src/builtins/type-checks.ts`). */
const TYPE_CHECKS: Readonly<Record<string, (x: string) => string>> = {
  is_number: (x) => `(typeof ${x} === "number" || typeof ${x} === "bigint")`,
  is_string: (x) => `typeof ${x} === "string"`,
  is_boolean: (x) => `typeof ${x} === "boolean"`,
  is_null: (x) => `${x} === null`,
  is_array: (x) => `Array.isArray(${x})`,
  is_set: (x) => `${x} instanceof $SetValue`,
  is_object: (x) => `$isObjectValue(${x})`,
};

const COMPARISONS: Readonly<Record<string, string>> = { "<": "<", "<=": "<=", ">": ">", ">=": ">=" };

/** Generates the expressions of one module (or query), given its side tables. */
export class ExprGen {
  readonly vars: StaticVars;
  bodies!: BodyGen;
  private readonly consts = new Map<number, Value | null>();

  constructor(
    readonly unit: Unit,
    readonly a: Analysis,
  ) {
    this.vars = new StaticVars(a);
  }

  /** The constant value of `e` (folded), or `undefined`. */
  constOf(e: Expr): Value | undefined {
    const hit = this.consts.get(e.id);
    if (hit !== undefined) return hit === null ? undefined : hit;
    const v = this.unit.folder.constOf(e, this.a);
    this.consts.set(e.id, v === undefined ? null : v);
    return v;
  }

  /** A constant's local name. */
  k(v: Value): string {
    return this.unit.pool.value(v);
  }

  /** A span's local name. */
  span(s: Span): string {
    return this.unit.pool.span(s);
  }

  /** Store a JS expression in a fresh constant local. */
  temp(cx: Cx, js: string): string {
    const t = cx.names.fresh("t");
    cx.out.line(`const ${t} = ${js};`);
    return t;
  }

  /** Emit the values of `e`, each followed by `k`. */
  expr(e: Expr, sb: Slots, cx: Cx, k: ValueK): void {
    if (e.kind !== "var" || this.a.names.get(e.id)?.kind !== "local") {
      const c = this.constOf(e);
      if (c !== undefined) {
        let c2 = cx;
        for (const n of this.unit.folder.nodesIn(e, this.a)) c2 = this.enterConstant(n, c2);
        return k(this.k(c), c2);
      }
    }
    switch (e.kind) {
      case "null":
        return k(this.k(null), cx);
      case "bool":
        return k(this.k(e.value), cx);
      case "string":
        return k(this.k(e.value), cx);
      case "number": {
        const n = parseNumber(e.raw);
        if (n === undefined) {
          cx.out.line(`throw $invalidNumber(${this.unit.pool.json(e.raw)}, ${this.span(e.span)});`);
          return;
        }
        return k(this.k(n), cx);
      }
      case "var": {
        const t = this.a.names.get(e.id);
        if (t?.kind === "local") {
          if (cx.bound.has(t.slot)) return k(slotVar(t.slot), cx);
          cx.out.line(`${cx.fail};`);
          return;
        }
        const r = this.a.refs.get(e.id);
        if (!r) throw new Error(`internal error: unresolved name \`${e.name}\``);
        return this.global(r, sb, cx, k);
      }
      case "ref":
        return this.ref(e, sb, cx, k);
      case "array":
        return this.all(e.items, sb, cx, (vs, cx2) => k(this.temp(cx2, `[${vs.join(", ")}]`), cx2));
      case "set":
        return this.all(e.items, sb, cx, (vs, cx2) => k(this.temp(cx2, `$setOf([${vs.join(", ")}])`), cx2));
      case "object":
        return this.object(e, sb, cx, k);
      case "array-compr":
      case "set-compr":
      case "object-compr":
        return this.bodies.comprehension(e, cx, k);
      case "call":
        return this.call(e, sb, cx, k);
      case "binary":
        return this.binary(e, sb, cx, k);
      case "unary": {
        const def = this.a.operators.get(e.id);
        return this.expr(e.arg, sb, cx, (x, cx2) => {
          if (!def) return this.missingOperator("-", e.span, cx2);
          const site = this.unit.pool.site(def, { span: e.span, args: [e.span, e.arg.span] });
          const t = cx2.names.fresh("t");
          // `-x` is `minus(0, x)`; for a number other than zero that is the number negated.
          cx2.out.line(`const ${t} = typeof ${x} === "number" && ${x} !== 0 ? -${x} : ${this.invoke(def, site, [this.k(0), x])};`);
          cx2.out.line(`if (${t} === undefined) ${cx2.fail};`);
          k(t, cx2);
        });
      }
      case "in":
        return this.membership(e, sb, cx, k);
      case "template":
        return this.template(e, sb, cx, k);
      default:
        return unreachable(e, "expression");
    }
  }

  /** Emit the values of several expressions, in order (every combination when they iterate). */
  all(es: readonly Expr[], sb: Slots, cx: Cx, k: (vs: string[], cx: Cx) => void): void {
    const out: string[] = [];
    const go = (i: number, c: Cx): void => {
      if (i === es.length) return k(out.slice(), c);
      this.expr(es[i]!, sb, c, (v, c2) => {
        out[i] = v;
        go(i + 1, c2);
      });
    };
    go(0, cx);
  }

  /** Emit every value of `e` into a fresh array (print, templates, `with` values). */
  collect(e: Expr, sb: Slots, cx: Cx): string {
    const arr = cx.names.fresh("p");
    const label = cx.names.fresh("P");
    cx.out.line(`const ${arr} = [];`);
    cx.out.open(`${label}:`);
    this.expr(e, sb, withFail(cx, `break ${label}`), (v, c) => c.out.line(`${arr}.push(${v});`));
    cx.out.close();
    return arr;
  }

  // ───────────────────────────── refs and documents ─────────────────────────────

  private global(r: ResolvedRef, sb: Slots, cx: Cx, k: ValueK): void {
    if (r.root === "input") {
      return this.inputAt(r.prefix, cx, (v, c) => this.path(v, r.rest, sb, c, k));
    }
    if (r.root === "data") {
      const keyed = this.keyedNode(r.prefix);
      const first = r.rest[0];
      if (keyed !== undefined && first !== undefined && this.isLookup(first, sb)) {
        // `data.p[k]` with `k` bound: the node's document for that key (see `ConflictedDoc`), then the key's value.
        return this.expr(first, sb, cx, (kv, c) => {
          const t = this.temp(c, `$lookupIn(S, ${this.unit.nodeNumber(keyed)}, ${kv})`);
          c.out.line(`if (${t} === undefined) ${c.fail};`);
          this.path(t, r.rest.slice(1), sb, c, k);
        });
      }
      return this.document(r.prefix, cx, (v, c) => this.path(v, r.rest, sb, c, k));
    }
    throw new Error("internal error: root of a global name");
  }

  /** The inner node that `path` ends at, when nothing replaces it (`with`): its lookups are by key (see `$lookupIn`). */
  private keyedNode(path: readonly string[]): RuleNode | undefined {
    let n = this.unit.program.root;
    for (const seg of path) {
      if (n.kind !== "inner" || n.objectDefs.length > 0) return undefined;
      const child = n.children.get(seg);
      if (!child) return undefined;
      n = child;
    }
    return n.kind === "inner" && !overlapsReplaced(this.unit.replaced, path) ? n : undefined;
  }

  /** True when the ref segment `seg` looks a key up (as the interpreter decides: a variable bound before the statement, or a ground term). */
  private isLookup(seg: Expr, sb: Slots): boolean {
    const slot = seg.kind === "var" ? this.localSlot(seg.id) : undefined;
    if (slot !== undefined) return sb.has(slot);
    return !((seg.kind === "array" || seg.kind === "object") && !this.vars.isGround(seg, sb, new Set()));
  }

  private ref(e: Ref, sb: Slots, cx: Cx, k: ValueK): void {
    const r = this.a.refs.get(e.id);
    if (!r) throw new Error(`internal error: unresolved ref (node ${e.id})`);
    switch (r.root) {
      case "local":
        if (!cx.bound.has(r.slot!)) {
          cx.out.line(`${cx.fail};`);
          return;
        }
        return this.path(slotVar(r.slot!), r.rest, sb, cx, k);
      case "input":
      case "data":
        return this.global(r, sb, cx, k);
      case "expr":
        return this.expr(e.head, sb, cx, (v, c) => this.path(v, r.rest, sb, c, k));
      default:
        return unreachable(r.root, "ref root");
    }
  }

  /**
   * The document at a constant path below `data`, resolved against the rule
   * tree now: a rule's memoised value, an inner node's object, or base data.
   */
  document(path: readonly string[], cx: Cx, k: ValueK): void {
    let n = this.unit.program.root;
    let i = 0;
    let inTree = true;
    for (; i < path.length; i++) {
      if (n.kind !== "inner" || n.objectDefs.length > 0) break;
      const child = n.children.get(path[i]!);
      if (!child) {
        inTree = false;
        break;
      }
      n = child;
    }
    const c = this.unit.folder.document(path);
    if (c !== undefined) return k(this.k(c), this.enterConstant(n, cx));
    const rest = inTree ? path.slice(i) : path;
    if (overlapsReplaced(this.unit.replaced, path)) {
      // A `with data.… as …` may replace this document: look at the overrides first (rare; only in programs that use one here).
      const base = inTree ? this.nodeCall(n) : "S.d";
      const fast = rest.length === 0 ? base : `$getPath(${base}, ${this.unit.pool.json(rest)})`;
      const t = this.temp(cx, `S.ov === undefined ? ${fast} : $overridden(S, ${this.unit.pool.json(path)}, (S) => ${fast})`);
      cx.out.line(`if (${t} === undefined) ${cx.fail};`);
      return k(t, cx);
    }
    if (!inTree) return this.navigate("S.d", "d", path, cx, k);
    const num = this.unit.nodeNumber(n);
    if (n.kind === "inner" && n.objectDefs.length > 0 && rest.length > 0) {
      // A lookup below object rules: only a conflict on this key path is an error (see `ConflictedDoc`).
      return this.navigate(`$innerAt(S, ${num}, ${this.k(rest)})`, `n${num}\u0001${rest.join("\u0000")}`, rest, cx, k);
    }
    return this.navigate(this.nodeCall(n), `n${num}`, rest, cx, k);
  }

  /**
   * A constant rule is still entered (a memo hit after the first time), as
   * the interpreter enters it, so that the depth of evaluations is the same.
   */
  private enterConstant(n: RuleNode, cx: Cx): Cx {
    const num = this.unit.nodeNumber(n);
    const key = `entered n${num}`;
    if (cx.known.has(key) || cx.known.has(`n${num}`)) return cx;
    // Only the first entry does anything (it checks the depth limit): skip the call once the memo is set.
    cx.out.line(`if (S.m[${num}] === undefined) ${this.nodeCall(n)};`);
    return remember(cx, key, "true");
  }

  /** The JS call evaluating a node's value (memoised). */
  nodeCall(n: RuleNode): string {
    return n.kind === "inner" ? `$inner(S, ${this.unit.nodeNumber(n)})` : `${this.unit.nodeRef(n)}(S)`;
  }

  /** `input` at a constant path. */
  inputAt(path: readonly string[], cx: Cx, k: ValueK): void {
    this.navigate("S.i", "i", path, cx, k);
  }

  /**
   * Evaluate `base` (a JS expression, called `baseKey` among known values)
   * and follow a constant string path from it, failing when a step is
   * undefined. Each prefix is remembered for the continuation.
   */
  navigate(base: string, baseKey: string, path: readonly string[], cx: Cx, k: ValueK): void {
    let c = cx;
    let cur = c.known.get(baseKey);
    if (cur === undefined) {
      cur = this.temp(c, base);
      c.out.line(`if (${cur} === undefined) ${c.fail};`);
      c = remember(c, baseKey, cur);
    }
    let key = baseKey;
    for (const seg of path) {
      key += `\u0000${seg}`;
      const hit = c.known.get(key);
      if (hit !== undefined) {
        cur = hit;
        continue;
      }
      cur = this.lookupString(cur, this.k(seg), c, seg);
      c = remember(c, key, cur);
    }
    k(cur, c);
  }

  /**
   * `cur[key]` for a constant string key: a direct property read when `cur`
   * is a plain JSON object, the generic lookup otherwise. Inputs have
   * `Object.prototype`, so a read may find an inherited property; it can
   * only be one of `Object.prototype` (see the INVARIANT), so a value equal
   * to `Object.prototype[key]` is checked with `Object.hasOwn`, and no other
   * read pays for that check (measured: half the cost of guarding every read).
   */
  lookupString(cur: string, key: string, cx: Cx, keyText: string): string {
    const t = cx.names.fresh("t");
    // INVARIANT: plain objects reaching evaluation have `Object.prototype` or no prototype (`fromJs` and the
    // decision layer's shape check reject others), so `constructor === Object` means the prototype is `Object.prototype`.
    if (isPrototypeAccessor(keyText)) {
      cx.out.line(`const ${t} = typeof ${cur} === "object" && ${cur} !== null && ${cur}.constructor === Object ? ($hasOwn(${cur}, ${key}) ? ${cur}[${key}] : undefined) : $get(${cur}, ${key});`);
    } else {
      cx.out.line(`let ${t} = typeof ${cur} === "object" && ${cur} !== null && ${cur}.constructor === Object ? ${cur}[${key}] : $get(${cur}, ${key});`);
      cx.out.line(`if (${t} !== undefined && ${t} === $OP[${key}] && !$hasOwn(${cur}, ${key})) ${t} = undefined;`);
    }
    cx.out.line(`if (${t} === undefined) ${cx.fail};`);
    return t;
  }

  private path(base: string, segs: readonly Expr[], sb: Slots, cx: Cx, k: ValueK): void {
    const go = (cur: string, i: number, c: Cx): void => {
      if (i === segs.length) return k(cur, c);
      this.step(cur, segs[i]!, sb, c, (v, c2) => go(v, i + 1, c2));
    };
    go(base, 0, cx);
  }

  /** One step `cur[seg]`: a lookup when `seg` is bound, iteration when it is an unbound variable or pattern. */
  private step(cur: string, seg: Expr, sb: Slots, cx: Cx, k: ValueK): void {
    const slot = seg.kind === "var" ? this.localSlot(seg.id) : undefined;
    if (slot !== undefined && !sb.has(slot)) {
      if (cx.bound.has(slot)) {
        // Bound earlier in this statement: a lookup.
        const t = this.temp(cx, `$get(${cur}, ${slotVar(slot)})`);
        cx.out.line(`if (${t} === undefined) ${cx.fail};`);
        return k(t, cx);
      }
      return this.loop(cur, seg.span, cx, true, (key, value, c) => {
        c.out.line(`${slotVar(slot)} = ${key};`);
        c.bound.add(slot);
        k(value, c);
        c.bound.delete(slot);
      });
    }
    if ((seg.kind === "array" || seg.kind === "object") && !this.vars.isGround(seg, sb, new Set())) {
      return this.loop(cur, seg.span, cx, true, (key, value, c) => this.bodies.unifier(seg, key, sb, c, (c2) => k(value, c2)));
    }
    const kc = this.constOf(seg);
    if (typeof kc === "string") return k(this.lookupString(cur, this.k(kc), cx, kc), cx);
    const table = this.constantTable(cur);
    this.expr(seg, sb, cx, (kv, c) => {
      // A constant object looked up by a computed string: a `Map`, which needs no string-table lookup of the key.
      const t = this.temp(c, table ? `typeof ${kv} === "string" ? ${table}.get(${kv}) : $get(${cur}, ${kv})` : `$get(${cur}, ${kv})`);
      c.out.line(`if (${t} === undefined) ${c.fail};`);
      k(t, c);
    });
  }

  /**
   * Iterate a collection in canonical order (arrays by index, objects by
   * sorted key, sets sorted), counting a step per element; `body` is emitted
   * inside the loop, where failing continues with the next element.
   */
  loop(coll: string, span: Span | undefined, cx: Cx, needKey: boolean, body: (key: string, value: string, cx: Cx) => void): void {
    // Local names never look like the program's own (`d3`, `e3`, `f3`, `k3`, `n3`, `u3`).
    const e = cx.names.fresh("it");
    const n = cx.names.fresh("len");
    const i = cx.names.fresh("i");
    const label = cx.names.fresh("L");
    const x = cx.names.fresh("x");
    cx.out.line(`const ${e} = $iter(${coll});`);
    cx.out.open(`if (${e} !== undefined)`);
    cx.out.line(`const ${n} = ${e} === null ? ${coll}.length : ${e}.k.length;`);
    cx.out.open(`${label}: for (let ${i} = 0; ${i} < ${n}; ${i}++)`);
    cx.out.line(`if (++S.steps > S.budget) $overBudget(S, ${span ? this.span(span) : "undefined"});`);
    cx.out.line(`const ${x} = ${e} === null ? ${coll}[${i}] : ${e}.v[${i}];`);
    let key = i;
    if (needKey) {
      key = cx.names.fresh("y");
      cx.out.line(`const ${key} = ${e} === null ? ${i} : ${e}.k[${i}];`);
    }
    body(key, x, withFail(cx, `continue ${label}`));
    cx.out.close();
    cx.out.close();
  }

  /** A `Map` constant for a constant plain object (a local named `k…`) with a few keys or more, else `undefined`. */
  private constantTable(cur: string): string | undefined {
    const v = this.unit.pool.valueOf(cur);
    if (v === undefined || v === null || typeof v !== "object" || Array.isArray(v) || v.constructor !== Object) return undefined;
    const keys = Object.keys(v);
    if (keys.length < 2) return undefined;
    let name = this.tables.get(cur);
    if (!name) this.tables.set(cur, (name = this.unit.pool.map(keys.map((key) => [key, (v as Record<string, Value>)[key]!]))));
    return name;
  }

  private readonly tables = new Map<string, string>();

  /** The slot of a variable node, when it is local. */
  localSlot(id: number): number | undefined {
    const t = this.a.names.get(id);
    return t?.kind === "local" ? t.slot : undefined;
  }

  // ───────────────────────────── composites ─────────────────────────────

  private object(e: Extract<Expr, { kind: "object" }>, sb: Slots, cx: Cx, k: ValueK): void {
    const parts: Expr[] = [];
    for (const en of e.entries) parts.push(en.key, en.value);
    const keys = e.entries.map((en) => this.constOf(en.key));
    const stringKeys = keys.every((key) => typeof key === "string");
    const distinct = stringKeys && new Set(keys).size === keys.length;
    this.all(parts, sb, cx, (vs, c) => {
      if (stringKeys) {
        // Computed keys (`[k3]: v`) define own properties, `__proto__` included.
        const fields: string[] = [];
        for (let i = 0; i < vs.length; i += 2) fields.push(`[${vs[i]}]: ${vs[i + 1]}`);
        const t = this.temp(c, `{${fields.join(", ")}}`);
        if (!distinct) return k(t, c);
        const values = vs.filter((_, i) => i % 2 === 1);
        return this.withLiteral(t, { keys: keys as string[], keyLocals: vs.filter((_, i) => i % 2 === 0), values }, () => k(t, c));
      }
      k(this.temp(c, `$objectOf([${vs.join(", ")}])`), c);
    });
  }

  /**
   * Object literals with distinct constant string keys, by the JS local
   * holding them on the path being emitted (and the locals of the variables
   * bound to them): what a governed rule needs to build a reason's `details`
   * without copying the object (`gen-rule.ts`).
   */
  readonly literals = new Map<string, LiteralParts>();

  /** Emit `k` knowing that `local` holds an object literal made of `parts`. */
  withLiteral(local: string, parts: LiteralParts, k: () => void): void {
    const saved = this.literals.get(local);
    this.literals.set(local, parts);
    k();
    if (saved === undefined) this.literals.delete(local);
    else this.literals.set(local, saved);
  }

  private template(e: Template, sb: Slots, cx: Cx, k: ValueK): void {
    const s = cx.names.fresh("s");
    cx.out.line(`let ${s} = "";`);
    for (const p of e.parts) {
      if (typeof p === "string") {
        cx.out.line(`${s} += ${this.k(p)};`);
        continue;
      }
      const vs = this.collect(p, sb, cx);
      cx.out.line(`${s} += $templatePart(${vs}, ${this.span(e.span)});`);
    }
    k(s, cx);
  }

  // ───────────────────────────── operators ─────────────────────────────

  private binary(e: Extract<Expr, { kind: "binary" }>, sb: Slots, cx: Cx, k: ValueK): void {
    const lc = this.constOf(e.left);
    const rc = this.constOf(e.right);
    const def = this.a.operators.get(e.id);
    // A comparison whose built-in a `with` replaces somewhere (`with equal as …`) is a call like arithmetic.
    const replaced = def !== undefined && this.unit.replaced.builtins.has(def);
    this.expr(e.left, sb, cx, (a, c1) =>
      this.expr(e.right, sb, c1, (b, c2) => {
        if (replaced) return this.arithmetic(e, a, b, c2, k);
        switch (e.op) {
          case "==":
            return k(this.temp(c2, this.eq(a, b, lc, rc)), c2);
          case "!=":
            return k(this.temp(c2, `!${this.eq(a, b, lc, rc)}`), c2);
          case "<":
          case "<=":
          case ">":
          case ">=": {
            const op = COMPARISONS[e.op]!;
            const numbers = typeof lc === "number" ? `typeof ${b} === "number"` : typeof rc === "number" ? `typeof ${a} === "number"` : `typeof ${a} === "number" && typeof ${b} === "number"`;
            return k(this.temp(c2, `(${numbers} ? ${a} ${op} ${b} : $compare(${a}, ${b}) ${op} 0)`), c2);
          }
          default:
            return this.arithmetic(e, a, b, c2, k);
        }
      }),
    );
  }

  /** A JS expression for Rego equality of two locals (constants known at compile time make it one `===`). */
  eq(a: string, b: string, ac?: Value, bc?: Value): string {
    const scalar = (v: Value | undefined) => v === null || typeof v === "string" || typeof v === "boolean";
    if (scalar(ac) || scalar(bc)) return `(${a} === ${b})`;
    return `(${a} === ${b} || $equalSlow(${a}, ${b}))`;
  }

  private arithmetic(e: Extract<Expr, { kind: "binary" }>, a: string, b: string, cx: Cx, k: ValueK): void {
    const def = this.a.operators.get(e.id);
    if (!def) return this.missingOperator(e.op, e.span, cx);
    const site = this.unit.pool.site(def, { span: e.span, args: [e.left.span, e.right.span] });
    const call = this.invoke(def, site, [a, b]);
    const t = cx.names.fresh("t");
    // Safe-integer results of `+ - *` are exact and need no normalisation (`+ 0` turns `-0` into `0`, as `fromFloat` does).
    const fast: Partial<Record<string, string>> = { "+": `${a} + ${b}`, "-": `${a} - ${b}`, "*": `${a} * ${b} + 0` };
    const f = fast[e.op];
    if (f && !this.unit.replaced.builtins.has(def)) {
      cx.out.line(`let ${t};`);
      cx.out.line(`if (!(typeof ${a} === "number" && typeof ${b} === "number" && Number.isSafeInteger(${t} = ${f}))) ${t} = ${call};`);
    } else {
      cx.out.line(`const ${t} = ${call};`);
    }
    cx.out.line(`if (${t} === undefined) ${cx.fail};`);
    k(t, cx);
  }

  private missingOperator(op: string, span: Span, cx: Cx): void {
    cx.out.line(`throw $missingOperator(${this.unit.pool.json(op)}, ${this.span(span)});`);
  }

  /** The JS call of a built-in (through `with` replacements only when some `with` replaces it). */
  invoke(def: BuiltinDef, site: string, args: readonly string[]): string {
    const fn = this.unit.replaced.builtins.has(def) ? "$callSite" : "$invoke";
    return `${fn}(S, ${site}, [${args.join(", ")}])`;
  }

  private membership(e: Extract<Expr, { kind: "in" }>, sb: Slots, cx: Cx, k: ValueK): void {
    const collConst = this.constOf(e.collection);
    if (e.key) {
      return this.all([e.key, e.value, e.collection], sb, cx, (vs, c) => k(this.temp(c, `$member3(${vs[0]}, ${vs[1]}, ${vs[2]})`), c));
    }
    const items = Array.isArray(collConst) ? collConst : collConst instanceof SetValue ? collConst.sorted() : undefined;
    if (items && items.length > 0 && items.every((x) => typeof x === "string")) {
      // A constant collection of strings: only a string can be a member, and a JS `Set` answers.
      const set = this.unit.pool.strings(items as string[]);
      return this.expr(e.value, sb, cx, (v, c) => {
        let c2 = c;
        for (const n of this.unit.folder.nodesIn(e.collection, this.a)) c2 = this.enterConstant(n, c2);
        k(this.temp(c2, `(typeof ${v} === "string" && ${set}.has(${v}))`), c2);
      });
    }
    this.all([e.value, e.collection], sb, cx, (vs, c) => k(this.temp(c, `$member2(${vs[0]}, ${vs[1]})`), c));
  }

  // ───────────────────────────── calls ─────────────────────────────

  private call(e: Call, sb: Slots, cx: Cx, k: ValueK): void {
    const target = this.a.calls.get(e.id);
    if (!target) throw new Error(`internal error: unresolved call \`${e.name}\``);
    if (target.kind === "builtin" && target.def.name === "print") return this.print(e, sb, cx, k);
    const arity = target.kind === "builtin" ? (target.def.variadic ? e.args.length : target.def.args.length) : (target.node.arity ?? 0);
    const relation = target.kind === "builtin" && target.def.relation === true;
    const withOut = e.args.length === arity + 1;
    if (target.kind === "builtin" && target.def.name === "sprintf" && !withOut && !this.unit.replaced.builtins.has(target.def)) {
      const fast = this.sprintf(e, target.def, sb, cx, k);
      if (fast) return;
    }
    const result: ValueK = withOut
      ? (v, c) => this.bodies.unifier(e.args[arity]!, v, sb, c, (c2) => k(this.k(true), c2))
      : k;
    const check = target.kind === "builtin" && !this.unit.replaced.builtins.has(target.def) ? TYPE_CHECKS[target.def.name] : undefined;
    this.all(e.args.slice(0, arity), sb, cx, (vs, c) => {
      const t = c.names.fresh("r");
      if (check) {
        // A type check never fails or errors: inline.
        c.out.line(`const ${t} = ${check(vs[0]!)};`);
        return result(t, c);
      }
      if (target.kind === "builtin") {
        const site = this.unit.pool.site(target.def, { span: e.span, args: e.args.map((x) => x.span) });
        c.out.line(`const ${t} = ${this.invoke(target.def, site, vs)};`);
      } else {
        c.out.line(`const ${t} = ${this.unit.fnRef(target.node)}(S, ${this.span(e.span)}${vs.map((v) => `, ${v}`).join("")});`);
      }
      c.out.line(`if (${t} === undefined) ${c.fail};`);
      if (!relation) return result(t, c);
      // A relation (`walk`) yields an array of results, each a solution.
      const label = c.names.fresh("L");
      const i = c.names.fresh("i");
      c.out.line(`if (!Array.isArray(${t})) ${c.fail};`);
      c.out.open(`${label}: for (let ${i} = 0; ${i} < ${t}.length; ${i}++)`);
      c.out.line(`if (++S.steps > S.budget) $overBudget(S, undefined);`);
      const x = this.temp(c, `${t}[${i}]`);
      result(x, withFail(c, `continue ${label}`));
      c.out.close();
    });
  }

  /** `sprintf` with a simple constant format and an array literal: see `sprintf-fast.ts`. Returns false when it does not apply. */
  private sprintf(e: Call, def: BuiltinDef, sb: Slots, cx: Cx, k: ValueK): boolean {
    const format = this.constOf(e.args[0]!);
    const values = e.args[1]!;
    const f = typeof format === "string" ? parseSimpleFormat(format) : undefined;
    if (!f || values.kind !== "array" || values.items.length !== f.verbs.length || this.constOf(values) !== undefined) return false;
    const site = this.unit.pool.site(def, { span: e.span, args: e.args.map((x) => x.span) });
    const formatK = this.k(format as string);
    this.expr(e.args[0]!, sb, cx, (_fv, c0) =>
      this.all(values.items, sb, c0, (vs, c) => {
        const parts: string[] = ['""'];
        f.verbs.forEach((_v, i) => {
          if (f.lits[i] !== "") parts.push(this.k(f.lits[i]!));
          parts.push(vs[i]!);
        });
        if (f.lits[f.verbs.length] !== "") parts.push(this.k(f.lits[f.verbs.length]!));
        const conds = f.verbs.map((v, i) => printsAsIs(v, vs[i]!));
        const t = c.names.fresh("r");
        c.out.line(`const ${t} = ${conds.length > 0 ? conds.join(" && ") : "true"} ? ${parts.join(" + ")} : ${this.invoke(def, site, [formatK, `[${vs.join(", ")}]`])};`);
        c.out.line(`if (${t} === undefined) ${c.fail};`);
        k(t, c);
      }),
    );
    return true;
  }

  private print(e: Call, sb: Slots, cx: Cx, k: ValueK): void {
    const location = this.unit.pool.json(`${e.span.file}:${e.span.line}`);
    cx.out.open("if (S.prints !== undefined)");
    const arrays = e.args.map((x) => this.collect(x, sb, cx));
    cx.out.line(`$print(S, ${location}, [${arrays.join(", ")}]);`);
    cx.out.close();
    k(this.k(true), cx);
  }
}
