/**
 * The one way commands turn `--policy` paths into a loaded policy: load and
 * compile, and on errors print every diagnostic rendered (source line and
 * caret, colour on a TTY) to stderr before failing with exit code 2.
 */
import { loadPolicies, mergeDocuments, readData } from "../api/load.js";
import { PolicyError } from "../api/compile.js";
import type { CompiledPolicy } from "../api/policy.js";
import { isSnapError, SnapError } from "../source/diagnostic.js";
import { renderDiagnostics } from "../source/render.js";
import { useColor } from "./terminal.js";
import { isOpaWasmPath, loadOpaWasmPaths, type OpaWasmPolicy } from "../opa/index.js";
import { displayPath } from "../source/discover.js";
import type { Value } from "../value/types.js";

/** What `loadPolicyFromCli` reads. */
export interface PolicyCliOptions {
  /** Policy files and folders (`--policy`, repeatable). */
  readonly policy: readonly string[];
  /** Data files (`--data`), mounted at the root of `data`. */
  readonly data?: string | readonly string[];
  /** `--v0-compatible`: read Rego v0 syntax. */
  readonly v0Compatible?: boolean;
  /** `--strict`: built-in errors fail the evaluation. */
  readonly strict?: boolean;
}

/**
 * Load the policy named on the command line. On policy errors, prints them
 * rendered to stderr and throws a `SnapError` (`policy_errors`) that `main`
 * turns into exit code 2; other load errors (missing path, bad data file)
 * are thrown as they are, also exit 2.
 */
export async function loadPolicyFromCli(options: PolicyCliOptions, stderr: NodeJS.WriteStream = process.stderr): Promise<CompiledPolicy> {
  const data = options.data === undefined ? [] : typeof options.data === "string" ? [options.data] : [...options.data];
  try {
    return await loadPolicies(options.policy, {
      data,
      ...(options.v0Compatible ? { regoVersion: 0 } : {}),
      ...(options.strict ? { strictBuiltinErrors: true } : {}),
    });
  } catch (e) {
    if (!(e instanceof PolicyError) || !isSnapError(e)) throw e;
    const sources = e.sources;
    const text = renderDiagnostics(e.diagnostics, (name) => sources.find((s) => s.name === name), { color: useColor(stderr) });
    stderr.write(text + "\n\n");
    const errors = e.diagnostics.filter((d) => d.severity === "error");
    const n = errors.length;
    // Rules without `if` are what a Rego v0 file looks like to the v1 parser: say which flag reads it.
    const looksV0 = !options.v0Compatible && errors.some((d) => d.code === "missing_if");
    const help = looksV0
      ? "these files look like Rego v0 (rule bodies without `if`): pass `--v0-compatible` to read them as OPA's --v0-compatible does, or fix the errors above"
      : "fix the errors above, then run the command again";
    throw SnapError.of("policy_errors", `the policy has ${n} error${n === 1 ? "" : "s"}`, undefined, help);
  }
}

// ---- OPA Wasm (docs/opa-wasm.md) ---------------------------------------------

/**
 * `--policy` for commands that only decide or query (`eval`, `replay`,
 * `query`): what `loadPolicyFromCli` loads, or a `policy.wasm` / OPA bundle
 * (`.tar.gz`, `.tgz`), which must then be the only `--policy`; `--data`
 * files are merged over the bundle's data.
 */
export async function loadDecidingPolicyFromCli(options: PolicyCliOptions, stderr: NodeJS.WriteStream = process.stderr): Promise<CompiledPolicy | OpaWasmPolicy> {
  if (!options.policy.some(isOpaWasmPath)) return loadPolicyFromCli(options, stderr);
  const files = options.data === undefined ? [] : typeof options.data === "string" ? [options.data] : options.data;
  let data: Value = {};
  for (const file of files) data = mergeDocuments(data, await readData(file), displayPath(file));
  return loadOpaWasmPaths(options.policy, files.length > 0 ? { data } : {});
}
