/**
 * The shapes the interpreter compiles a checked program into. Evaluation is
 * backtracking in continuation-passing style: a goal binds variables in the
 * frame, calls its continuation once per solution and unbinds them; a
 * continuation returns `true` to stop the enumeration (the answer is known).
 */
import type { Value } from "../value/types.js";
import type { EvalContext } from "./context.js";

/** The local variables of one rule invocation (or query): `undefined` is unbound. */
export type Frame = (Value | undefined)[];

/** Called once per solution; returns `true` to stop. */
export type Cont = () => boolean;

/** Called once per value; returns `true` to stop. */
export type Emit = (v: Value) => boolean;

/** A statement or body: calls `k` once per solution; returns `true` when `k` asked to stop. */
export type Goal = (c: EvalContext, f: Frame, k: Cont) => boolean;

/**
 * A goal may also say it is one of two simple shapes, so that `seq` can run
 * it without allocating a continuation: a `filter` (a test that binds
 * nothing) or an `assigns` (one fresh variable set to a single value).
 */
export interface Shaped {
  filter?: (c: EvalContext, f: Frame) => boolean;
  assigns?: { readonly slot: number; readonly val: Val; readonly tick: (c: EvalContext) => void };
}

/** An expression that may have several values (iteration): emits each. */
export type Gen = (c: EvalContext, f: Frame, k: Emit) => boolean;

/** An expression with at most one value: the value, or `undefined`. */
export type Val = (c: EvalContext, f: Frame) => Value | undefined;

/** A compiled expression: always a generator; also a plain function when it has at most one value. */
export interface CExpr {
  readonly gen: Gen;
  readonly val?: Val;
}

/** Matches a value against a pattern, binding its unbound variables, then calls `k`. */
export type Unifier = (c: EvalContext, f: Frame, v: Value, k: Cont) => boolean;
