/**
 * What the expression and statement generators share: the compilation
 * unit (the program, or one query against it) and the emission context at
 * a point of the generated code.
 */
import type { Program, RuleNode } from "../check/program.js";
import type { Folder, Replaced } from "./fold.js";
import type { Pool } from "./pool.js";
import type { Names, Source } from "./source.js";

/** A compilation unit: where constants go and how rule nodes and functions are called from it. */
export interface Unit {
  readonly program: Program;
  readonly pool: Pool;
  readonly folder: Folder;
  readonly replaced: Replaced;
  /** The number of a rule-tree node (its memo slot). */
  nodeNumber(node: RuleNode): number;
  /** The number of a function node. */
  fnNumber(node: RuleNode): number;
  /** A JS expression for the memoised accessor of a node (`n5` in the program, `N[5]` in a query). */
  nodeRef(node: RuleNode): string;
  /** A JS expression for the entry of a function (`f2`, `F[2]`). */
  fnRef(node: RuleNode): string;
  /** Count evaluated definitions (the debug hook of rule-indexing tests). */
  readonly countDefinitions: boolean;
  /** The `deny` and `escalate` nodes `decide` evaluates with origins (none in a query). */
  readonly governed?: ReadonlySet<RuleNode>;
}

/**
 * The emission context at one point of a generated function: where code
 * goes, which JS statement abandons the current alternative (`continue L3`
 * inside a loop, `break B1` in a block), and which frame slots hold a value
 * at this point. `bound` is shared along one chain of continuations: a
 * binder adds its slot before emitting its continuation and removes it after.
 */
export interface Cx {
  readonly out: Source;
  readonly names: Names;
  readonly fail: string;
  readonly bound: Set<number>;
  /**
   * Values already computed on every path to this point (rule values,
   * lookups along constant paths of `input` and `data`), by key: the code
   * reuses the local instead of computing them again. Entries are added
   * for the continuation only (a new map), so code after a block that
   * computed something does not see it.
   */
  readonly known: ReadonlyMap<string, string>;
}

/** Emits the code that runs for one value `v` (a JS expression, never `undefined` at run time). */
export type ValueK = (v: string, cx: Cx) => void;

/** Emits the code that runs once a goal succeeded. */
export type GoalK = (cx: Cx) => void;

/** The same context with another failure target. */
export function withFail(cx: Cx, fail: string): Cx {
  return { out: cx.out, names: cx.names, fail, bound: cx.bound, known: cx.known };
}

/** The same context, knowing that `local` holds the value called `key`. */
export function remember(cx: Cx, key: string, local: string): Cx {
  const known = new Map(cx.known);
  known.set(key, local);
  return { out: cx.out, names: cx.names, fail: cx.fail, bound: cx.bound, known };
}

/** The same context with nothing known (the documents changed: `with`). */
export function forget(cx: Cx, known: ReadonlyMap<string, string> = NOTHING): Cx {
  return { out: cx.out, names: cx.names, fail: cx.fail, bound: cx.bound, known };
}

const NOTHING: ReadonlyMap<string, string> = new Map();

/** A fresh context at the top of a generated function. */
export function topCx(out: Source, names: Names, fail: string): Cx {
  return { out, names, fail, bound: new Set(), known: NOTHING };
}

/** The name of the JS local holding frame slot `slot`. */
export function slotVar(slot: number): string {
  return `v${slot}`;
}
