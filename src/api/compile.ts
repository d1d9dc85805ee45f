/**
 * `compile`: source texts → a checked, ready-to-evaluate policy set.
 */
import type { Module, RegoVersion } from "../ast/nodes.js";
import { checkModules } from "../check/check.js";
import type { Diagnostic } from "../source/diagnostic.js";
import { SnapError } from "../source/diagnostic.js";
import { SourceFile } from "../source/source-file.js";
import { parseModule } from "../syntax/index.js";
import type { EvalLimits } from "../eval/context.js";
import { CompiledPolicy, type Backend } from "./policy.js";
import { toValue } from "./values.js";
import { immutableCopy } from "../value/object-cache.js";

/** One module to compile. */
export interface ModuleSource {
  /** The file name shown in diagnostics and reason locations. */
  readonly file: string;
  readonly source: string;
}

/** Options of `compile`. */
export interface CompileOptions {
  readonly modules: readonly ModuleSource[];
  /** The base `data` document (JSON). */
  readonly data?: unknown;
  /** 1 (default): Rego v1 syntax. 0: v0-compatible, as OPA's `--v0-compatible` (a module importing `rego.v1` is v1). */
  readonly regoVersion?: RegoVersion;
  /** Built-in errors fail the evaluation instead of making the call undefined (OPA's `--strict-builtin-errors`). Default false. */
  readonly strictBuiltinErrors?: boolean;
  /** Step budget and depth limit of each evaluation. */
  readonly limits?: EvalLimits;
  /** `compiled` (default): generated JavaScript; `interpreter`: the reference interpreter. Both give the same results. */
  readonly backend?: Backend;
}

/**
 * Parse and check a policy set. Throws a `SnapError` carrying every
 * diagnostic (parse and check errors of all modules, sorted) when any is an error.
 *
 * @example
 * ```ts
 * const policy = compile({ modules: [{ file: "a.snap", source: "package a\n\nallow if input.ok\n" }] });
 * policy.query("data.a.allow", { input: { ok: true } }); // [{ expressions: [true], bindings: {} }]
 * ```
 */
export function compile(options: CompileOptions): CompiledPolicy {
  const { modules, ...rest } = options;
  return compileSources(
    modules.map((m) => new SourceFile(m.file, m.source)),
    rest,
  );
}

/** A `SnapError` for a policy set that does not compile, with the source files its diagnostics point into. */
export class PolicyError extends SnapError {
  /** The files of the policy set, for rendering the diagnostics with their source lines. */
  declare readonly sources: readonly SourceFile[];

  constructor(diagnostics: readonly Diagnostic[], sources: readonly SourceFile[]) {
    super(diagnostics);
    // Not enumerable: an uncaught error prints its diagnostics, not the text of every policy file.
    Object.defineProperty(this, "sources", { value: sources, enumerable: false });
  }
}

/** `compile` from source files already read. Throws `PolicyError` (a `SnapError`) on any error. */
export function compileSources(files: readonly SourceFile[], options: Omit<CompileOptions, "modules"> = {}): CompiledPolicy {
  const diags: Diagnostic[] = [];
  const modules: Module[] = [];
  for (const file of files) {
    const r = parseModule(file, { regoVersion: options.regoVersion ?? 1 });
    diags.push(...r.diagnostics);
    if (r.value) modules.push(r.value);
  }
  // The policy's own copy: a caller who changes its object afterwards changes neither the data nor the policy's hash.
  const data = options.data === undefined ? {} : immutableCopy(toValue(options.data, "data"));
  if (diags.some((d) => d.severity === "error")) throw new PolicyError(diags, files);
  const checked = checkModules(modules, { data });
  diags.push(...checked.diagnostics);
  if (!checked.program) throw new PolicyError(diags, files);
  return new CompiledPolicy(checked.program, files, {
    regoVersion: options.regoVersion ?? 1,
    strictBuiltinErrors: options.strictBuiltinErrors ?? false,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.backend ? { backend: options.backend } : {}),
  });
}
