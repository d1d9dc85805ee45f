/**
 * The `graph` family: reachability over graphs given as objects from each
 * node to an array or set of its neighbours, and `walk`, the relation over
 * every path of a document.
 */
import { equal } from "../value/compare.js";
import { objectEntries, objectGet } from "../value/object.js";
import { SetBuilder } from "../value/set.js";
import { isArray, isSet } from "../value/type-of.js";
import type { ObjectValue, Value } from "../value/types.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

/** The elements of an array or set; nothing for any other value (OPA ignores those edges). */
function vertices(v: Value | undefined): readonly Value[] {
  if (isArray(v)) return v;
  if (isSet(v)) return v.sorted();
  return [];
}

export const graphReachable = defineBuiltin({
  name: "graph.reachable",
  family: "graph",
  description:
    "The set of nodes reachable from `initial` in `graph` (an object from each node to an array or set of its neighbours), the starting nodes included. Only nodes that are keys of `graph` count.",
  args: [
    { name: "graph", type: "object" },
    { name: "initial", type: ["array", "set"] },
  ],
  result: "set",
  deterministic: true,
  impl: ([graph, initial]) => {
    const g = graph as ObjectValue;
    const reached = new SetBuilder();
    const queue: Value[] = [...vertices(initial)];
    // Breadth-first, as OPA: a node counts once it is found among the graph's keys.
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i]!;
      if (reached.has(node)) continue;
      const edges = objectGet(g, node);
      if (edges === undefined) continue;
      reached.add(node);
      for (const n of vertices(edges)) if (!reached.has(n)) queue.push(n);
    }
    return reached.build();
  },
});

export const graphReachablePaths = defineBuiltin({
  name: "graph.reachable_paths",
  family: "graph",
  description:
    "The set of paths (arrays of nodes) from each node of `initial` through `graph`, each followed until it reaches a node with no further unvisited neighbours in the graph; a path never repeats a node.",
  args: [
    { name: "graph", type: "object" },
    { name: "initial", type: ["array", "set"] },
  ],
  result: "set",
  deterministic: true,
  impl: ([graph, initial]) => {
    const g = graph as ObjectValue;
    const out = new SetBuilder();
    const path: Value[] = [];
    const extend = (node: Value): void => {
      path.push(node);
      const next = vertices(objectGet(g, node)).filter((n) => objectGet(g, n) !== undefined && !path.some((p) => equal(p, n)));
      if (next.length === 0) out.add([...path]);
      for (const n of next) extend(n);
      path.pop();
    };
    for (const start of vertices(initial)) if (objectGet(g, start) !== undefined) extend(start);
    return out.build();
  },
});

export const walk = defineBuiltin({
  name: "walk",
  family: "graph",
  description:
    "Relation over every node of `x`: each result is `[path, value]`, the root first (`[[], x]`), then children in order (array indexes, object keys and set elements in canonical order). Use as `walk(x, [path, value])`.",
  args: [{ name: "x", type: "any" }],
  result: "array",
  relation: true,
  deterministic: true,
  impl: ([x]) => {
    const out: Value[] = [];
    const path: Value[] = [];
    const visit = (v: Value): void => {
      out.push([[...path], v]);
      if (isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          path.push(i);
          visit(v[i]!);
          path.pop();
        }
      } else if (isSet(v)) {
        for (const e of v.sorted()) {
          path.push(e);
          visit(e);
          path.pop();
        }
      } else if (v !== null && typeof v === "object") {
        for (const [k, e] of objectEntries(v as ObjectValue)) {
          path.push(k);
          visit(e);
          path.pop();
        }
      }
    };
    visit(x!);
    return out;
  },
});

/** The `graph` family. */
export const GRAPH: readonly BuiltinDef[] = [graphReachable, graphReachablePaths, walk];
