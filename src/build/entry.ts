/**
 * The entry module the bundler starts from: imports of the runtime, the
 * standalone layer and each built-in the policy calls (from snapspace's own
 * modules, by paths relative to its root), the generated functions, and the
 * call that instantiates them. The policy's constants are in the pools and
 * the spec, written as JSON inside string literals (`JSON.stringify` of the
 * JSON text), so no value of a policy or an input is ever code.
 */
import { SnapError } from "../source/diagnostic.js";
import type { BuiltinExport } from "./builtins.js";
import type { ModulePlan } from "./plan.js";

/** The entry module's source for a plan, importing its built-ins from where `exports` says they are. */
export function entrySource(plan: ModulePlan, exports: ReadonlyMap<string, BuiltinExport>): string {
  const lines: string[] = [];
  lines.push('import { instantiate } from "./build/standalone.js";');
  lines.push('import * as RUNTIME from "./compile/runtime.js";');
  plan.builtinNames.forEach((name, i) => {
    const at = exports.get(name);
    if (!at) throw SnapError.of("build_internal", `built-in \`${name}\` is not exported on its own by a module of snapspace`, undefined, "this is a bug in snapspace; please report it");
    // Module paths and export names are snapspace's own identifiers (see `builtinExports`), never a policy's text.
    lines.push(`import { ${at.name} as b${i} } from "./${at.module}";`);
  });
  lines.push("function program(K, R) {", plan.program, "}");
  plan.queries.forEach((q, i) => lines.push(`function query${i}(K, R, P) {`, q, "}"));
  lines.push(
    "const built = instantiate({",
    "  runtime: RUNTIME,",
    `  builtins: [${plan.builtinNames.map((_, i) => `b${i}`).join(", ")}],`,
    `  spec: ${literal(JSON.stringify(plan.spec))},`,
    "  program,",
    `  pools: [${plan.pools.map(literal).join(", ")}],`,
    `  queries: [${plan.queries.map((_, i) => `query${i}`).join(", ")}],`,
    "});",
    "export const decide = built.decide;",
    "export const query = built.query;",
    "export const policy_hash = built.policyHash;",
  );
  return lines.join("\n") + "\n";
}

/** A JS string literal holding `text`: JSON's string syntax is JS's (U+2028/2029 included, since ES2019). */
function literal(text: string): string {
  return JSON.stringify(text);
}
