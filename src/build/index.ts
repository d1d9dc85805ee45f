/**
 * `snapspace build`: a policy set as one standalone ES module that decides
 * with no snapspace installed (a service vendors the file). The module holds
 * the compiled back end's generated code for the policy, its constants as
 * data, the runtime, the decision layer and only the built-ins it calls.
 *
 * @example
 * ```ts
 * const policy = await loadPolicies(["policies/"]);
 * const built = await buildModule(policy);
 * writeFileSync("policy.mjs", built.code);
 * writeFileSync("policy.d.mts", built.declarations);
 * // elsewhere: import { decide } from "./policy.mjs";
 * ```
 */
import type { CompiledPolicy } from "../api/policy.js";
import { SnapError } from "../source/diagnostic.js";
import { builtinExports } from "./builtins.js";
import { bundleEntries } from "./bundle.js";
import { moduleDeclarations } from "./declarations.js";
import { entrySource } from "./entry.js";
import { planModule, type ModulePlan, type PlanOptions } from "./plan.js";

export { planModule, QueryBuildError, type ModulePlan, type PlanOptions } from "./plan.js";
export { moduleDeclarations } from "./declarations.js";
export { builtinExports, type BuiltinExport } from "./builtins.js";
export type { BuiltModule, BuiltQueryOptions } from "./standalone.js";

/** Options of `buildModule`. */
export type BuildOptions = PlanOptions;

/** A built module. */
export interface BuildResult {
  /** The module's source (write it as `FILE.mjs`). */
  readonly code: string;
  /** Its type declarations (write them as `FILE.d.mts`). */
  readonly declarations: string;
  readonly policyHash: string;
  /** The governed packages it decides with. */
  readonly packages: readonly string[];
  /** The built-ins it carries, by name, sorted. */
  readonly builtins: readonly string[];
  /** The modules bundled into it (`compile/runtime.js`, `node_modules/zod/…`), sorted. */
  readonly inputs: readonly string[];
}

/**
 * Build a standalone module for a compiled policy set. Throws `SnapError`:
 * `QueryBuildError` for a query of `options.queries` that cannot be built,
 * `build_unavailable` when esbuild is not installed.
 */
export async function buildModule(policy: CompiledPolicy, options: BuildOptions = {}): Promise<BuildResult> {
  const [built] = await bundleModules([planModule(policy, options)]);
  return built!;
}

/** Bundle several planned modules in one bundler run (faster than one `buildModule` each). */
export async function bundleModules(plans: readonly ModulePlan[]): Promise<BuildResult[]> {
  const exports = await builtinExports();
  const bundled = await bundleEntries(plans.map((plan) => entrySource(plan, exports)));
  return plans.map((plan, i) => ({
    code: header(plan) + bundled[i]!.code,
    declarations: moduleDeclarations(),
    policyHash: plan.spec.policyHash,
    packages: plan.spec.packages.map((p) => p.name),
    builtins: [...plan.builtinNames].sort(),
    inputs: bundled[i]!.inputs,
  }));
}

function header(plan: ModulePlan): string {
  const hash = plan.spec.policyHash;
  // The hash is ours (`sha256:` and hex), checked anyway: nothing else reaches this comment.
  if (!/^sha256:[0-9a-f]{64}$/.test(hash)) throw SnapError.of("build_internal", "unexpected policy hash", undefined, "this is a bug in snapspace; please report it");
  return `// A policy module built by \`snapspace build\` (policy_hash ${hash}). Do not edit: rebuild.\n`;
}
