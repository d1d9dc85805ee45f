/**
 * Compiles one rule definition (its bodies, `else` chain, head and
 * arguments) into functions that enumerate the values it produces.
 */
import type { Expr } from "../ast/nodes.js";
import type { RuleDef } from "../check/program.js";
import type { Value } from "../value/types.js";
import type { BodyCompiler } from "./bodies.js";
import type { EvalContext } from "./context.js";
import { constant, lift } from "./exprs.js";
import type { CExpr, Goal, Unifier } from "./types.js";

/** Receives one value of a definition (with the keys below the node, for object rules); returns `true` to stop. */
export type RuleEmit = (value: Value, keys: readonly Value[]) => boolean;

/** A compiled rule definition. */
export interface CompiledRule {
  readonly def: RuleDef;
  /** True when the definition's value is a constant: its first solution is its only value. */
  readonly constant: boolean;
  /** The constant value, when `constant`. */
  readonly constantValue: Value | undefined;
  /** Enumerate the values of a complete, set or object definition. */
  run(c: EvalContext, emit: RuleEmit): void;
  /** Enumerate the values of a function definition for `args`. */
  call(c: EvalContext, args: readonly Value[], emit: RuleEmit): void;
  /** The value of a `default` definition. */
  defaultValue(c: EvalContext): Value | undefined;
}

interface Clause {
  readonly body: Goal;
  /** Emits the head's value (for object rules, `keys` emits the key path first). */
  readonly value: CExpr;
  readonly keys?: CExpr;
  readonly constant: boolean;
}

const NO_KEYS: readonly Value[] = [];

/** True for literals built only from literals (`true`, `"x"`, `[1, {"a": null}]`). */
export function isConstantExpr(e: Expr): boolean {
  switch (e.kind) {
    case "null":
    case "bool":
    case "number":
    case "string":
      return true;
    case "array":
    case "set":
      return e.items.every(isConstantExpr);
    case "object":
      return e.entries.every((en) => isConstantExpr(en.key) && isConstantExpr(en.value));
    default:
      return false;
  }
}

/** Compile a rule definition with the body compiler of its module. */
export function compileRule(def: RuleDef, bc: BodyCompiler): CompiledRule {
  const { rule } = def;
  const x = bc.exprs;
  const a = bc.a;
  const after = (id: number) => a.plans.get(id)?.boundAfter ?? new Set<number>();
  const headValue = def.element ?? rule.head.value;
  const mainAfter = after(rule.id);
  const clauses: Clause[] = [
    {
      body: bc.compileBody(rule.body, rule.id),
      value: headValue ? x.expr(headValue, mainAfter) : constant(true),
      ...(def.kind === "object" ? { keys: lift(def.suffix.map((k) => x.expr(k, mainAfter)), (_c, vs) => vs) } : {}),
      // Every solution gives the same output: the first one is enough (OPA's early exit).
      constant: (!headValue || isConstantExpr(headValue)) && def.suffix.every(isConstantExpr),
    },
  ];
  for (const el of rule.elses) {
    clauses.push({
      body: bc.compileBody(el.body, el.id),
      value: el.value ? x.expr(el.value, after(el.id)) : constant(true),
      // `p[1] := … else := …`: a ground path below the node, the same for every clause.
      ...(def.kind === "object" ? { keys: lift(def.suffix.map((k) => x.expr(k, after(el.id))), (_c, vs) => vs) } : {}),
      constant: !el.value || isConstantExpr(el.value),
    });
  }
  const args: Unifier[] = (rule.head.args ?? []).map((p) => x.unifier(p, new Set()));
  const frameSize = def.frameSize;
  const location = def.location;
  const isConstant = clauses.every((c) => c.constant) && rule.elses.length === 0 && def.kind === "complete";
  // A constant head compiles to literals only, which never read the context or the frame.
  const constantValue = isConstant ? (headValue ? clauses[0]!.value.val!(undefined as unknown as EvalContext, []) : true) : undefined;

  /** Run the clauses in order; the first with a solution gives the values. */
  const runClauses = (c: EvalContext, f: (Value | undefined)[], emit: RuleEmit): boolean => {
    for (const cl of clauses) {
      let found = false;
      const keys = cl.keys;
      // A clause counts as taken once it produces a value (a body that succeeds with an undefined head falls through to `else`).
      const produced: RuleEmit = (v, ks) => {
        found = true;
        return emit(v, ks);
      };
      const stop = cl.body(c, f, () => {
        if (c.coverage !== undefined) c.coverage.add(location);
        if (keys) return keys.gen(c, f, (ks) => cl.value.gen(c, f, (v) => produced(v, ks as readonly Value[]))) || (found && cl.constant);
        return cl.value.gen(c, f, (v) => produced(v, NO_KEYS)) || (found && cl.constant);
      });
      if (found) return stop;
    }
    return false;
  };

  return {
    def,
    constant: isConstant,
    constantValue,
    run(c, emit) {
      runClauses(c, new Array(frameSize), emit);
    },
    call(c, argValues, emit) {
      const f: (Value | undefined)[] = new Array(frameSize);
      const n = args.length;
      const go = (i: number): boolean => (i === n ? runClauses(c, f, emit) : args[i]!(c, f, argValues[i]!, () => go(i + 1)));
      go(0);
    },
    defaultValue(c) {
      const value = clauses[0]!.value;
      const f: (Value | undefined)[] = new Array(frameSize);
      if (value.val) return value.val(c, f);
      let out: Value | undefined;
      value.gen(c, f, (v) => ((out = v), true));
      return out;
    },
  };
}
