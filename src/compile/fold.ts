/**
 * Constant folding: expressions whose value is known when the policy is
 * compiled (literals, operators and pure built-ins over constants, rules
 * whose value is a constant, lookups in them) become constants of the
 * generated code. A built-in that fails on its constant arguments is left
 * for evaluation time, so its error (or undefined) happens exactly where
 * the interpreter's would.
 */
import type { Expr } from "../ast/nodes.js";
import { walk } from "../ast/visit.js";
import { callBuiltin } from "../builtins/call.js";
import { BuiltinError, type BuiltinDef } from "../builtins/types.js";
import type { Analysis, Program, RuleNode } from "../check/program.js";
import { member2, member3 } from "../eval/builtin-call.js";
import { getKey } from "../eval/navigate.js";
import { isPrefix } from "../eval/with.js";
import { compare, equal } from "../value/compare.js";
import { ObjectBuilder } from "../value/keyed-object.js";
import { parseNumber } from "../value/number.js";
import { SetValue } from "../value/set.js";
import type { Value } from "../value/types.js";

const NO_PRINT = { print: () => {} };

/** What `with` replaces anywhere in the program: folding must leave those alone. */
export interface Replaced {
  readonly builtins: ReadonlySet<BuiltinDef>;
  readonly functions: ReadonlySet<RuleNode>;
  /** Paths below `data` that some `with data.… as …` replaces. */
  readonly dataPaths: readonly (readonly string[])[];
}

/** Every `with` target of a program (and of any query, which `extra` adds). */
export function findReplaced(analyses: Iterable<Analysis>): Replaced {
  const builtins = new Set<BuiltinDef>();
  const functions = new Set<RuleNode>();
  const dataPaths: string[][] = [];
  for (const a of analyses) {
    for (const t of a.withTargets.values()) {
      if (t.kind === "builtin") builtins.add(t.def);
      else if (t.kind === "function") functions.add(t.node);
      else if (t.kind === "data") dataPaths.push([...t.path]);
    }
  }
  return { builtins, functions, dataPaths };
}

/** True when a `with data.… as …` somewhere may change the document at `path`. */
export function overlapsReplaced(r: Replaced, path: readonly string[]): boolean {
  return r.dataPaths.some((p) => isPrefix(p, path) || isPrefix(path, p));
}

/** Folds expressions of one program. */
export class Folder {
  private readonly nodes = new Map<RuleNode, Value | null>();
  private readonly busy = new Set<RuleNode>();

  constructor(
    readonly program: Program,
    readonly replaced: Replaced,
  ) {}

  /** The constant value of `e`, or `undefined` when it is not known before evaluation. */
  constOf(e: Expr, a: Analysis): Value | undefined {
    switch (e.kind) {
      case "null":
        return null;
      case "bool":
        return e.value;
      case "string":
        return e.value;
      case "number":
        return parseNumber(e.raw);
      case "array": {
        const vs = this.all(e.items, a);
        return vs;
      }
      case "set": {
        const vs = this.all(e.items, a);
        return vs === undefined ? undefined : SetValue.from(vs);
      }
      case "object": {
        const b = new ObjectBuilder();
        for (const en of e.entries) {
          const k = this.constOf(en.key, a);
          const v = k === undefined ? undefined : this.constOf(en.value, a);
          if (k === undefined || v === undefined) return undefined;
          b.set(k, v);
        }
        return b.build();
      }
      case "var": {
        if (a.names.get(e.id)?.kind === "local") return undefined;
        const r = a.refs.get(e.id);
        return r && r.root === "data" && r.rest.length === 0 ? this.document(r.prefix) : undefined;
      }
      case "ref": {
        const r = a.refs.get(e.id);
        if (!r || r.root !== "data") return undefined;
        let v = this.document(r.prefix);
        for (const seg of r.rest) {
          if (v === undefined) return undefined;
          const k = this.constOf(seg, a);
          if (k === undefined) return undefined;
          v = getKey(v, k);
        }
        return v;
      }
      case "call": {
        const t = a.calls.get(e.id);
        if (!t || t.kind !== "builtin") return undefined;
        const def = t.def;
        if (def.relation || def.name === "print" || this.replaced.builtins.has(def)) return undefined;
        if (!def.variadic && e.args.length !== def.args.length) return undefined;
        const vs = this.all(e.args, a);
        return vs === undefined ? undefined : this.call(def, vs);
      }
      case "binary": {
        const l = this.constOf(e.left, a);
        const r = l === undefined ? undefined : this.constOf(e.right, a);
        if (l === undefined || r === undefined) return undefined;
        // `with equal as …` (any operator's built-in) replaces the comparison too.
        const op = a.operators.get(e.id);
        if (op && this.replaced.builtins.has(op)) return undefined;
        switch (e.op) {
          case "==":
            return equal(l, r);
          case "!=":
            return !equal(l, r);
          case "<":
            return compare(l, r) < 0;
          case "<=":
            return compare(l, r) <= 0;
          case ">":
            return compare(l, r) > 0;
          case ">=":
            return compare(l, r) >= 0;
          default: {
            const def = a.operators.get(e.id);
            return def && !this.replaced.builtins.has(def) ? this.call(def, [l, r]) : undefined;
          }
        }
      }
      case "unary": {
        const def = a.operators.get(e.id);
        const x = this.constOf(e.arg, a);
        return def && x !== undefined && !this.replaced.builtins.has(def) ? this.call(def, [0, x]) : undefined;
      }
      case "in": {
        const coll = this.constOf(e.collection, a);
        const value = coll === undefined ? undefined : this.constOf(e.value, a);
        if (coll === undefined || value === undefined) return undefined;
        if (e.key) {
          const key = this.constOf(e.key, a);
          return key === undefined ? undefined : member3(key, value, coll);
        }
        return member2(value, coll);
      }
      default:
        return undefined;
    }
  }

