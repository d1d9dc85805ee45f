/**
 * Loading built modules the way a service that vendors one does: the file
 * written to a temporary folder outside the repository (no `node_modules`
 * of ours above it) and imported from there. `importBuilt` goes through the
 * test runner's loader (fast, in process); `decideInNode` runs a plain
 * `node` process in that folder, so that the module can only work if it
 * needs nothing but Node.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Decision, DecideOptions, Policy, QueryResult } from "../../src/decision/contract.js";
import type { PrintLine } from "../../src/eval/context.js";

/** What a built module exports. */
export interface BuiltExports {
  decide(input: unknown, options?: DecideOptions): Decision;
  query(name: string, input?: unknown, options?: { prints?: PrintLine[] }): QueryResult[];
  readonly policy_hash: string;
}

let folder: string | undefined;
let count = 0;

/** A temporary folder outside the repository for built modules (removed by `removeBuiltFolder`). */
export function builtFolder(): string {
  folder ??= mkdtempSync(join(tmpdir(), "snapspace-built-"));
  return folder;
}

/** Remove the folder of `builtFolder`. */
export function removeBuiltFolder(): void {
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
}

/** Write a built module's code outside the repository and import it. */
export async function importBuilt(code: string): Promise<BuiltExports> {
  const file = join(builtFolder(), `policy-${count++}.mjs`);
  writeFileSync(file, code);
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as BuiltExports;
}

/**
 * Decide `inputs` (JSON) with a built module in a plain `node` process
 * started in the module's folder: the serialized decisions, in order.
 */
export function decideInNode(code: string, inputs: readonly unknown[]): string[] {
  const dir = builtFolder();
  const file = `policy-${count++}.mjs`;
  writeFileSync(join(dir, file), code);
  writeFileSync(join(dir, "inputs.json"), JSON.stringify(inputs));
  const script = [
    `import { decide } from "./${file}";`,
    'import { readFileSync } from "node:fs";',
    'for (const input of JSON.parse(readFileSync("inputs.json", "utf8"))) process.stdout.write(JSON.stringify(decide(input)) + "\\n");',
  ].join("\n");
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`node failed (${r.status}): ${r.stderr}`);
  return r.stdout.trimEnd().split("\n");
}

/** A built module as the library's `Policy` (for `snapspace/testing` checks). */
export function asPolicy(m: BuiltExports): Policy {
  return {
    policyHash: m.policy_hash,
    decide: (input, options) => m.decide(input, options),
    query: (query, options) => m.query(query, options?.input),
  };
}

/** Every module specifier a built module imports (static `from "…"`, `import("…")`, `require("…")`). */
export function importedSpecifiers(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|\brequire\s*\(\s*["']([^"']+)["']\s*\)|\bimport\s*["']([^"']+)["']/g)) {
    out.add(m[1] ?? m[2] ?? m[3] ?? m[4]!);
  }
  return [...out].sort();
}
