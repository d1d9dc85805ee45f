/**
 * The state of one compiled evaluation: the documents it sees (swapped by
 * `with`), memoised rule values and function results, the step budget and
 * depth limit, and what it collects. One object of one class, so that every
 * field read in generated code is monomorphic.
 */
import type { BuiltinDef } from "../builtins/types.js";
import type { PackageVerdict, RuleHit } from "../decision/contract.js";
import type { PrintLine } from "../eval/context.js";
import type { Value } from "../value/types.js";
import type { ConflictedDoc } from "../eval/doc-builder.js";
import { beginEvaluation } from "../value/object-cache.js";

/** Marks a memoised undefined. */
export const NONE: unique symbol = Symbol("undefined");
/** Marks a node whose evaluation has started (seeing it again is a cycle). */
export const IN_PROGRESS: unique symbol = Symbol("in progress");

/** A memo slot: not computed (`undefined`), undefined (`NONE`), being computed, or the value. */
export type Memo = Value | ConflictedDoc | typeof NONE | typeof IN_PROGRESS | undefined;

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

/**
 * The state of one evaluation (generated code calls it `S`). The fields are
 * `declare`d and set in the constructor, in one order: emitted class fields
 * would first be defined as `undefined` and then set again, on every
 * decision.
 */
export class State {
  /** `input` */
  declare i: Value | undefined;
  /** Memoised rule-node values, by node number. */
  declare m: Memo[];
  /** Memoised function results, by function number. */
  declare fm: (CallMemo | undefined)[];
  /** `with data.…` overrides in effect. */
  declare ov: readonly DataOverride[] | undefined;
  /** `with f as …` replacements in effect, keyed by built-in or function number. */
  declare fo: ReadonlyMap<BuiltinDef | number, Replacement> | undefined;
  declare steps: number;
  declare depth: number;
  declare readonly budget: number;
  declare readonly maxDepth: number;
  declare readonly strict: boolean;
  declare readonly prints: PrintLine[] | undefined;
  declare readonly hits: Int32Array | undefined;
  /** Base documents (the policy set's data, with any per-evaluation overlay). */
  declare readonly d: Value;
  /** The generated program (its node and function tables), for the runtime's generic paths. */
  declare readonly P: ProgramTables;

  constructor(input: Value | undefined, d: Value, P: ProgramTables, options: StateOptions) {
    // The caller may have changed its input since the last evaluation: no entries cached for it are reused.
    beginEvaluation();
    this.i = input;
    this.m = new Array(P.nodeCount);
    this.fm = P.fnCount === 0 ? NO_FUNCTIONS : new Array(P.fnCount);
    this.ov = undefined;
    this.fo = undefined;
    this.steps = 0;
    this.depth = 0;
    this.budget = options.steps;
    this.maxDepth = options.depth;
    this.strict = options.strict;
    this.prints = options.prints;
    this.hits = options.hits;
    this.d = d;
    this.P = P;
  }
}

/** The function memo of a program without functions: never written to. */
const NO_FUNCTIONS: (CallMemo | undefined)[] = [];

/** A rule node's memoised accessor. */
export type NodeFn = (S: State) => Value | undefined;
/** A function's entry: state, call-site span (for errors), then the arguments. */
export type FunctionFn = (S: State, site: unknown, ...args: Value[]) => Value | undefined;
/** One object-rule definition: inserts what it produces into the document being built. */
export type ObjectDefFn = (S: State, doc: unknown) => void;
/**
 * A governed node's evaluation without the memo (`e<n>` in generated code),
 * recording in `origins` each value with the location of the definition that
 * produced it, as the `RuleHit`s of a verdict; an object literal with a
 * string `msg` comes with that `msg` and its other fields as `toReason`
 * makes them (see `RuleHit`).
 */
export type RawFn = (S: State, origins: RuleHit[] | null) => Value | undefined;

/** What the generated program exposes to the runtime and the evaluator. */
export interface ProgramTables {
  readonly nodeCount: number;
  readonly fnCount: number;
  /** Memoised accessor of every node (rule nodes generated; inner nodes through the runtime). */
  readonly nodes: readonly NodeFn[];
  /** Function entries, by function number. */
  readonly fns: readonly FunctionFn[];
  /** Inner nodes: base-data path, children (key, node number), object-rule definitions. */
  readonly inner: readonly (InnerNode | undefined)[];
  /**
   * The verdicts of every governed package for an input (`GovernedEvaluator.evaluateGoverned`),
   * evaluated in states made by `state` (a fresh one after a package fails).
   */
  readonly governed: (input: Value, state: (input: Value) => State) => PackageVerdict[];
}

/** The shape of an inner node of the rule tree, for building its document. */
export interface InnerNode {
  readonly path: readonly string[];
  readonly name: string;
  readonly children: readonly (readonly [string, number])[];
  readonly objectDefs: readonly ObjectDefFn[];
}
