/**
 * A compiled policy set: the `Policy` of DESIGN.md §6 (`decide`, `query`,
 * `policyHash`), plus what the other commands need (modules, sources,
 * rules, the governed evaluator, raw evaluation with prints and coverage).
 */
import type { Module, RegoVersion } from "../ast/nodes.js";
import { checkQuery } from "../check/check.js";
import type { CheckedQuery, Program, RuleKind } from "../check/program.js";
import type { Decision, DecideOptions, GovernedEvaluator, Policy, QueryOptions, QueryResult } from "../decision/contract.js";
import { decide } from "../decision/decide.js";
import { computePolicyHash } from "../decision/policy-hash.js";
import type { EvalLimits, PrintLine } from "../eval/context.js";
import { Evaluator, type EvalOptions, type PreparedQuery, type Solution } from "../eval/evaluator.js";
import { GovernedInterpreter } from "../eval/governed.js";
import { CompiledProgram, type CompiledQuery } from "../compile/evaluator.js";
import type { GenerateStats } from "../compile/generate.js";
import { needsInterpreter } from "../compile/query.js";
import { SnapError } from "../source/diagnostic.js";
import { SourceFile } from "../source/source-file.js";
import { formatModule, parseQuery } from "../syntax/index.js";
import { toJson, type Json } from "../value/json.js";
import type { Value } from "../value/types.js";
import { toValue } from "./values.js";

/** A rule definition, as `snapspace test` and tools list them. */
export interface RuleInfo {
  /** Full path, e.g. `data.agent.payments.deny`. */
  readonly path: string;
  /** Package, e.g. `agent.payments`. */
  readonly package: string;
  /** Rule name (the first segment of its head), e.g. `deny`, `test_small_charge`. */
  readonly name: string;
  readonly kind: RuleKind;
  readonly isDefault: boolean;
  readonly file: string;
  readonly line: number;
  /** `file:line`. */
  readonly location: string;
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  readonly input?: unknown;
  /** Extra base documents merged over the policy set's data. */
  readonly data?: unknown;
  /** Collect `print` output here. */
  readonly prints?: PrintLine[];
  /** Coverage hook: collects the `file:line` of every statement evaluated and rule head that produced a value. */
  readonly coverage?: Set<string>;
  readonly strictBuiltinErrors?: boolean;
  readonly limits?: EvalLimits;
}

/**
 * Which back end evaluates a policy: `compiled` (the default) generates
 * JavaScript from the checked program; `interpreter` is the reference
 * interpreter. Both give the same results.
 */
export type Backend = "compiled" | "interpreter";

/** Settings a policy was compiled with. */
export interface PolicySettings {
  readonly regoVersion: RegoVersion;
  readonly strictBuiltinErrors: boolean;
  readonly limits?: EvalLimits;
  /** Default `compiled`. */
  readonly backend?: Backend;
}

/** A checked query, prepared (on demand) for either back end. */
interface PreparedFor {
  readonly query: CheckedQuery;
  interpreter?: PreparedQuery;
  compiled?: CompiledQuery;
}

const MAX_CACHED_QUERIES = 256;

/** A compiled policy set. Create one with `compile` or `loadPolicies`. */
export class CompiledPolicy implements Policy {
  /** The parsed modules, in the order given. */
  readonly modules: readonly Module[];
  /** The back end behind `decide`: evaluates the governed rules of every package. */
  readonly evaluator: GovernedEvaluator;
  /** Which back end evaluates this policy. */
  readonly backend: Backend;
  /** The reference interpreter (made on first use: the compiled back end needs it only for coverage and some queries). */
  private interpreter: Evaluator | undefined;
  /** The generated code, for the compiled back end. */
  private readonly compiled: CompiledProgram | undefined;
  private readonly queries = new Map<string, PreparedFor>();
  private hash: string | undefined;
  private ruleList: readonly RuleInfo[] | undefined;

  constructor(
    /** The checked program (rule tree and analysis), the input of the compiled back end. */
    readonly program: Program,
    /** The source files, by name, for rendering diagnostics. */
    readonly sources: readonly SourceFile[],
    readonly settings: PolicySettings,
  ) {
    this.modules = program.modules;
    this.backend = settings.backend ?? "compiled";
    this.compiled =
      this.backend === "compiled"
        ? new CompiledProgram(program, {
            strictBuiltinErrors: settings.strictBuiltinErrors,
            ...(settings.limits ? { limits: settings.limits } : {}),
          })
        : undefined;
    this.evaluator = this.compiled ? this.compiled.governedEvaluator() : new GovernedInterpreter(this.interp);
  }

  /** Every rule definition with its kind and location (listed on first use: deciding needs none of it). */
  get rules(): readonly RuleInfo[] {
    this.ruleList ??= this.program.defs.map((d) => {
      const span = d.rule.head.span;
      const pkg = d.module.package.path.join(".");
      return {
        path: d.node.name,
        package: pkg,
        name: d.rule.head.name,
        kind: d.kind,
        isDefault: d.rule.isDefault,
        file: span.file,
        line: span.line,
        location: d.location,
      };
    });
    return this.ruleList;
  }

