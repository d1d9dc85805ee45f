/**
 * The compiled back end's public face: a checked program generated to
 * JavaScript once (`generate.ts`), instantiated with `new Function`, and
 * evaluated against inputs — documents, queries and governed decisions —
 * with the same options, limits and results as the interpreter's `Evaluator`.
 */
import type { CheckedQuery, Program, RuleNode } from "../check/program.js";
import { DEFAULT_DEPTH_LIMIT, DEFAULT_STEP_BUDGET } from "../eval/context.js";
import type { EvaluatorOptions, EvalOptions, Solution } from "../eval/evaluator.js";
import { mergeData } from "../eval/evaluator.js";
import { findGovernedPackages } from "../eval/governed.js";
import { getPath } from "../eval/navigate.js";
import { setOwn } from "../value/keyed-object.js";
import type { Value } from "../value/types.js";
import { decisionNodes, generateProgram, numberNodes, type GeneratedProgram, type GenerateStats } from "./generate.js";
import { GovernedCompiled, type GovernedPackageSpec, type GovernedRule } from "./governed.js";
import { materialize } from "./pool.js";
import { generateQuery, type SolutionSink } from "./query.js";
import * as RUNTIME from "./runtime.js";
import { State, type ProgramTables } from "./state.js";

/** Options of the compiled back end. */
export interface CompiledOptions extends EvaluatorOptions {
  /** Count the runs of each rule definition (see `CompiledProgram.definitionRuns`); a debug hook for tests. */
  readonly countDefinitions?: boolean;
  /** Index rules (default true); false is for benchmarks of what the index buys. */
  readonly ruleIndex?: boolean;
}

/** A query compiled for repeated evaluation. */
export interface CompiledQuery {
  readonly query: CheckedQuery;
  readonly run: (S: State, emit: SolutionSink) => void;
}

/**
 * A checked program compiled to JavaScript. Decisions need only the
 * governed rules and what they read (`decisionNodes`), so `decide` runs a
 * program generated for those alone, which is what loading a policy set
 * generates; the whole program (test rules and helpers included) is
 * generated the first time anything else is evaluated, or its code is
 * asked for (`generated`). Both number nodes and functions alike.
 */
export class CompiledProgram {
  /** The governed packages, for `decide`. */
  readonly governed: readonly GovernedPackageSpec[];
  /** Runs of each definition since the last `resetDefinitionRuns` (with `countDefinitions`). */
  readonly definitionRuns: Int32Array | undefined;
  private whole: { readonly generated: GeneratedProgram; readonly tables: ProgramTables } | undefined;
  private decisions: ProgramTables | undefined;

  constructor(
    readonly program: Program,
    readonly options: CompiledOptions = {},
  ) {
    const { nodes } = numberNodes(program);
    this.governed = findGovernedPackages(program.root).map((p) => {
      const rule = (name: "deny" | "escalate" | "allow" | "obligations"): GovernedRule | undefined => {
        const n = p.nodes[name];
        return n ? { node: nodes.get(n)!, kind: n.kind, name: n.name, rule: n.path[n.path.length - 1]! } : undefined;
      };
      const spec: { -readonly [K in keyof GovernedPackageSpec]: GovernedPackageSpec[K] } = { name: p.name };
      for (const r of ["deny", "escalate", "allow", "obligations"] as const) {
        const g = rule(r);
        if (g) spec[r] = g;
      }
      return spec;
    });
    // Definition counters are numbered by the whole program: then decisions run it too.
    this.definitionRuns = options.countDefinitions ? new Int32Array(this.generated.definitions.size) : undefined;
  }

  /** The code of the whole program (generated on first use). */
  get generated(): GeneratedProgram {
    return this.wholeProgram().generated;
  }

  /** The whole program's tables (instantiated on first use). */
  get tables(): ProgramTables {
    return this.wholeProgram().tables;
  }

  private wholeProgram(): { readonly generated: GeneratedProgram; readonly tables: ProgramTables } {
    if (this.whole === undefined) {
      const generated = generateProgram(this.program, { countDefinitions: this.options.countDefinitions === true, ruleIndex: this.options.ruleIndex !== false });
      this.whole = { generated, tables: instantiate(generated) };
    }
    return this.whole;
  }

