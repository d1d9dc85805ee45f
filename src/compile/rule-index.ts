/**
 * Rule indexing, after OPA's rule index: when many definitions of one rule
 * test the same path of `input` against constants
 * (`input.proposal.tool == "payments.charge"`, or `… in {"a", "b"}`), the
 * generated code reads that path once and looks the value up in a `Map`
 * from each constant to the definitions that can match, instead of trying
 * every definition.
 *
 * Conservative by construction: a definition is indexed only when the test
 * is a plain condition of its main body (not negated, no `with`, no `else`
 * chain) and everything its plan evaluates before the test is *inert*
 * (reads of `input` and locals, comparisons, membership: nothing that can
 * fail with an error, print, or evaluate a rule). Skipping such a
 * definition when the value differs is then unobservable: the interpreter
 * would stop at the test. A definition whose condition the indexer cannot
 * see is always tried, in its place in source order.
 */
import type { Expr, Stmt } from "../ast/nodes.js";
import type { Analysis, RuleDef, RuleNode } from "../check/program.js";
import type { Value } from "../value/types.js";
import type { Folder } from "./fold.js";
import { SetValue } from "../value/set.js";

/** Index a node only when at least this many definitions test the same path. */
export const MIN_INDEXED_DEFINITIONS = 4;

/** The index of one rule node. */
export interface RuleIndex {
  /** The path below `input` whose value selects the definitions. */
  readonly path: readonly string[];
  /** Constant → positions (in `node.defs`) of the definitions to try, in source order. */
  readonly entries: readonly (readonly [Value, readonly number[]])[];
  /** Positions of the definitions to try when the value matches no constant. */
  readonly miss: readonly number[];
}

interface Condition {
  readonly path: readonly string[];
  readonly keys: readonly Value[];
}

/** The index of a complete or set node, or `undefined` when too few definitions can be indexed. */
export function planIndex(node: RuleNode, folder: Folder): RuleIndex | undefined {
  if ((node.kind !== "complete" && node.kind !== "set") || node.defs.length < MIN_INDEXED_DEFINITIONS) return undefined;
  const conds = node.defs.map((d) => condition(d, folder));
  const byPath = new Map<string, number>();
  for (const c of conds) if (c) byPath.set(JSON.stringify(c.path), (byPath.get(JSON.stringify(c.path)) ?? 0) + 1);
  let best: string | undefined;
  for (const [p, n] of byPath) if (n >= MIN_INDEXED_DEFINITIONS && (best === undefined || n > byPath.get(best)!)) best = p;
  if (best === undefined) return undefined;
  const path = JSON.parse(best) as string[];
  const keyed = new Map<Value, Set<number>>();
  const always: number[] = [];
  conds.forEach((c, i) => {
    if (!c || JSON.stringify(c.path) !== best) {
      always.push(i);
      return;
    }
    for (const k of c.keys) {
      let s = keyed.get(k);
      if (!s) keyed.set(k, (s = new Set()));
      s.add(i);
    }
  });
  const entries: (readonly [Value, readonly number[]])[] = [];
  for (const [k, s] of keyed) entries.push([k, [...s, ...always].sort((a, b) => a - b)]);
  return { path, entries, miss: always };
}

/** The indexable condition of a definition: the first non-inert statement of its plan, when it is one. */
function condition(def: RuleDef, folder: Folder): Condition | undefined {
  if (def.rule.elses.length > 0 || (def.kind !== "complete" && def.kind !== "set")) return undefined;
  const plan = def.analysis.plans.get(def.rule.id);
  if (!plan) return undefined;
  for (const s of plan.order) {
    const c = testOf(s, def.analysis, folder);
    if (c) return c;
    if (!inertStmt(s, def.analysis)) return undefined;
  }
  return undefined;
}

function testOf(s: Stmt, a: Analysis, folder: Folder): Condition | undefined {
  if (s.kind === "expr" && !s.negated && s.with.length === 0) {
    const e = s.expr;
    if (e.kind === "binary" && e.op === "==") return equality(e.left, e.right, a, folder) ?? equality(e.right, e.left, a, folder);
    if (e.kind === "in" && !e.key) {
      const path = inputPath(e.value, a);
      const coll = path ? folder.constOf(e.collection, a) : undefined;
      const items = Array.isArray(coll) ? coll : coll instanceof SetValue ? coll.sorted() : undefined;
      if (path && items && items.length > 0 && items.every(isScalar)) return { path, keys: items };
    }
  }
  if (s.kind === "unify" && !s.negated && s.with.length === 0) return equality(s.left, s.right, a, folder) ?? equality(s.right, s.left, a, folder);
  return undefined;
}

function equality(ref: Expr, other: Expr, a: Analysis, folder: Folder): Condition | undefined {
  const path = inputPath(ref, a);
  if (!path) return undefined;
  const v = folder.constOf(other, a);
  return v !== undefined && isScalar(v) ? { path, keys: [v] } : undefined;
}

/** `input.a.b` (or an import of it) with only constant segments: its path below `input`. */
function inputPath(e: Expr, a: Analysis): readonly string[] | undefined {
  if (e.kind !== "ref" && e.kind !== "var") return undefined;
  if (e.kind === "var" && a.names.get(e.id)?.kind === "local") return undefined;
  const r = a.refs.get(e.id);
  return r && r.root === "input" && r.rest.length === 0 && r.prefix.length > 0 ? r.prefix : undefined;
}

function isScalar(v: Value): boolean {
  return v === null || typeof v !== "object";
}

/** A statement that cannot raise an error, print, or evaluate a rule or function. */
function inertStmt(s: Stmt, a: Analysis): boolean {
  switch (s.kind) {
    case "expr":
      return s.with.length === 0 && inert(s.expr, a);
    case "unify":
    case "assign":
      return s.with.length === 0 && inert(s.left, a) && inert(s.right, a);
    case "some-in":
      return s.with.length === 0 && inert(s.collection, a) && inert(s.value, a) && (!s.key || inert(s.key, a));
    case "some":
      return true;
    case "every":
      return false;
  }
}

function inert(e: Expr, a: Analysis): boolean {
  switch (e.kind) {
    case "null":
    case "bool":
    case "number":
    case "string":
      return true;
    case "var": {
      const t = a.names.get(e.id);
      return t?.kind === "local" || t?.kind === "input";
    }
    case "ref": {
      const r = a.refs.get(e.id);
      if (!r || (r.root !== "input" && r.root !== "local")) return false;
      return r.rest.every((x) => inert(x, a));
    }
    case "array":
    case "set":
      return e.items.every((x) => inert(x, a));
    case "object":
      return e.entries.every((en) => inert(en.key, a) && inert(en.value, a));
    case "binary":
      return ["==", "!=", "<", "<=", ">", ">="].includes(e.op) && inert(e.left, a) && inert(e.right, a);
    case "in":
      return inert(e.value, a) && inert(e.collection, a) && (!e.key || inert(e.key, a));
    default:
      return false;
  }
}
