/**
 * Recursion between rules and functions is an error in Rego: find the
 * dependency cycles of the rule tree and report each once, naming it.
 */
import { diagnostic, type Diagnostic } from "../source/diagnostic.js";
import type { RuleDef, RuleNode } from "./program.js";

/** The rule nodes (with definitions) a reference to `prefix` below `data` may evaluate. */
export function nodesReadBy(root: RuleNode, prefix: readonly string[], out: Set<RuleNode>): void {
  let n = root;
  for (const k of prefix) {
    if (n.kind !== "inner") {
      out.add(n);
      return;
    }
    if (n.objectDefs.length > 0) out.add(n);
    const c = n.children.get(k);
    if (!c) return;
    n = c;
  }
  addSubtree(n, out);
}

function addSubtree(n: RuleNode, out: Set<RuleNode>): void {
  if (n.kind !== "inner" || n.objectDefs.length > 0) out.add(n);
  for (const c of n.children.values()) addSubtree(c, out);
}

/** Report every cycle among rule definitions into `diags` (following `RuleDef.reads`). */
export function checkRecursion(root: RuleNode, defs: readonly RuleDef[], diags: Diagnostic[]): void {
  const edges = new Map<RuleNode, Set<RuleNode>>();
  const firstDef = new Map<RuleNode, RuleDef>();
  for (const def of defs) {
    if (!firstDef.has(def.node)) firstDef.set(def.node, def);
    let deps = edges.get(def.node);
    if (!deps) edges.set(def.node, (deps = new Set()));
    for (const r of def.reads) {
      if (r.kind === "data") nodesReadBy(root, r.prefix, deps);
      else if (r.kind !== "replaced") deps.add(r.node);
    }
  }
  for (const cycle of findCycles(edges)) {
    const def = firstDef.get(cycle[0]!)!;
    const names = [...cycle, cycle[0]!].map((n) => `\`${n.name}\``).join(" → ");
    diags.push(
      diagnostic(
        "recursion",
        `rule \`${cycle[0]!.name}\` is recursive: ${names}`,
        def.rule.head.nameSpan,
        "Rego rules and functions cannot depend on themselves; compute the value without the cycle",
      ),
    );
  }
}

/** One cycle per strongly connected component that has one (Tarjan's algorithm, iterative order kept deterministic). */
function findCycles(edges: Map<RuleNode, Set<RuleNode>>): RuleNode[][] {
  let index = 0;
  const idx = new Map<RuleNode, number>();
  const low = new Map<RuleNode, number>();
  const onStack = new Set<RuleNode>();
  const stack: RuleNode[] = [];
  const cycles: RuleNode[][] = [];
  const strong = (v: RuleNode): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: RuleNode[] = [];
      let w: RuleNode;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      const self = edges.get(v)?.has(v) ?? false;
      if (comp.length > 1 || self) cycles.push(cyclePath(v, new Set(comp), edges));
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) strong(v);
  return cycles;
}

/** A path from `start` back to itself inside the component. */
function cyclePath(start: RuleNode, comp: Set<RuleNode>, edges: Map<RuleNode, Set<RuleNode>>): RuleNode[] {
  const prev = new Map<RuleNode, RuleNode>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of edges.get(v) ?? []) {
      if (!comp.has(w)) continue;
      if (w === start) {
        const path = [v];
        for (let p = v; p !== start; ) path.unshift((p = prev.get(p)!));
        return path;
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
