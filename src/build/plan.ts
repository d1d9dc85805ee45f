/**
 * Planning a built module: the compiled back end's generated program for a
 * policy set (and for any queries to precompile), their constant pools
 * encoded, the built-ins they call, and the spec the module instantiates
 * itself from. Everything from the policy travels as data (pools and spec,
 * JSON carried in string literals); the only source text is what
 * `generateProgram` and `generateQuery` wrote, which holds none of it.
 */
import type { CompiledPolicy } from "../api/policy.js";
import type { BuiltinDef } from "../builtins/types.js";
import { checkQuery } from "../check/check.js";
import { CompiledProgram } from "../compile/evaluator.js";
import { encodePool, encodeValue, type Pool } from "../compile/pool.js";
import { generateQuery, needsInterpreter } from "../compile/query.js";
import { DEFAULT_DEPTH_LIMIT, DEFAULT_STEP_BUDGET } from "../eval/context.js";
import { SnapError } from "../source/diagnostic.js";
import { SourceFile } from "../source/source-file.js";
import { parseQuery } from "../syntax/index.js";
import type { ModuleSpec } from "./standalone.js";

/** Options of planning (and building) a module. */
export interface PlanOptions {
  /**
   * Queries to precompile: the module's `query` answers each of them (by its
   * exact text) besides `data.…` paths, which need none.
   */
  readonly queries?: readonly string[];
}

/** Everything a built module is made of, before bundling. */
export interface ModulePlan {
  readonly spec: ModuleSpec;
  /** The names of the built-ins the module imports, in the order of its built-in table. */
  readonly builtinNames: readonly string[];
  /** The body of the program's `function (K, R)`. */
  readonly program: string;
  /** The bodies of each precompiled query's `function (K, R, P)`. */
  readonly queries: readonly string[];
  /** Encoded pools: the program's, then each query's. */
  readonly pools: readonly string[];
}

/** A query that cannot be built into a module, with its text for rendering the diagnostics. */
export class QueryBuildError extends SnapError {
  constructor(
    error: SnapError,
    /** The query, as the source its diagnostics point into. */
    readonly source: SourceFile,
  ) {
    super(error.diagnostics);
  }
}

/** Plan a module for a compiled policy set. Throws `QueryBuildError` for a query that does not parse, check or compile. */
export function planModule(policy: CompiledPolicy, options: PlanOptions = {}): ModulePlan {
  const { strictBuiltinErrors, limits } = policy.settings;
  // The same generated code as the policy's compiled back end: generation is deterministic.
  const compiled = new CompiledProgram(policy.program, { strictBuiltinErrors, ...(limits ? { limits } : {}) });
  const table = new BuiltinTable();
  const programBuiltins = table.positions(compiled.generated.pool);
  const pools = [encodePool(compiled.generated.pool.entries)];
  const queries: string[] = [];
  const querySpecs: { text: string; builtins: number[] }[] = [];
  for (const text of new Set(options.queries ?? [])) {
    const file = new SourceFile("<query>", text);
    try {
      const parsed = parseQuery(file, { regoVersion: 1 });
      if (!parsed.value) throw new SnapError(parsed.diagnostics);
      const checked = checkQuery(policy.program, parsed.value);
      if (!checked.query) throw new SnapError(checked.diagnostics);
      if (needsInterpreter(compiled.generated, checked.query)) {
        throw SnapError.of(
          "query_not_compilable",
          `query \`${text}\` uses \`with\` to replace something the policy's compiled code cannot replace`,
          undefined,
          "evaluate this query with `policy.query` from the snapspace library instead of a built module",
        );
      }
      const g = generateQuery(compiled.generated, policy.program, checked.query);
      queries.push(g.source);
      pools.push(encodePool(g.pool.entries));
      querySpecs.push({ text, builtins: table.positions(g.pool) });
    } catch (e) {
      if (e instanceof SnapError) throw new QueryBuildError(e, file);
      throw e;
    }
  }
  const spec: ModuleSpec = {
    policyHash: policy.policyHash,
    data: encodeValue(policy.program.data),
    packages: compiled.governed,
    strict: strictBuiltinErrors,
    steps: limits?.steps ?? DEFAULT_STEP_BUDGET,
    depth: limits?.depth ?? DEFAULT_DEPTH_LIMIT,
    programBuiltins,
    queries: querySpecs,
  };
  return { spec, builtinNames: table.names, program: compiled.generated.source, queries, pools };
}

/** The module's built-in table: each built-in once, by name. */
class BuiltinTable {
  readonly names: string[] = [];
  private readonly index = new Map<BuiltinDef, number>();

  /** The positions in this table of a pool's built-ins (added as needed). */
  positions(pool: Pool): number[] {
    return pool.builtins.map((def) => {
      let i = this.index.get(def);
      if (i === undefined) {
        i = this.names.length;
        this.names.push(def.name);
        this.index.set(def, i);
      }
      return i;
    });
  }
}
