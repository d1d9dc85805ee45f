/**
 * The state of one compiled evaluation: the documents it sees (swapped by
 * `with`), memoised rule values and function results, the step budget and
 * depth limit, and what it collects. One object of one class, so that every
 * field read in generated code is monomorphic.
 */
import type { BuiltinDef } from "../builtins/types.js";
import type { PrintLine } from "../eval/context.js";
import type { Value } from "../value/types.js";

/** Marks a memoised undefined. */
export const NONE: unique symbol = Symbol("undefined");
/** Marks a node whose evaluation has started (seeing it again is a cycle). */
export const IN_PROGRESS: unique symbol = Symbol("in progress");

/** A memo slot: not computed (`undefined`), undefined (`NONE`), being computed, or the value. */
export type Memo = Value | typeof NONE | typeof IN_PROGRESS | undefined;

/** One level of a function-call memo: the next argument → the next level, or (after the last) the result. */
export type CallMemo = Map<Value, CallMemo | Value | symbol>;

/** A `with data.… as v` in effect. */
export interface DataOverride {
  readonly path: readonly string[];
  readonly value: Value;
}

/** What `with f as …` substitutes for a function or built-in. */
export type Replacement =
  | { readonly kind: "value"; readonly value: Value }
  | { readonly kind: "builtin"; readonly def: BuiltinDef }
  | { readonly kind: "function"; readonly fn: number };

/** The part of the state a `with` replaces (and restores afterwards). */
export interface Documents {
  readonly i: Value | undefined;
  readonly m: Memo[];
  readonly fm: (CallMemo | undefined)[];
  readonly ov: readonly DataOverride[] | undefined;
  readonly fo: ReadonlyMap<BuiltinDef | number, Replacement> | undefined;
}

/** Settings of one evaluation. */
export interface StateOptions {
  readonly strict: boolean;
  readonly steps: number;
  readonly depth: number;
  readonly prints: PrintLine[] | undefined;
  /** Per-definition run counters (a debug hook for tests of rule indexing), or undefined. */
  readonly hits: Int32Array | undefined;
}

/** The state of one evaluation (generated code calls it `S`). */
export class State {
  /** `input` */
  i: Value | undefined;
  /** Memoised rule-node values, by node number. */
  m: Memo[];
  /** Memoised function results, by function number. */
  fm: (CallMemo | undefined)[];
  /** `with data.…` overrides in effect. */
  ov: readonly DataOverride[] | undefined;
  /** `with f as …` replacements in effect, keyed by built-in or function number. */
  fo: ReadonlyMap<BuiltinDef | number, Replacement> | undefined;
  steps = 0;
  depth = 0;
  readonly budget: number;
  readonly maxDepth: number;
  readonly strict: boolean;
  readonly prints: PrintLine[] | undefined;
  readonly hits: Int32Array | undefined;

  constructor(
    input: Value | undefined,
    /** Base documents (the policy set's data, with any per-evaluation overlay). */
    readonly d: Value,
    /** The generated program (its node and function tables), for the runtime's generic paths. */
    readonly P: ProgramTables,
    options: StateOptions,
  ) {
    this.i = input;
    this.m = new Array(P.nodeCount);
    this.fm = new Array(P.fnCount);
    this.ov = undefined;
    this.fo = undefined;
    this.budget = options.steps;
    this.maxDepth = options.depth;
    this.strict = options.strict;
    this.prints = options.prints;
    this.hits = options.hits;
  }
}

/** A rule node's memoised accessor. */
export type NodeFn = (S: State) => Value | undefined;
/** A function's entry: state, call-site span (for errors), then the arguments. */
export type FunctionFn = (S: State, site: unknown, ...args: Value[]) => Value | undefined;
/** One object-rule definition: inserts what it produces into the document being built. */
export type ObjectDefFn = (S: State, doc: unknown) => void;
/** A node's evaluation without the memo, recording each value's producing definition in `origins` (value, location pairs). */
export type RawFn = (S: State, origins: Value[] | null) => Value | undefined;

/** What the generated program exposes to the runtime and the evaluator. */
export interface ProgramTables {
  readonly nodeCount: number;
  readonly fnCount: number;
  /** Memoised accessor of every node (rule nodes generated; inner nodes through the runtime). */
  readonly nodes: readonly NodeFn[];
  /** Raw evaluation of complete and set nodes (no memo, no depth), with origins; `undefined` for others. */
  readonly raw: readonly (RawFn | undefined)[];
  /** Function entries, by function number. */
  readonly fns: readonly FunctionFn[];
  /** Inner nodes: base-data path, children (key, node number), object-rule definitions. */
  readonly inner: readonly (InnerNode | undefined)[];
}

/** The shape of an inner node of the rule tree, for building its document. */
export interface InnerNode {
  readonly path: readonly string[];
  readonly name: string;
  readonly children: readonly (readonly [string, number])[];
  readonly objectDefs: readonly ObjectDefFn[];
}
