/**
 * The shape of a built-in function. One registry (`registry.ts`) holds every
 * built-in; the checker (arity, determinism), the interpreter, the code
 * generator, the standalone emitter and `snapspace --help` all read the same
 * entries.
 *
 * Each family file (`aggregates.ts`, `strings.ts`, …) exports each built-in
 * as its own `const` (so the standalone emitter can tree-shake to the ones a
 * policy uses) and an array of all of them for the registry. Family files
 * have no side effects at import time.
 */
import type { TypeName, Value } from "../value/types.js";

/** The type an argument or result may have: any value, one type, or one of several. */
export type TypeSpec = "any" | TypeName | readonly TypeName[];

/** One declared argument. */
export interface ArgSpec {
  readonly name: string;
  readonly type: TypeSpec;
  readonly description?: string;
}

/** What a built-in may use besides its arguments. Nothing here is a clock, randomness, I/O or the environment. */
export interface BuiltinContext {
  /** Collect one line of `print` output (the library never writes to stdout). */
  readonly print: (line: string) => void;
}

/**
 * A built-in function.
 *
 * `impl` receives exactly `args.length` values (the evaluator handles the
 * extra output argument of `f(x, out)`), already checked against the declared
 * top-level types. It returns the result, or `undefined` when the call is
 * undefined (e.g. `object.get` never is, `regex.find_n` can be). It throws
 * `BuiltinError` for a bad argument — without a location: the call site
 * attaches the span of the argument named by `argIndex`.
 */
export interface BuiltinDef {
  /** Dotted name as policies write it: `count`, `strings.replace_n`, `time.parse_rfc3339_ns`. */
  readonly name: string;
  /** Family (the file it lives in), for docs and `--help`: `aggregates`, `strings`, … */
  readonly family: string;
  readonly description: string;
  readonly args: readonly ArgSpec[];
  /** Variadic built-ins (`print`) accept any number of arguments of `args[0]`'s type. */
  readonly variadic?: boolean;
  /**
   * The declared argument types are for the checker only: as in OPA, a
   * literal of another type is a compile error, but a value of another type
   * reaching the call at run time goes to `impl` (which answers, e.g.
   * `json.is_valid` gives false) instead of being a type error.
   */
  readonly checkTypesStaticallyOnly?: boolean;
  readonly result: TypeSpec;
  /**
   * A relation (like OPA's `walk`) yields several results: `impl` returns an
   * array of results, and the evaluator tries each as a separate solution.
   */
  readonly relation?: boolean;
  /**
   * False for built-ins whose result depends on anything but their arguments
   * (clocks, randomness, network, environment, files). The checker rejects
   * calls to them; they have no `impl`.
   */
  readonly deterministic: boolean;
  /**
   * Set on the built-ins OPA deprecated before 1.0 (`any`, `re_match`, …):
   * what to write instead. They are accepted in v0 modules only, as OPA does.
   */
  readonly deprecated?: string;
  readonly impl?: (args: readonly Value[], ctx: BuiltinContext) => Value | undefined;
}

/** Identity helper that gives a built-in definition its type (and keeps family files uniform). */
export function defineBuiltin(def: BuiltinDef): BuiltinDef {
  return def;
}

/**
 * A built-in rejected its arguments. `argIndex` (0-based) names the argument
 * at fault, so the call site can put the caret under it. `code` is
 * `type_error` for a value of the wrong type, `builtin_error` otherwise
 * (bad regex, malformed date, …). In non-strict mode (OPA's default) these
 * make the call undefined instead of failing the evaluation.
 */
export class BuiltinError extends Error {
  constructor(
    message: string,
    readonly argIndex?: number,
    readonly code: "type_error" | "builtin_error" = "builtin_error",
  ) {
    super(message);
    this.name = "BuiltinError";
  }
}
