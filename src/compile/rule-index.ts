/**
 * Rule indexing, after OPA's rule index: when many definitions of one rule
 * test the same path of `input` against constants
 * (`input.proposal.tool == "payments.charge"`, or `… in {"a", "b"}`), the
 * generated code reads that path once and looks the value up in a `Map`
 * from each constant to the definitions that can match, instead of trying
 * every definition.
 *
 * The path may be written the ways people write it: `input.proposal.tool`
 * (or an import of it); a local bound to a part of `input` earlier in the
 * body (`p := input.proposal` then `p.tool == "x"`); or a helper rule that
 * is `input` at a constant path (`tool := input.proposal.tool`, with or
 * without a constant `default`), then read through the rule itself, so the
 * key is exactly the value the definitions compare.
 *
 * Conservative by construction: a definition is indexed only when the test
 * is a plain condition of its main body (not negated, no `with`, no `else`
 * chain) and everything its plan evaluates before the test is *inert*
 * (reads of `input`, of locals and of such helper rules, comparisons,
 * membership: nothing that can fail with an error, print, or evaluate
 * anything else). Skipping such a definition when the value differs is then
 * unobservable: the interpreter would stop at the test. (Entering a helper
 * rule can fail only by the depth limit, at the limit itself.) A definition
 * whose condition the indexer cannot see is always tried, in its place in
 * source order.
 */
import type { Expr, Stmt } from "../ast/nodes.js";
import type { Analysis, ResolvedRef, RuleDef, RuleNode } from "../check/program.js";
import { SetValue } from "../value/set.js";
import type { Value } from "../value/types.js";
import { overlapsReplaced, type Folder } from "./fold.js";

/** Index a node only when at least this many definitions test the same path. */
export const MIN_INDEXED_DEFINITIONS = 4;

/** Where an index reads the value that selects the definitions. */
export type IndexKey =
  /** `input` at a constant path. */
  | { readonly kind: "input"; readonly path: readonly string[] }
  /** The value of a helper rule that is `input` at a constant path (`isInputAlias`), then a constant path in it. */
  | { readonly kind: "rule"; readonly node: RuleNode; readonly path: readonly string[] };

/** The index of one rule node. */
export interface RuleIndex {
  /** Where the value that selects the definitions is read. */
  readonly key: IndexKey;
  /** Constant → positions (in `node.defs`) of the definitions to try, in source order. */
  readonly entries: readonly (readonly [Value, readonly number[]])[];
  /** Positions of the definitions to try when the value matches no constant. */
  readonly miss: readonly number[];
}

interface Condition {
  readonly key: IndexKey;
  readonly keys: readonly Value[];
}

/** The index of a complete or set node, or `undefined` when too few definitions can be indexed. */
export function planIndex(node: RuleNode, folder: Folder): RuleIndex | undefined {
  if ((node.kind !== "complete" && node.kind !== "set") || node.defs.length < MIN_INDEXED_DEFINITIONS) return undefined;
  const conds = node.defs.map((d) => condition(d, folder));
  const name = (c: Condition) => (c.key.kind === "input" ? JSON.stringify(["input", c.key.path]) : JSON.stringify(["rule", c.key.node.name, c.key.path]));
  const byKey = new Map<string, number>();
  for (const c of conds) if (c) byKey.set(name(c), (byKey.get(name(c)) ?? 0) + 1);
  let best: string | undefined;
  for (const [p, n] of byKey) if (n >= MIN_INDEXED_DEFINITIONS && (best === undefined || n > byKey.get(best)!)) best = p;
  if (best === undefined) return undefined;
  let key: IndexKey | undefined;
  const keyed = new Map<Value, Set<number>>();
  const always: number[] = [];
  conds.forEach((c, i) => {
    if (!c || name(c) !== best) {
      always.push(i);
      return;
    }
    key = c.key;
    for (const k of c.keys) {
      let s = keyed.get(k);
      if (!s) keyed.set(k, (s = new Set()));
      s.add(i);
    }
  });
  const entries: (readonly [Value, readonly number[]])[] = [];
  for (const [k, s] of keyed) entries.push([k, [...s, ...always].sort((a, b) => a - b)]);
  return { key: key!, entries, miss: always };
}

