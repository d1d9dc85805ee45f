/**
 * Where each built-in lives, so that a built module imports only the
 * built-ins its policy calls: every family file exports each built-in as its
 * own `const` (see `builtins/types.ts`). The family files are found by
 * reading snapspace's `builtins/` folder, so a new family needs no list to
 * be kept here; built-ins are matched by name, which the registry keeps
 * unique (the CLI runs from a bundle whose built-in objects are copies of
 * the modules' own).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { libraryRoot } from "./root.js";

/** Where a built-in is exported from: a module path relative to the library's root, and the export's name. */
export interface BuiltinExport {
  /** `builtins/strings.js` */
  readonly module: string;
  /** `startswith` */
  readonly name: string;
}

// The registry and the folder's index gather every family: a built module must import families one by one.
const GATHERING = new Set(["index", "registry"]);

let exportsByName: Promise<ReadonlyMap<string, BuiltinExport>> | undefined;

/** Every built-in exported on its own by a module of `builtins/`, by built-in name. */
export function builtinExports(): Promise<ReadonlyMap<string, BuiltinExport>> {
  exportsByName ??= scan(libraryRoot());
  return exportsByName;
}

async function scan(root: string): Promise<ReadonlyMap<string, BuiltinExport>> {
  const dir = join(root, "builtins");
  const out = new Map<string, BuiltinExport>();
  // Sorted files and names: a built-in exported twice always gets the same import.
  const files = readdirSync(dir)
    .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith(".d.ts"))
    .sort();
  for (const file of files) {
    const stem = file.replace(/\.(js|ts)$/, "");
    if (GATHERING.has(stem)) continue;
    // Family files have no side effects at import time (`builtins/types.ts`).
    const ns = (await import(/* @vite-ignore */ pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
    for (const name of Object.keys(ns).sort()) {
      const value = ns[name];
      if (isBuiltinDef(value) && !out.has(value.name)) out.set(value.name, { module: `builtins/${stem}.js`, name });
    }
  }
  return out;
}

function isBuiltinDef(x: unknown): x is { readonly name: string } {
  return (
    typeof x === "object" &&
    x !== null &&
    !Array.isArray(x) &&
    typeof (x as { name?: unknown }).name === "string" &&
    typeof (x as { deterministic?: unknown }).deterministic === "boolean" &&
    typeof (x as { family?: unknown }).family === "string"
  );
}
