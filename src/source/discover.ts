import { readdirSync, statSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { SnapError } from "./diagnostic.js";

/** File extensions that hold policy modules. */
export const POLICY_EXTENSIONS = [".snap", ".rego"] as const;

/** Options of `discoverFiles`. */
export interface DiscoverOptions {
  /** Extensions to collect from folders (files named explicitly are always taken). */
  readonly extensions?: readonly string[];
  /**
   * What the files are, for the error when a folder holds none (`"policy"`,
   * `"records"`): a folder given for them that has none is almost always
   * a wrong path, and a CI run that silently checks nothing must not pass.
   * Without it, an empty folder adds nothing.
   */
  readonly kind?: string;
}

/**
 * Expand files and folders into a sorted, de-duplicated list of files.
 * Folders are walked recursively (skipping `node_modules` and dot-folders),
 * taking files with the given extensions. A path that does not exist is a
 * `SnapError` (`file_not_found`) naming it; with `kind`, so is a folder
 * without any such file (`no_files`).
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
    if (st.isDirectory()) {
      const matched = await walkDir(p, exts, found);
      if (options.kind !== undefined && matched === 0) {
        throw SnapError.of("no_files", `no ${options.kind} files in \`${p}\``, undefined, `${options.kind} files end in ${exts.map((x) => `\`${x}\``).join(", ")}; check the folder`);
      }
    } else found.add(p);
  }
  return [...found].sort();
}

/** Add the files of `dir` with one of `exts` to `found`; returns how many it saw (files already in `found` count too). */
async function walkDir(dir: string, exts: readonly string[], found: Set<string>): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let matched = 0;
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) matched += await walkDir(full, exts, found);
    else if (exts.some((x) => e.name.endsWith(x))) {
      found.add(full);
      matched++;
    }
  }
  return matched;
}

/**
 * `discoverFiles`, synchronously: the same files, order and errors. For
 * loading policies, where the walk's round trips through libuv's thread pool
 * (a stat and a listing per folder, one after another) cost milliseconds
 * and the walk itself a tenth of that.
 */
export function discoverFilesSync(paths: readonly string[], options: DiscoverOptions = {}): string[] {
  const exts = options.extensions ?? POLICY_EXTENSIONS;
  const found = new Set<string>();
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw SnapError.of("file_not_found", `no such file or folder \`${p}\``, undefined, "check the path, relative to the current folder");
    }
    if (st.isDirectory()) {
      const matched = walkDirSync(p, exts, found);
      if (options.kind !== undefined && matched === 0) {
        throw SnapError.of("no_files", `no ${options.kind} files in \`${p}\``, undefined, `${options.kind} files end in ${exts.map((x) => `\`${x}\``).join(", ")}; check the folder`);
      }
    } else found.add(p);
  }
  return [...found].sort();
}

/** `walkDir`, synchronously. */
function walkDirSync(dir: string, exts: readonly string[], found: Set<string>): number {
  const entries = readdirSync(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let matched = 0;
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) matched += walkDirSync(full, exts, found);
    else if (exts.some((x) => e.name.endsWith(x))) {
      found.add(full);
      matched++;
    }
  }
  return matched;
}

/** A path as shown to users: relative to the current folder when inside it, with `/` separators. */
export function displayPath(p: string, cwd = process.cwd()): string {
  const rel = relative(cwd, p);
  const shown = rel && !rel.startsWith("..") ? rel : p;
  return shown.split(sep).join("/");
}
