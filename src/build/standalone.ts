/**
 * What runs inside a module built by `snapspace build`: it instantiates the
 * generated program (and any precompiled queries) with their constant pools
 * and built-ins, and answers `decide`, `query` and `policy_hash` as the
 * compiled policy it was built from does. No parser, checker or code
 * generator is needed here: everything was generated at build time, so this
 * imports only the compiled back end's runtime, the decision layer and the
 * value model.
 */
import { toValue } from "../api/values.js";
import type { BuiltinDef } from "../builtins/types.js";
import { GovernedCompiled, type GovernedPackageSpec } from "../compile/governed.js";
import { decodePool, decodeValue } from "../compile/pool.js";
import { catchStackOverflow } from "../compile/runtime.js";
import { State, type ProgramTables, type StateOptions } from "../compile/state.js";
import type { Decision, DecideOptions, QueryResult } from "../decision/contract.js";
import { decide as decideWith } from "../decision/decide.js";
import type { PrintLine } from "../eval/context.js";
import { getPath } from "../eval/navigate.js";
import { SnapError } from "../source/diagnostic.js";
import { toJson, type Json } from "../value/json.js";
import type { Value } from "../value/types.js";

/** What a built module knows about its policy set, as JSON (carried as one string literal). */
export interface ModuleSpec {
  readonly policyHash: string;
  /** The base `data` document, as `encodeValue` writes it. */
  readonly data: unknown;
  /** The governed packages, as `decide` evaluates them. */
  readonly packages: readonly GovernedPackageSpec[];
  readonly strict: boolean;
  readonly steps: number;
  readonly depth: number;
  /** For the program's pool: the position of each of its built-ins in the module's built-in table. */
  readonly programBuiltins: readonly number[];
  /** Precompiled queries: their text and, for each one's pool, its built-ins' positions. */
  readonly queries: readonly { readonly text: string; readonly builtins: readonly number[] }[];
}

/** The generated program: the body `generateProgram` wrote, as a function of its constants and the runtime. */
export type ProgramFn = (K: unknown[], R: unknown) => ProgramTables;

/** A generated query: a function of its constants, the runtime and the program's tables. */
export type QueryFn = (K: unknown[], R: unknown, P: ProgramTables) => (S: State, emit: (expressions: unknown[], names: readonly string[], values: unknown[]) => void) => void;

/** Everything a built module hands to `instantiate`. */
export interface ModuleParts {
  /** The compiled back end's runtime (`compile/runtime.js`, as a namespace). */
  readonly runtime: unknown;
  /** The built-ins the module carries. */
  readonly builtins: readonly BuiltinDef[];
  /** `JSON.stringify` of the `ModuleSpec`. */
  readonly spec: string;
  readonly program: ProgramFn;
  /** The encoded pools (`encodePool`): the program's, then each query's. */
  readonly pools: readonly string[];
  readonly queries: readonly QueryFn[];
}

/** Options of a built module's `query`. */
export interface BuiltQueryOptions {
  /** Collect `print` output here. */
  readonly prints?: PrintLine[];
}

/** What a built module exports. */
export interface BuiltModule {
  readonly policyHash: string;
  decide(input: unknown, options?: DecideOptions): Decision;
  query(name: string, input?: unknown, options?: BuiltQueryOptions): QueryResult[];
}

/** A `data.…` path of identifiers: answered from the rule tree and the base documents, without a precompiled query. */
const DATA_PATH = /^data(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Instantiate a built module's program and queries, once, when it loads. */
export function instantiate(parts: ModuleParts): BuiltModule {
  const spec = JSON.parse(parts.spec) as ModuleSpec;
  const builtinsAt = (positions: readonly number[]) => positions.map((i) => parts.builtins[i]!);
  const tables = parts.program(decodePool(parts.pools[0]!, builtinsAt(spec.programBuiltins)), parts.runtime);
  const data = decodeValue(spec.data);
  const queries = new Map(spec.queries.map((q, i) => [q.text, parts.queries[i]!(decodePool(parts.pools[i + 1]!, builtinsAt(q.builtins)), parts.runtime, tables)] as const));
  const settings = (prints: PrintLine[] | undefined): StateOptions => ({ strict: spec.strict, steps: spec.steps, depth: spec.depth, prints, hits: undefined });
  const decideSettings = settings(undefined);
  const governed = new GovernedCompiled(tables, spec.packages, (input) => new State(input, data, tables, decideSettings));
  const children = new Map<number, Map<string, number>>();

  /** `data.<path>` as `CompiledProgram.evaluate` finds it: down the rule tree while it has inner nodes, then into the value. */
  const document = (S: State, path: readonly string[]): Value | undefined => {
    // INVARIANT: the root of the rule tree is node 0 (`generateProgram` numbers nodes depth first from it).
    let node = 0;
    let i = 0;
    for (; i < path.length; i++) {
      const inner = tables.inner[node];
      if (inner === undefined || inner.objectDefs.length > 0) break;
      let byKey = children.get(node);
      if (!byKey) children.set(node, (byKey = new Map(inner.children)));
      const child = byKey.get(path[i]!);
      if (child === undefined) return getPath(S.d, path);
      node = child;
    }
    const v = tables.nodes[node]!(S);
    return i === path.length ? v : getPath(v, path, i);
  };

  return {
    policyHash: spec.policyHash,
    decide: (input, options) => decideWith(governed, spec.policyHash, input, options),
    query(name, input, options = {}) {
      const S = new State(input === undefined ? undefined : toValue(input, "input"), data, tables, settings(options.prints));
      const run = queries.get(name);
      if (run) {
        const out: QueryResult[] = [];
        catchStackOverflow(() =>
          run(S, (expressions, names, values) => {
            const bindings: Record<string, Json> = {};
            for (let i = 0; i < names.length; i++) {
              // As `policy.query`: own properties, so that a variable called `__proto__` is a binding like any other.
              Object.defineProperty(bindings, names[i]!, { value: toJson(values[i] as Value), enumerable: true, writable: true, configurable: true });
            }
            out.push({ expressions: expressions.map((v) => toJson(v as Value)), bindings });
          }),
        );
        return out;
      }
      if (!DATA_PATH.test(name)) {
        throw SnapError.of(
          "query_not_built",
          `query \`${name}\` is not built into this module`,
          undefined,
          "query a `data.…` path, or build the module with `--query` for this query",
        );
      }
      const v = catchStackOverflow(() => document(S, name.split(".").slice(1)));
      return v === undefined ? [] : [{ expressions: [toJson(v)], bindings: {} }];
    },
  };
}
