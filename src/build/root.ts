/**
 * Where snapspace's own modules are, for a built module to import them
 * from: `dist/` in an installed package (and under the bundled CLI,
 * `dist/snapspace.mjs`), `src/` when running from the sources.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SnapError } from "../source/diagnostic.js";

let root: string | undefined;

/**
 * The folder that holds snapspace's modules (`compile/`, `builtins/`, …):
 * the parent of this module's folder, or its own folder when this module is
 * bundled into `dist/snapspace.mjs`.
 */
export function libraryRoot(): string {
  if (root !== undefined) return root;
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [dirname(here), here]) {
    if (existsSync(join(dir, "compile", "runtime.js")) || existsSync(join(dir, "compile", "runtime.ts"))) return (root = dir);
  }
  throw SnapError.of("build_unavailable", "cannot find snapspace's modules to build from", undefined, "reinstall snapspace: its `dist/` folder is incomplete");
}