/**
 * What the statements before a test have bound that a test can read through:
 * locals holding `input` at a constant path (`p := input.proposal`).
 */
type Aliases = Map<number, readonly string[]>;

/** The indexable condition of a definition: the first non-inert statement of its plan, when it is one. */
function condition(def: RuleDef, folder: Folder): Condition | undefined {
  if (def.rule.elses.length > 0 || (def.kind !== "complete" && def.kind !== "set")) return undefined;
  const plan = def.analysis.plans.get(def.rule.id);
  if (!plan) return undefined;
  const a = def.analysis;
  const aliases: Aliases = new Map();
  for (const s of plan.order) {
    const c = testOf(s, a, folder, aliases);
    if (c) return c;
    if (!inertStmt(s, a, folder)) return undefined;
    // `p := input.proposal`: `p.tool` is now `input.proposal.tool`.
    if (s.kind === "assign" && s.with.length === 0 && s.left.kind === "var") {
      const t = a.names.get(s.left.id);
      const path = inputPath(s.right, a, folder, aliases);
      if (t?.kind === "local" && path) aliases.set(t.slot, path);
    }
  }
  return undefined;
}

/** True when a `with` somewhere replaces the built-in of operator node `id` (`with equal as …`): it is no fixed test then. */
function replacedOperator(id: number, a: Analysis, folder: Folder): boolean {
  const def = a.operators.get(id);
  return def !== undefined && folder.replaced.builtins.has(def);
}

function testOf(s: Stmt, a: Analysis, folder: Folder, aliases: Aliases): Condition | undefined {
  if (s.kind === "expr" && !s.negated && s.with.length === 0) {
    const e = s.expr;
    if (e.kind === "binary" && e.op === "==" && !replacedOperator(e.id, a, folder)) return equality(e.left, e.right, a, folder, aliases) ?? equality(e.right, e.left, a, folder, aliases);
    if (e.kind === "in" && !e.key) {
      const key = keyOf(e.value, a, folder, aliases);
      const coll = key ? folder.constOf(e.collection, a) : undefined;
      const items = Array.isArray(coll) ? coll : coll instanceof SetValue ? coll.sorted() : undefined;
      if (key && items && items.length > 0 && items.every(isScalar)) return { key, keys: items };
    }
  }
  if (s.kind === "unify" && !s.negated && s.with.length === 0) return equality(s.left, s.right, a, folder, aliases) ?? equality(s.right, s.left, a, folder, aliases);
  return undefined;
}

function equality(ref: Expr, other: Expr, a: Analysis, folder: Folder, aliases: Aliases): Condition | undefined {
  const key = keyOf(ref, a, folder, aliases);
  if (!key) return undefined;
  const v = folder.constOf(other, a);
  return v !== undefined && isScalar(v) ? { key, keys: [v] } : undefined;
}

/** Where the value of `e` can be read before any definition runs: `input` at a constant path, or a helper rule (and a constant path in it). */
function keyOf(e: Expr, a: Analysis, folder: Folder, aliases: Aliases): IndexKey | undefined {
  const path = inputPath(e, a, folder, aliases);
  if (path) return { kind: "input", path };
  const r = refOf(e, a);
  if (!r || r.root !== "data") return undefined;
  const alias = aliasRule(r.prefix, folder);
  if (!alias) return undefined;
  const rest = constantPath(r.rest, a, folder);
  return rest ? { kind: "rule", node: alias.node, path: [...alias.path, ...rest] } : undefined;
}

/** The resolved ref of a ref or a non-local name. */
function refOf(e: Expr, a: Analysis): ResolvedRef | undefined {
  if (e.kind !== "ref" && e.kind !== "var") return undefined;
  if (e.kind === "var" && a.names.get(e.id)?.kind === "local") return undefined;
  return a.refs.get(e.id);
}

/** Constant string segments, or `undefined`. */
function constantPath(segs: readonly Expr[], a: Analysis, folder: Folder): string[] | undefined {
  const out: string[] = [];
  for (const x of segs) {
    const k = folder.constOf(x, a);
    if (typeof k !== "string") return undefined;
    out.push(k);
  }
  return out;
}

