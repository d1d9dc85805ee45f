/**
 * Static facts about the local variables of expressions, shared by the
 * safety check and the evaluator's planning of unifications: which slots an
 * expression reads, which a pattern binds, which iterating a ref binds.
 */
import type { Expr, Node, Var } from "../ast/nodes.js";
import { walk } from "../ast/visit.js";
import type { Analysis } from "./program.js";
import { isClosure } from "./scope.js";

type Slots = ReadonlySet<number>;

/** Static variable queries over one module's (or query's) side tables. */
export class StaticVars {
  constructor(private readonly a: Analysis) {}

  /** The slot of a variable occurrence, or `undefined` when it names a global. */
  slotOf(v: Var): number | undefined {
    const t = this.a.names.get(v.id);
    return t?.kind === "local" ? t.slot : undefined;
  }

  /** Local variables a node reads outside closures, plus those its closures read from outside. */
  varsOf(n: Node, out: Map<number, Var>, skipWildcards = false): void {
    // The AST and the names are fixed once resolved, so each node's answer is computed once.
    const cache = skipWildcards ? this.cacheSkip : this.cacheAll;
    let vars = cache.get(n);
    if (!vars) {
      vars = new Map();
      this.collectVars(n, vars, skipWildcards);
      cache.set(n, vars);
    }
    for (const [k, v] of vars) if (!out.has(k)) out.set(k, v);
  }

  private readonly cacheAll = new Map<Node, Map<number, Var>>();
  private readonly cacheSkip = new Map<Node, Map<number, Var>>();

  private collectVars(n: Node, out: Map<number, Var>, skipWildcards: boolean): void {
    walk(n, (x) => {
      if (x.kind === "var") {
        const s = this.slotOf(x);
        if (s !== undefined && !(skipWildcards && x.name === "_") && !out.has(s)) out.set(s, x);
        return;
      }
      if (isClosure(x)) {
        this.capturedVars(x, out);
        return false;
      }
      if (x.kind === "every") {
        // Only the domain, the modifiers and what the body reads from outside; the body's own variables are its own.
        this.varsOf(x.domain, out, skipWildcards);
        for (const w of x.with) this.varsOf(w.value, out, skipWildcards);
        this.capturedVars(x, out);
        return false;
      }
      return true;
    });
  }

  /** Variables of enclosing scopes that a closure reads. */
  capturedVars(closure: Node, out: Map<number, Var>): void {
    const cap = this.a.captured.get(closure.id);
    if (!cap || cap.size === 0) return;
    walk(closure, (y) => {
      if (y.kind === "var") {
        const s = this.slotOf(y);
        if (s !== undefined && cap.has(s) && !out.has(s)) out.set(s, y);
      }
    });
  }

  /** Variables of a pattern that unification binds: vars, and vars inside array and object (value) patterns. */
  patternVars(e: Expr, out: Set<number>): void {
    switch (e.kind) {
      case "var": {
        const s = this.slotOf(e);
        if (s !== undefined) out.add(s);
        return;
      }
      case "array":
        for (const x of e.items) this.patternVars(x, out);
        return;
      case "object":
        for (const en of e.entries) this.patternVars(en.value, out);
        return;
      default:
        return;
    }
  }

  /** Variables bound by iterating refs in `e` (`x[i]` binds `i` once `x` is bound). */
  refOutputs(e: Node, safe: Slots, out: Set<number>): void {
    walk(e, (x) => {
      if (isClosure(x) || x.kind === "every") return false;
      if (x.kind === "ref") {
        const r = this.a.refs.get(x.id);
        const headOk = !r || r.root !== "local" || safe.has(r.slot!) || out.has(r.slot!);
        if (headOk) for (const seg of x.path) this.patternVars(seg, out);
      }
      return true;
    });
  }

  /** True when every variable `e` reads is in `safe` or `extra`. */
  isGround(e: Node, safe: Slots, extra: Slots): boolean {
    const vars = new Map<number, Var>();
    this.varsOf(e, vars);
    for (const s of vars.keys()) if (!safe.has(s) && !extra.has(s)) return false;
    return true;
  }
}
