/**
 * The interpreter's public face: evaluate queries and documents of a checked
 * program against an input, with limits, prints and coverage.
 */
import type { Stmt } from "../ast/nodes.js";
import type { CheckedQuery, Program } from "../check/program.js";
import { SnapError } from "../source/diagnostic.js";
import { ObjectBuilder, setOwn } from "../value/keyed-object.js";
import { objectEntries } from "../value/object.js";
import { isObject } from "../value/type-of.js";
import type { ObjectValue, Value } from "../value/types.js";
import { EvalContext, initialState, type EvalLimits, type PrintLine } from "./context.js";
import type { BodyCompiler } from "./bodies.js";
import { Interpreter } from "./interpreter.js";
import type { Goal } from "./types.js";

/** Options fixed when a policy is compiled. */
export interface EvaluatorOptions {
  /** Built-in errors fail the evaluation (true) or make the call undefined (false, OPA's default). Default false. */
  readonly strictBuiltinErrors?: boolean;
  /** Default limits of every evaluation. */
  readonly limits?: EvalLimits;
}

/** Options of one evaluation. */
export interface EvalOptions {
  /** The `input` document (absent: `input` is undefined). */
  readonly input?: Value;
  /** Base documents merged over the program's data for this evaluation. */
  readonly data?: Value;
  /** Collects `print` output (never written anywhere by the library). */
  readonly prints?: PrintLine[];
  /**
   * Coverage hook (for `snapspace test --coverage`): receives the `file:line`
   * of every statement evaluated and of every rule head whose body succeeded.
   */
  readonly coverage?: Set<string>;
  /** Override the policy's strictness for this evaluation. */
  readonly strictBuiltinErrors?: boolean;
  /** Override the policy's limits for this evaluation. */
  readonly limits?: EvalLimits;
}

/** One solution of a query: the value of each statement (`true` for all but expressions) and the bindings of its named variables. */
export interface Solution {
  readonly expressions: readonly Value[];
  readonly bindings: Readonly<Record<string, Value>>;
}

/** A query compiled for repeated evaluation. */
export interface PreparedQuery {
  readonly query: CheckedQuery;
  readonly goal: Goal;
}

/** Evaluates one checked program. */
export class Evaluator {
  readonly interp: Interpreter;

  constructor(
    readonly program: Program,
    readonly options: EvaluatorOptions = {},
  ) {
    this.interp = new Interpreter(program);
  }

  /** A fresh context for one evaluation. */
  context(opts: EvalOptions = {}): EvalContext {
    const data = opts.data === undefined ? this.program.data : mergeData(this.program.data, opts.data);
    return new EvalContext(initialState(opts.input, data), {
      strict: opts.strictBuiltinErrors ?? this.options.strictBuiltinErrors ?? false,
      limits: opts.limits ?? this.options.limits,
      ...(opts.prints ? { prints: opts.prints } : {}),
      ...(opts.coverage ? { coverage: opts.coverage } : {}),
    });
  }

  /** Compile a checked query's statements (values of expression statements are captured past the frame). */
  prepare(query: CheckedQuery): PreparedQuery {
    const bc = this.interp.compilerFor(query.analysis);
    bc.coverage = false;
    const index = new Map(query.body.map((s, i) => [s, i]));
    // As OPA's query API: a query of one expression that does not iterate reports its value even when it is `false`.
    const only = query.body.length === 1 ? query.body[0]! : undefined;
    const keepFalse = only !== undefined && only.kind === "expr" && !iterates(bc, only);
    const goals = query.plan.order.map((s, i) => bc.stmt(s, query.plan.boundBefore[i]!, query.frameSize + index.get(s)!, keepFalse));
    let goal: Goal = (_c, _f, k) => k();
    for (let i = goals.length - 1; i >= 0; i--) {
      const g = goals[i]!;
      const rest = goal;
      goal = (c, f, k) => g(c, f, () => rest(c, f, k));
    }
    return { query, goal };
  }

  /** Every solution of a prepared query. Throws `SnapError` on evaluation errors. */
  run(pq: PreparedQuery, opts: EvalOptions = {}): Solution[] {
    const { query, goal } = pq;
    const c = this.context(opts);
    const n = query.body.length;
    const f: (Value | undefined)[] = new Array(query.frameSize + n);
    const out: Solution[] = [];
    guard(() =>
      goal(c, f, () => {
        const expressions: Value[] = [];
        for (let i = 0; i < n; i++) {
          const s = query.body[i]!;
          expressions.push(s.kind === "expr" && !s.negated ? f[query.frameSize + i]! : true);
        }
        const bindings: Record<string, Value> = {};
        for (const v of query.vars) {
          const x = f[v.slot];
          if (x !== undefined) setOwn(bindings, v.name, x);
        }
        out.push({ expressions, bindings });
        return false;
      }),
    );
    return out;
  }

  /** The value of `data.<path>` (rules and base data), or `undefined`. */
  evaluate(path: readonly string[], opts: EvalOptions = {}): Value | undefined {
    const c = this.context(opts);
    const doc = this.interp.document(path);
    return guard(() => doc(c));
  }
}

/** True when a statement iterates (a ref with a variable key). */
function iterates(bc: BodyCompiler, s: Stmt): boolean {
  const out = new Set<number>();
  bc.exprs.vars.refOutputs(s, new Set(), out);
  return out.size > 0;
}

/**
 * Run an evaluation, turning a JS stack overflow (deeply nested data or
 * rules) into the typed depth error.
 */
export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw SnapError.of("depth_limit_exceeded", "evaluation exceeded the maximum nesting depth", undefined, "simplify deeply nested data or rules");
    }
    throw e;
  }
}

/** `overlay` merged over `base`: objects merge key by key, anything else replaces. */
export function mergeData(base: Value, overlay: Value): Value {
  if (!isObject(base) || !isObject(overlay)) return overlay;
  const b = new ObjectBuilder();
  for (const [k, v] of objectEntries(base as ObjectValue)) b.set(k, v);
  for (const [k, v] of objectEntries(overlay as ObjectValue)) {
    const old = b.get(k);
    b.set(k, old === undefined ? v : mergeData(old, v));
  }
  return b.build();
}