  private all(es: readonly Expr[], a: Analysis): Value[] | undefined {
    const out: Value[] = [];
    for (const x of es) {
      const v = this.constOf(x, a);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  }

  private call(def: BuiltinDef, args: readonly Value[]): Value | undefined {
    if (!def.deterministic || !def.impl) return undefined;
    try {
      return callBuiltin(def, args, NO_PRINT);
    } catch (e) {
      if (e instanceof BuiltinError) return undefined;
      throw e;
    }
  }

  /** The constant value of the document at `path` below `data`, when it is a constant rule (or a lookup in one). */
  document(path: readonly string[]): Value | undefined {
    const n = this.nodeAt(path);
    if (!n) return undefined;
    let v = this.constNode(n);
    for (let i = n.path.length; i < path.length && v !== undefined; i++) v = getKey(v, path[i]!);
    return v;
  }

  /** The rule node a constant path below `data` starts with (rule nodes end the walk), or `undefined` (base data, replaced documents). */
  private nodeAt(path: readonly string[]): RuleNode | undefined {
    if (overlapsReplaced(this.replaced, path)) return undefined;
    let n = this.program.root;
    for (let i = 0; i < path.length; i++) {
      if (n.kind !== "inner" || n.objectDefs.length > 0) break;
      const child = n.children.get(path[i]!);
      if (!child) return undefined;
      n = child;
    }
    return n;
  }

  /**
   * The rule nodes a folded expression reads directly. Generated code still
   * calls them (a memo hit after the first time), so that the depth of
   * rule evaluations is what the interpreter's is.
   */
  nodesIn(e: Expr, a: Analysis): RuleNode[] {
    const out: RuleNode[] = [];
    walk(e, (x) => {
      if (x.kind !== "var" && x.kind !== "ref") return true;
      if (x.kind === "var" && a.names.get(x.id)?.kind === "local") return true;
      const r = a.refs.get(x.id);
      if (r && r.root === "data") {
        const n = this.nodeAt(r.prefix);
        if (n && n.kind === "complete" && !out.includes(n)) out.push(n);
      }
      return true;
    });
    return out;
  }

  /**
   * The value of a complete rule that is a constant: one definition without
   * a body or `else` whose value folds (`limits := {"EUR": 500}`,
   * `window := 10 * 60`).
   */
  constNode(n: RuleNode): Value | undefined {
    const hit = this.nodes.get(n);
    if (hit !== undefined) return hit === null ? undefined : hit;
    if (n.kind !== "complete" || n.defs.length !== 1 || this.busy.has(n) || overlapsReplaced(this.replaced, n.path)) return undefined;
    const def = n.defs[0]!;
    const rule = def.rule;
    if (def.kind !== "complete" || rule.body.length > 0 || rule.elses.length > 0) return undefined;
    this.busy.add(n);
    const v = rule.head.value ? this.constOf(rule.head.value, def.analysis) : true;
    this.busy.delete(n);
    this.nodes.set(n, v === undefined ? null : v);
    return v;
  }
}