  private get interp(): Evaluator {
    this.interpreter ??= new Evaluator(this.program, {
      strictBuiltinErrors: this.settings.strictBuiltinErrors,
      ...(this.settings.limits ? { limits: this.settings.limits } : {}),
    });
    return this.interpreter;
  }

  /**
   * What the compiled back end made of the policy (definitions, rule
   * indexes, rules left to the interpreter), or `undefined` on the
   * interpreter. A debug aid for tests and benchmarks.
   */
  get compiledStats(): GenerateStats | undefined {
    return this.compiled?.stats;
  }

  /** `sha256:…` over the formatted sources and the data. */
  get policyHash(): string {
    // Formatted without comments: neither whitespace nor comments change the hash (DESIGN.md §3).
    this.hash ??= computePolicyHash(
      this.modules.map((m) => ({ file: m.file, text: formatModule({ ...m, comments: [] }) })),
      this.program.data,
    );
    return this.hash;
  }

  /** The source file called `name`, for diagnostics rendering. */
  source(name: string): SourceFile | undefined {
    return this.sources.find((s) => s.name === name);
  }

  /** Decide one proposal (DESIGN.md §3). Synchronous and pure; bad input is a `deny` with errors. */
  decide(input: unknown, options?: DecideOptions): Decision {
    return decide(this.evaluator, this.policyHash, input, options);
  }

  /**
   * Evaluate a Rego query; one entry per solution, values as OPA's JSON API
   * prints them (sets as sorted arrays, non-string keys as their Rego text).
   * `prints`, when given, collects the output of `print` calls.
   */
  query(query: string, options: QueryOptions & Pick<EvaluateOptions, "prints"> = {}): QueryResult[] {
    return this.evaluate(query, options).map((s) => {
      const bindings: Record<string, Json> = {};
      for (const [k, v] of Object.entries(s.bindings)) Object.defineProperty(bindings, k, { value: toJson(v), enumerable: true, writable: true, configurable: true });
      return { expressions: s.expressions.map((v) => toJson(v)), bindings };
    });
  }

  /** Evaluate a Rego query, returning raw values (sets stay sets). Throws `SnapError`. */
  evaluate(query: string, options: EvaluateOptions = {}): Solution[] {
    const opts = evalOptions(options);
    const prepared = this.prepare(query, this.usesCompiled(options));
    if (prepared.compiled) return this.compiled!.run(prepared.compiled, opts);
    return this.interp.run(prepared.interpreter!, opts);
  }

  /** The value of `data.<path>` (dotted, without `data.`), or `undefined`. */
  evaluatePath(path: string, options: EvaluateOptions = {}): Value | undefined {
    const segs = path === "" ? [] : path.split(".");
    const opts = evalOptions(options);
    return this.usesCompiled(options) ? this.compiled!.evaluate(segs, opts) : this.interp.evaluate(segs, opts);
  }

  /** Coverage is the reference interpreter's: it reports the statements the language's definition evaluates. */
  private usesCompiled(options: EvaluateOptions): boolean {
    return this.compiled !== undefined && options.coverage === undefined;
  }

  /**
   * Parse and check a query (cached by text), and compile it for the back
   * end that runs it: the compiled one when asked for and able (a query
   * whose `with` replaces what the generated code does not look for runs
   * on the interpreter), else the interpreter.
   */
  private prepare(text: string, compiled: boolean): PreparedFor {
    let hit = this.queries.get(text);
    if (!hit) {
      const file = new SourceFile("<query>", text);
      const parsed = parseQuery(file, { regoVersion: 1 });
      if (!parsed.value) throw new SnapError(parsed.diagnostics);
      const checked = checkQuery(this.program, parsed.value);
      if (!checked.query) throw new SnapError(checked.diagnostics);
      hit = { query: checked.query };
      if (this.queries.size >= MAX_CACHED_QUERIES) this.queries.delete(this.queries.keys().next().value!);
      this.queries.set(text, hit);
    }
    if (compiled && this.compiled && !needsInterpreter(this.compiled.generated, hit.query)) {
      hit.compiled ??= this.compiled.prepare(hit.query);
      return { query: hit.query, compiled: hit.compiled };
    }
    hit.interpreter ??= this.interp.prepare(hit.query);
    return { query: hit.query, interpreter: hit.interpreter };
  }
}

function evalOptions(options: EvaluateOptions): EvalOptions {
  return {
    ...(options.input !== undefined ? { input: toValue(options.input, "input") } : {}),
    ...(options.data !== undefined ? { data: toValue(options.data, "data") } : {}),
    ...(options.prints ? { prints: options.prints } : {}),
    ...(options.coverage ? { coverage: options.coverage } : {}),
    ...(options.strictBuiltinErrors !== undefined ? { strictBuiltinErrors: options.strictBuiltinErrors } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  };
}
