import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { SnapError } from "./diagnostic.js";

/** File extensions that hold policy modules. */
export const POLICY_EXTENSIONS = [".snap", ".rego"] as const;

/** Options of `discoverFiles`. */
export interface DiscoverOptions {
  /** Extensions to collect from folders (files named explicitly are always taken). */
  readonly extensions?: readonly string[];
}

/**
 * Expand files and folders into a sorted, de-duplicated list of files.
 * Folders are walked recursively (skipping `node_modules` and dot-folders),
 * taking files with the given extensions. A path that does not exist is a
 * `SnapError` (`file_not_found`) naming it.
 */
export async function discoverFiles(paths: readonly string[], options: DiscoverOptions = {}): Promise<string[]> {
  const exts = options.extensions ?? POLICY_EXTENSIONS;
  const found = new Set<string>();
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      throw SnapError.of("file_not_found", `no such file or folder \`${p}\``, undefined, "check the path, relative to the current folder");
    }
    if (st.isDirectory()) await walkDir(p, exts, found);
    else found.add(p);
  }
  return [...found].sort();
}

async function walkDir(dir: string, exts: readonly string[], found: Set<string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) await walkDir(full, exts, found);
    else if (exts.some((x) => e.name.endsWith(x))) found.add(full);
  }
}

/** A path as shown to users: relative to the current folder when inside it, with `/` separators. */
export function displayPath(p: string, cwd = process.cwd()): string {
  const rel = relative(cwd, p);
  const shown = rel && !rel.startsWith("..") ? rel : p;
  return shown.split(sep).join("/");
}