/**
 * The helper rule a constant path below `data` starts with, when it is `input`
 * at a constant path (`isInputAlias`), and the rest of the path.
 */
function aliasRule(prefix: readonly string[], folder: Folder): { node: RuleNode; path: readonly string[] } | undefined {
  let n = folder.program.root;
  let i = 0;
  for (; i < prefix.length && n.kind === "inner" && n.objectDefs.length === 0; i++) {
    const child = n.children.get(prefix[i]!);
    if (!child) return undefined;
    n = child;
  }
  return isInputAlias(n, folder) ? { node: n, path: prefix.slice(i) } : undefined;
}

/**
 * A complete rule whose one definition is `input` at a constant path, with
 * no body (`tool := input.proposal.tool`), and at most a constant `default`;
 * one no `with` replaces. Evaluating it can fail only by the depth limit.
 */
export function isInputAlias(n: RuleNode, folder: Folder): boolean {
  if (n.kind !== "complete" || n.defs.length !== 1 || n.objectDefs.length > 0 || overlapsReplaced(folder.replaced, n.path)) return false;
  const def = n.defs[0]!;
  const value = def.rule.head.value;
  if (def.kind !== "complete" || def.rule.body.length > 0 || def.rule.elses.length > 0 || !value) return false;
  const r = refOf(value, def.analysis);
  if (!r || r.root !== "input" || r.rest.length > 0) return false;
  const d = n.defaultDef?.rule.head.value;
  return n.defaultDef === undefined || (d !== undefined && folder.constOf(d, n.defaultDef.analysis) !== undefined);
}

/** `input.a.b` (or an import of it), or a path below a local holding part of `input`, with only constant segments: its path below `input`. */
function inputPath(e: Expr, a: Analysis, folder: Folder, aliases: Aliases): readonly string[] | undefined {
  if (e.kind === "var") {
    const t = a.names.get(e.id);
    if (t?.kind === "local") return aliases.get(t.slot);
  }
  if (e.kind !== "ref" && e.kind !== "var") return undefined;
  const r = a.refs.get(e.id);
  if (!r) return undefined;
  if (r.root === "input") return r.rest.length === 0 && r.prefix.length > 0 ? r.prefix : undefined;
  if (r.root !== "local" || r.slot === undefined) return undefined;
  const base = aliases.get(r.slot);
  const rest = base ? constantPath(r.rest, a, folder) : undefined;
  return base && rest ? [...base, ...r.prefix, ...rest] : undefined;
}

function isScalar(v: Value): boolean {
  return v === null || typeof v !== "object";
}

/** A statement that cannot raise an error, print, or evaluate a rule or function (but a helper rule that is `input`). */
function inertStmt(s: Stmt, a: Analysis, folder: Folder): boolean {
  const inert = (e: Expr) => inertExpr(e, a, folder);
  switch (s.kind) {
    case "expr":
      return s.with.length === 0 && inert(s.expr);
    case "unify":
    case "assign":
      return s.with.length === 0 && inert(s.left) && inert(s.right);
    case "some-in":
      return s.with.length === 0 && inert(s.collection) && inert(s.value) && (!s.key || inert(s.key));
    case "some":
      return true;
    case "every":
      return false;
  }
}

function inertExpr(e: Expr, a: Analysis, folder: Folder): boolean {
  const inert = (x: Expr) => inertExpr(x, a, folder);
  switch (e.kind) {
    case "null":
    case "bool":
    case "number":
    case "string":
      return true;
    case "var":
    case "ref": {
      const t = e.kind === "var" ? a.names.get(e.id) : undefined;
      if (t?.kind === "local" || t?.kind === "input") return true;
      const r = a.refs.get(e.id);
      if (!r) return false;
      if (r.root === "data" && !aliasRule(r.prefix, folder)) return false;
      if (r.root === "expr") return false;
      return r.rest.every(inert);
    }
    case "array":
    case "set":
      return e.items.every(inert);
    case "object":
      return e.entries.every((en) => inert(en.key) && inert(en.value));
    case "binary":
      return ["==", "!=", "<", "<=", ">", ">="].includes(e.op) && inert(e.left) && inert(e.right);
    case "in":
      return inert(e.value) && inert(e.collection) && (!e.key || inert(e.key));
    default:
      return false;
  }
}
