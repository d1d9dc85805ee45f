/** Test helpers: compile a one-file policy and read values back as Rego text (sets and objects in canonical order). */
import { compile, type CompileOptions } from "../../src/api/compile.js";
import type { CompiledPolicy, EvaluateOptions } from "../../src/api/policy.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { toRegoText, type Value } from "../../src/value/index.js";

/** Compile `source` (one module, v1 unless `regoVersion: 0`). */
export function policy(source: string, options: Omit<CompileOptions, "modules"> = {}): CompiledPolicy {
  return compile({ modules: [{ file: "test.rego", source }], ...options });
}

/** The Rego text of the query's single expression in its first solution, or `undefined`. */
export function valueOf(p: CompiledPolicy, query: string, options: EvaluateOptions = {}): string | undefined {
  const s = p.evaluate(query, options)[0];
  const v = s?.expressions[0];
  return v === undefined ? undefined : toRegoText(v as Value);
}

/** `data.test.<name>` as Rego text, or `undefined`. */
export function rule(source: string, name: string, input?: unknown, options: Omit<CompileOptions, "modules"> = {}): string | undefined {
  return valueOf(policy(source, options), `data.test.${name}`, input === undefined ? {} : { input });
}

/** The `code` of the `SnapError` that `fn` throws (fails if it throws anything else or nothing). */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isSnapError(e)) return e.code;
    throw e;
  }
  throw new Error("expected a SnapError, nothing was thrown");
}

/** The `SnapError` that `fn` throws. */
export function snapError(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (isSnapError(e)) return e;
    throw e;
  }
  throw new Error("expected a SnapError, nothing was thrown");
}
