/**
 * `loadPolicies`: policy files and folders from disk, with their data files.
 *
 * Data, as OPA loads it: a `data.json`, `data.yaml` or `data.yml` found in a
 * folder given as a policy path is mounted at that file's folder, relative to
 * the given folder (`policies/payments/data.json` under `policies/` becomes
 * `data.payments`). JSON and YAML files named in `paths` or given in
 * `options.data` (any name) are mounted at the root. Documents merge key by key; two documents giving
 * different non-object values at one path conflict (`data_conflict`).
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, relative, sep } from "node:path";
import yaml from "js-yaml";
import type { RegoVersion } from "../ast/nodes.js";
import { SnapError } from "../source/diagnostic.js";
import { discoverFilesSync, displayPath, POLICY_EXTENSIONS } from "../source/discover.js";
import { SourceFile } from "../source/source-file.js";
import { ObjectBuilder } from "../value/keyed-object.js";
import { objectEntries } from "../value/object.js";
import { isObject } from "../value/type-of.js";
import { parseJson } from "../value/json.js";
import type { ObjectValue, Value } from "../value/types.js";
import type { EvalLimits } from "../eval/context.js";
import { compileSources } from "./compile.js";
import type { Backend, CompiledPolicy } from "./policy.js";
import { toValue } from "./values.js";

/** Options of `loadPolicies`. */
export interface LoadOptions {
  /** Data files (JSON or YAML) mounted at the root of `data`. */
  readonly data?: readonly string[];
  readonly regoVersion?: RegoVersion;
  readonly strictBuiltinErrors?: boolean;
  readonly limits?: EvalLimits;
  /** `compiled` (default) or `interpreter`. */
  readonly backend?: Backend;
}

const DATA_FILE_NAMES = new Set(["data.json", "data.yaml", "data.yml"]);

/**
 * Load the `.snap` and `.rego` files under `paths` (files and folders), the
 * data files of those folders, JSON and YAML files named in `paths`, and
 * `options.data`, and compile them. Throws
 * `SnapError` for a missing path, an unreadable or malformed file, or policy
 * errors (then the error's `sources` hold the files, for rendering).
 *
 * @example
 * ```ts
 * const policy = await loadPolicies(["policies/"]);
 * policy.decide({ proposal: { id: "p-1", agent: "bot", tool: "payments.charge", args: {} } });
 * ```
 */
