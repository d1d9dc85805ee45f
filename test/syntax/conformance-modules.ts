/**
 * Every Rego module of the regorus conformance cases (../shared/conformance/regorus),
 * with the version the reference harness loads it in: v0-compatible, except
 * binding/bindings.yaml (plain v1).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import type { RegoVersion } from "../../src/ast/nodes.js";

const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const CONFORMANCE_ROOT = resolve(repoRoot, "../shared/conformance/regorus");

/** One module of one case. */
export interface ConformanceModule {
  /** `file.yaml#case-index/module-index (note)` */
  readonly name: string;
  readonly text: string;
  readonly regoVersion: RegoVersion;
  /** The case expects an error (at compile or evaluation time), so the module may not parse. */
  readonly expectsError: boolean;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith(".yaml") ? [join(dir, e.name)] : []));
}

interface Case {
  note?: string;
  modules?: string[];
  error?: unknown;
}

/** Load every module (sorted by file, then case, then module). */
export function conformanceModules(): ConformanceModule[] {
  const out: ConformanceModule[] = [];
  for (const path of yamlFiles(CONFORMANCE_ROOT)) {
    const rel = relative(CONFORMANCE_ROOT, path).split("\\").join("/");
    const doc = yaml.load(readFileSync(path, "utf8")) as { cases?: Case[] } | undefined;
    (doc?.cases ?? []).forEach((c, i) => {
      (c.modules ?? []).forEach((text, j) => {
        out.push({
          name: `${rel}#${i}/${j} (${c.note ?? "?"})`,
          text,
          regoVersion: rel === "binding/bindings.yaml" ? 1 : 0,
          expectsError: c.error !== undefined,
        });
      });
    });
  }
  return out;
}
