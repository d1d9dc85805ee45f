import { readFileSync } from "node:fs";

/**
 * The package version, read once from snapspace's package.json: the nearest
 * one above this file (`dist/cli/version.js`, or the bundled `dist/snapspace.mjs`).
 */
export const VERSION: string = (() => {
  for (const up of ["../package.json", "../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "snapspace" && pkg.version) return pkg.version;
    } catch {
      // Not there: try the next folder up.
    }
  }
  return "0.0.0";
})();