  /** The tables `decide` runs: a program of the decision's nodes alone, unless the whole one is there already or definitions are counted. */
  private decisionTables(): ProgramTables {
    if (this.whole !== undefined || this.options.countDefinitions) return this.tables;
    if (this.decisions === undefined) {
      let generated: GeneratedProgram | undefined;
      try {
        generated = generateProgram(this.program, { ruleIndex: this.options.ruleIndex !== false, only: decisionNodes(this.program) });
      } catch {
        // Only a bug in `decisionNodes` can get here (test/compile/decision-program.test.ts looks for one):
        // the whole program decides the same, so use it rather than fail to load the policy.
        return this.tables;
      }
      this.decisions = instantiate(generated);
    }
    return this.decisions;
  }

  /** What code generation made of the program (definitions, indexed nodes, fallbacks). */
  get stats(): GenerateStats {
    return this.generated.stats;
  }

  /** A fresh evaluation state. */
  state(opts: EvalOptions = {}): State {
    const data = opts.data === undefined ? this.program.data : mergeData(this.program.data, opts.data);
    const limits = opts.limits ?? this.options.limits;
    return new State(opts.input, data, this.tables, {
      strict: opts.strictBuiltinErrors ?? this.options.strictBuiltinErrors ?? false,
      steps: limits?.steps ?? DEFAULT_STEP_BUDGET,
      depth: limits?.depth ?? DEFAULT_DEPTH_LIMIT,
      prints: opts.prints,
      hits: this.definitionRuns,
    });
  }

  /** The governed evaluator behind `decide`. */
  governedEvaluator(options: Omit<EvalOptions, "input"> = {}): GovernedCompiled {
    // Everything but the input is fixed: one settings object for every decision.
    const data = options.data === undefined ? this.program.data : mergeData(this.program.data, options.data);
    const limits = options.limits ?? this.options.limits;
    const settings = {
      strict: options.strictBuiltinErrors ?? this.options.strictBuiltinErrors ?? false,
      steps: limits?.steps ?? DEFAULT_STEP_BUDGET,
      depth: limits?.depth ?? DEFAULT_DEPTH_LIMIT,
      prints: options.prints,
      hits: this.definitionRuns,
    };
    const tables = this.decisionTables();
    return new GovernedCompiled(tables, this.governed, (input) => new State(input, data, tables, settings));
  }

  /** The value of `data.<path>` (rules and base data), or `undefined`. */
  evaluate(path: readonly string[], opts: EvalOptions = {}): Value | undefined {
    const S = this.state(opts);
    return RUNTIME.catchStackOverflow(() => this.document(S, path));
  }

  private document(S: State, path: readonly string[]): Value | undefined {
    let n: RuleNode = this.program.root;
    let i = 0;
    for (; i < path.length; i++) {
      if (n.kind !== "inner" || n.objectDefs.length > 0) break;
      const child = n.children.get(path[i]!);
      if (!child) return getPath(S.d, path);
      n = child;
    }
    const num = this.generated.nodes.get(n)!;
    if (i === path.length) return this.tables.nodes[num]!(S);
    // Below object rules, a lookup fails only on a conflict on its own key path (see `ConflictedDoc`).
    const v = n.kind === "inner" && n.objectDefs.length > 0 ? RUNTIME.innerAt(S, num, path.slice(i)) : this.tables.nodes[num]!(S);
    return getPath(v, path, i);
  }

  /** Compile a checked query. */
  prepare(query: CheckedQuery): CompiledQuery {
    const g = generateQuery(this.generated, this.program, query);
    const make = new Function("K", "R", "P", g.source) as (K: unknown[], R: unknown, P: ProgramTables) => CompiledQuery["run"];
    return { query, run: make(materialize(g.pool.entries, g.pool.builtins), RUNTIME, this.tables) };
  }

  /** Every solution of a prepared query. Throws `SnapError` on evaluation errors. */
  run(q: CompiledQuery, opts: EvalOptions = {}): Solution[] {
    const S = this.state(opts);
    const out: Solution[] = [];
    RUNTIME.catchStackOverflow(() =>
      q.run(S, (expressions, names, values) => {
        const bindings: Record<string, Value> = {};
        for (let i = 0; i < names.length; i++) setOwn(bindings, names[i]!, values[i] as Value);
        out.push({ expressions: expressions as Value[], bindings });
      }),
    );
    return out;
  }

  /** Reset the definition counters. */
  resetDefinitionRuns(): void {
    this.definitionRuns?.fill(0);
  }
}

/** Instantiate generated code: the source is ours alone (identifiers and constants' names); the policy's values arrive through `K`. */
export function instantiate(generated: GeneratedProgram): ProgramTables {
  const make = new Function("K", "R", generated.source) as (K: unknown[], R: unknown) => ProgramTables;
  return make(materialize(generated.pool.entries, generated.pool.builtins), RUNTIME);
}
