/**
 * Generates the code of a query against a generated program: its body in
 * planned order, each expression statement's value captured, and every
 * solution reported with the bindings of the query's named variables. The
 * query calls the program's rules and functions through its tables (`N`, `F`).
 */
import type { CheckedQuery, Program } from "../check/program.js";
import { StaticVars } from "../check/vars.js";
import type { GeneratedProgram } from "./generate.js";
import { Generators } from "./gen-rule.js";
import { Pool } from "./pool.js";
import { preamble } from "./generate.js";
import { Names, Source } from "./source.js";
import { slotVar, topCx, type Cx, type Unit } from "./unit.js";

/** A query's generated code: the body of `function (K, R, P)` returning `(S, emit) => void`. */
export interface GeneratedQuery {
  readonly source: string;
  readonly pool: Pool;
}

/** Receives one solution: each statement's value (in written order) and the names and values of the bound variables. */
export type SolutionSink = (expressions: unknown[], names: readonly string[], values: unknown[]) => void;

/**
 * True when the query's `with` modifiers replace something the program was
 * generated without looking for (a `data` document, a function or a
 * built-in that no `with` of the policy replaces): such a query runs on the
 * interpreter. `with input` never needs this.
 */
export function needsInterpreter(gp: GeneratedProgram, query: CheckedQuery): boolean {
  for (const t of query.analysis.withTargets.values()) {
    if (t.kind === "builtin" && !gp.replaced.builtins.has(t.def)) return true;
    if (t.kind === "function" && !gp.replaced.functions.has(t.node)) return true;
    if (t.kind === "data" && !gp.replaced.dataPaths.some((p) => p.length === t.path.length && p.every((s, i) => s === t.path[i]))) return true;
  }
  return false;
}

/** Generate the code of a checked query. */
export function generateQuery(gp: GeneratedProgram, program: Program, query: CheckedQuery): GeneratedQuery {
  const pool = new Pool();
  const unit: Unit = {
    program,
    pool,
    folder: gp.folder,
    replaced: gp.replaced,
    countDefinitions: false,
    nodeNumber: (n) => gp.nodes.get(n)!,
    fnNumber: (n) => gp.functions.get(n)!,
    nodeRef: (n) => `N[${gp.nodes.get(n)!}]`,
    fnRef: (n) => `F[${gp.functions.get(n)!}]`,
  };
  const bodies = new Generators(unit).of(query.analysis);
  const out = new Source();
  const names = new Names();
  const n = query.body.length;
  // As OPA's query API: a query of one expression that does not iterate reports its value even when it is `false`.
  const only = n === 1 ? query.body[0]! : undefined;
  const keepFalse = only !== undefined && only.kind === "expr" && !iterates(new StaticVars(query.analysis), only);
  const captures = query.body.map((_, i) => `q${i}`);
  out.line("const N = P.nodes, F = P.fns;");
  out.open("return function query(S, emit)");
  if (query.frameSize > 0) out.line(`let ${Array.from({ length: query.frameSize }, (_, i) => slotVar(i)).join(", ")};`);
  if (n > 0) out.line(`let ${captures.join(", ")};`);
  out.open("Q:");
  const index = new Map(query.body.map((s, i) => [s, i]));
  const plan = query.plan;
  const go = (i: number, c: Cx): void => {
    if (i === plan.order.length) {
      const exprs = query.body.map((s, j) => (s.kind === "expr" && !s.negated ? captures[j]! : "true"));
      const bound = query.vars.filter((v) => c.bound.has(v.slot));
      c.out.line(`emit([${exprs.join(", ")}], ${pool.json(bound.map((v) => v.name))}, [${bound.map((v) => slotVar(v.slot)).join(", ")}]);`);
      return;
    }
    const s = plan.order[i]!;
    bodies.stmt(s, plan.boundBefore[i]!, c, (c2) => go(i + 1, c2), { local: captures[index.get(s)!]!, keepFalse });
  };
  go(0, topCx(out, names, "break Q"));
  out.close();
  out.close("};");
  const source = preamble(pool);
  source.append(out);
  return { source: source.toString(), pool };
}

function iterates(vars: StaticVars, s: CheckedQuery["body"][number]): boolean {
  const out = new Set<number>();
  vars.refOutputs(s, new Set(), out);
  return out.size > 0;
}
