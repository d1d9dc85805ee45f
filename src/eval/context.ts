/**
 * The state of one evaluation: the documents it sees (changed by `with`),
 * memoised rule values, the step budget and depth limit, and what it
 * collects (prints, coverage). A context is used once and thrown away, so an
 * error in one evaluation never leaks into the next.
 */
import type { RuleNode } from "../check/program.js";
import type { BuiltinDef } from "../builtins/types.js";
import { SnapError } from "../source/diagnostic.js";
import type { Span } from "../source/span.js";
import type { Value } from "../value/types.js";
import { beginEvaluation } from "../value/object-cache.js";
import type { ConflictedDoc } from "./doc-builder.js";

/** Limits of one evaluation. */
export interface EvalLimits {
  /** Maximum number of evaluation steps (statements tried and elements iterated). Default 10,000,000. */
  readonly steps?: number;
  /** Maximum nesting of rule, function and comprehension evaluations. Default 500. */
  readonly depth?: number;
}

/** Default step budget. */
export const DEFAULT_STEP_BUDGET = 10_000_000;
/** Default depth limit. */
export const DEFAULT_DEPTH_LIMIT = 500;

/** One line of `print` output, with the `file:line` of the `print` call. */
export interface PrintLine {
  readonly location: string;
  readonly message: string;
}

/** What `with f as …` substitutes for a function or built-in: a value, or another function. */
export type FunctionReplacement =
  | { readonly kind: "value"; readonly value: Value }
  | { readonly kind: "builtin"; readonly def: BuiltinDef }
  | { readonly kind: "function"; readonly node: RuleNode };

/** A `with data.… as v` in effect. */
export interface DataOverride {
  readonly path: readonly string[];
  readonly value: Value;
}

/** The documents an evaluation sees, and the rule values memoised for them. `with` makes a new state. */
export interface EvalState {
  readonly input: Value | undefined;
  /** Base documents (the policy set's data, with any overlay). */
  readonly data: Value;
  readonly dataOverrides: readonly DataOverride[] | undefined;
  readonly fnOverrides: ReadonlyMap<BuiltinDef | RuleNode, FunctionReplacement> | undefined;
  /** Memoised values of rule nodes (`NONE` marks undefined, `IN_PROGRESS` a node being evaluated). */
  readonly cache: Map<RuleNode, Value | symbol | ConflictedDoc>;
  /**
   * Memoised results of function calls: per node, a trie keyed by each
   * argument itself (scalars by value, composites by identity: values are
   * immutable, so the same object always gives the same result).
   */
  readonly calls: Map<RuleNode, CallMemo>;
}

/** One level of the function-call memo: the next argument → the next level, or (after the last) the result. */
export type CallMemo = Map<Value, CallMemo | Value | symbol>;

/** Marks a memoised undefined. */
export const NONE: unique symbol = Symbol("undefined");
/** Marks a node whose evaluation has started (seeing it again is a cycle). */
export const IN_PROGRESS: unique symbol = Symbol("in progress");

/** Options of one evaluation. */
export interface ContextOptions {
  readonly strict: boolean;
  readonly limits?: EvalLimits;
  /** Collect `print` output here. */
  readonly prints?: PrintLine[];
  /** Record the `file:line` of every statement evaluated and every rule that produced a value. */
  readonly coverage?: Set<string>;
}

/** The context of one evaluation. */
export class EvalContext {
  state: EvalState;
  steps = 0;
  depth = 0;
  readonly budget: number;
  readonly maxDepth: number;
  readonly strict: boolean;
  readonly prints: PrintLine[] | undefined;
  readonly coverage: Set<string> | undefined;

  constructor(state: EvalState, options: ContextOptions) {
    // The caller may have changed its input since the last evaluation: no entries cached for it are reused.
    beginEvaluation();
    this.state = state;
    this.strict = options.strict;
    this.budget = options.limits?.steps ?? DEFAULT_STEP_BUDGET;
    this.maxDepth = options.limits?.depth ?? DEFAULT_DEPTH_LIMIT;
    this.prints = options.prints;
    this.coverage = options.coverage;
  }

  /** Throw the step-budget error (called when `steps` passes `budget`). */
  overBudget(span?: Span): never {
    throw SnapError.of(
      "step_budget_exceeded",
      `evaluation exceeded its budget of ${this.budget} steps`,
      span,
      "simplify the policy or the input, or raise `limits.steps` when compiling",
    );
  }

  /** Enter a nested evaluation (rule, function, comprehension); throws past the depth limit. */
  enter(span?: Span): void {
    if (++this.depth > this.maxDepth) {
      throw SnapError.of(
        "depth_limit_exceeded",
        `evaluation exceeded its depth limit of ${this.maxDepth} nested rule, function and comprehension evaluations`,
        span,
        "simplify the policy, or raise `limits.depth` when compiling",
      );
    }
  }
}

/** A fresh state for `input` and `data`. */
export function initialState(input: Value | undefined, data: Value): EvalState {
  return { input, data, dataOverrides: undefined, fnOverrides: undefined, cache: new Map(), calls: new Map() };
}