export async function loadPolicies(paths: readonly string[], options: LoadOptions = {}): Promise<CompiledPolicy> {
  // One walk finds policy and data files alike, and the walk and the reads are synchronous: through
  // `fs/promises`, the round trips via libuv's thread pool took 2.5–5 ms for the 19 files of the starter library
  // even with every file read at once (more on a busy machine), against 0.5 ms this way, and a load blocks the
  // event loop only that long.
  const found = discoverFilesSync(paths, { extensions: [...POLICY_EXTENSIONS, ...DATA_FILE_NAMES] });
  const given = new Set(paths);
  const isFile = new Set(found);
  // A file named explicitly is a policy file whatever its extension, except JSON and YAML, which are
  // data mounted at the root, as `opa eval -d data.json` mounts it.
  const isDataPath = (f: string): boolean => /\.(json|ya?ml)$/i.test(f);
  const policyFiles = found.filter((f) => (given.has(f) && !isDataPath(f)) || (!given.has(f) && POLICY_EXTENSIONS.some((x) => f.endsWith(x))));
  const namedDataFiles = found.filter((f) => given.has(f) && isDataPath(f));
  // INVARIANT: `discoverFilesSync` returns a path given as it is exactly when it is not a folder (found holds files only).
  const roots = paths.filter((root) => !isFile.has(root)).map((root) => ({ root, files: found.filter((f) => isDataFileIn(root, f)) }));
  const sources = policyFiles.map((p) => new SourceFile(displayPath(p), readTextSync(p)));
  let data: Value = {};
  for (const { root, files } of roots) {
    // A folder of data alone is fine (as with `opa eval -d`); one with neither policies nor data is a wrong path.
    if (files.length === 0 && !policyFiles.some((f) => isWithin(root, f))) {
      throw SnapError.of("no_files", `no policy or data files in \`${root}\``, undefined, `policy files end in ${POLICY_EXTENSIONS.map((x) => `\`${x}\``).join(", ")}, data files are named ${[...DATA_FILE_NAMES].map((x) => `\`${x}\``).join(", ")}; check the folder`);
    }
    for (const file of files) {
      const rel = relative(root, dirname(file));
      const mount = rel === "" ? [] : rel.split(sep);
      data = mergeDocuments(data, mountAt(mount, parseData(readTextSync(file), file)), displayPath(file));
    }
  }
  for (const file of [...namedDataFiles, ...(options.data ?? [])]) data = mergeDocuments(data, parseData(readTextSync(file), file), displayPath(file));
  return compileSources(sources, {
    data,
    ...(options.regoVersion !== undefined ? { regoVersion: options.regoVersion } : {}),
    ...(options.strictBuiltinErrors !== undefined ? { strictBuiltinErrors: options.strictBuiltinErrors } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.backend ? { backend: options.backend } : {}),
  });
}

/**
 * True when `file` is a data file (`data.json`, …) that walking the folder
 * `dir` finds: inside it, and not below a dot-folder or `node_modules`,
 * which the walk skips (another path given may have found it there).
 */
function isDataFileIn(dir: string, file: string): boolean {
  if (!DATA_FILE_NAMES.has(basename(file)) || !isWithin(dir, file)) return false;
  const folders = relative(dir, dirname(file));
  return folders === "" || folders.split(sep).every((s) => !s.startsWith(".") && s !== "node_modules");
}

/** True when `file` is inside the folder `dir`. */
function isWithin(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw unreadable(path, e);
  }
}

function readTextSync(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw unreadable(path, e);
  }
}

function unreadable(path: string, e: unknown): SnapError {
  const reason = e instanceof Error ? e.message : String(e);
  return SnapError.of("file_unreadable", `cannot read \`${displayPath(path)}\`: ${reason}`, undefined, "check that the file exists and is readable");
}

/** A JSON or YAML data file (YAML for `.yaml`/`.yml`, JSON otherwise). */
export async function readData(path: string): Promise<Value> {
  return parseData(await readText(path), path);
}

/** The text of the data file `path` as a value. */
function parseData(text: string, path: string): Value {
  try {
    if (/\.ya?ml$/i.test(path)) return toValue(yaml.load(text, { schema: yaml.CORE_SCHEMA }) ?? {}, "data");
    return parseJson(text);
  } catch (e) {
    if (e instanceof SnapError) throw e;
    const reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw SnapError.of("invalid_data", `\`${displayPath(path)}\` is not valid ${/\.ya?ml$/i.test(path) ? "YAML" : "JSON"}: ${reason}`, undefined, "fix the data file");
  }
}

function mountAt(path: readonly string[], v: Value): Value {
  let out = v;
  for (let i = path.length - 1; i >= 0; i--) {
    const b = new ObjectBuilder();
    b.set(path[i]!, out);
    out = b.build();
  }
  return out;
}

/** Merge two data documents key by key; different values at one path are a `data_conflict`. */
export function mergeDocuments(a: Value, b: Value, file: string, at: readonly string[] = []): Value {
  if (isObject(a) && isObject(b)) {
    const out = new ObjectBuilder();
    for (const [k, v] of objectEntries(a as ObjectValue)) out.set(k, v);
    for (const [k, v] of objectEntries(b as ObjectValue)) {
      const old = out.get(k);
      out.set(k, old === undefined ? v : mergeDocuments(old, v, file, [...at, String(k)]));
    }
    return out.build();
  }
  throw SnapError.of(
    "data_conflict",
    `\`${file}\` conflicts with another data file at \`${["data", ...at].join(".")}\``,
    undefined,
    "keep each document in one data file",
  );
}
