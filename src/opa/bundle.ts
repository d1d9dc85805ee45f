/**
 * Reading what `opa build -t wasm` produces: a bare `policy.wasm`, or an
 * OPA bundle (`bundle.tar.gz` holding `/policy.wasm`, `data.json` files and
 * `/.manifest`). Bundles are read in memory with `tar`'s parser; nothing is
 * written to disk.
 */
import { readFile } from "node:fs/promises";
import { load as loadYaml } from "js-yaml";
import { Parser, type ReadEntry } from "tar";
import { SnapError } from "../source/diagnostic.js";
import { displayPath } from "../source/discover.js";
import { fromJs, parseJson } from "../value/json.js";
import { isObject } from "../value/type-of.js";
import type { PlainObject, Value } from "../value/types.js";
import { mergeData } from "./data.js";

/** The Wasm module and base documents read from a file, bytes or a bundle. */
export interface OpaArtifact {
  /** How locations and messages name it: the path as the user gave it, or `policy.wasm` for bytes. */
  readonly name: string;
  readonly kind: "wasm" | "bundle";
  readonly wasm: Uint8Array;
  /** The bundle's data documents merged at their mount points (`{}` for a bare module). */
  readonly data: PlainObject;
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
const GZIP_MAGIC = [0x1f, 0x8b];
const BUNDLE_SUFFIXES = [".tar.gz", ".tgz"];
// Bundles are small (a module and some JSON); refuse anything that inflates absurdly.
const MAX_DECOMPRESSION_RATIO = 1000;

/** True for a path `snapspace` loads as OPA Wasm: `*.wasm`, `*.tar.gz`, `*.tgz`. */
export function isOpaWasmPath(path: string): boolean {
  const lower = path.toLowerCase();
  return lower.endsWith(".wasm") || BUNDLE_SUFFIXES.some((s) => lower.endsWith(s));
}

/** Read a module or bundle from a path or from bytes, telling them apart by their first bytes. */
export async function readOpaArtifact(source: string | Uint8Array, name?: string): Promise<OpaArtifact> {
  const shown = name ?? (typeof source === "string" ? displayPath(source) : "policy.wasm");
  const bytes = typeof source === "string" ? await readBytes(source) : source;
  const looksGzip = startsWith(bytes, GZIP_MAGIC);
  const namedBundle = BUNDLE_SUFFIXES.some((s) => shown.toLowerCase().endsWith(s));
  if (looksGzip || (namedBundle && !startsWith(bytes, WASM_MAGIC))) return readBundle(bytes, shown);
  return { name: shown, kind: "wasm", wasm: bytes, data: {} };
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw SnapError.of("file_not_found", `no such file \`${path}\``, undefined, "check the path, relative to the current folder");
    }
    throw SnapError.of("file_unreadable", `cannot read \`${path}\`: ${(e as Error).message}`, undefined, "check that the file is readable");
  }
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

async function readBundle(bytes: Uint8Array, name: string): Promise<OpaArtifact> {
  if (!startsWith(bytes, GZIP_MAGIC)) {
    throw SnapError.of(
      "opa_bundle_malformed",
      `\`${name}\` is not a gzip-compressed tarball`,
      undefined,
      "pass the `bundle.tar.gz` that `opa build -t wasm` wrote, or a bare `policy.wasm`",
    );
  }
  const files = await untar(bytes, name);
  const manifest = readManifest(files.get(".manifest"), name);
  const wasm = files.get("policy.wasm");
  if (!wasm) {
    const hasRego = [...files.keys()].some((f) => f.endsWith(".rego"));
    throw SnapError.of(
      "opa_bundle_no_wasm",
      `\`${name}\` has no \`/policy.wasm\``,
      undefined,
      hasRego
        ? "it holds Rego sources only: build it with `opa build -t wasm -e <entrypoint>…`, or load the `.rego` files themselves with `--policy`"
        : "build it with `opa build -t wasm -e <entrypoint>…`",
    );
  }
  checkManifestModules(manifest, name);
  return { name, kind: "bundle", wasm, data: bundleData(files, name) };
}

/** Every regular file of a (gzipped) tarball, by path without a leading `/` or `./`. */
async function untar(bytes: Uint8Array, name: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const pending: Promise<void>[] = [];
  const parser = new Parser({
    strict: true,
    maxDecompressionRatio: MAX_DECOMPRESSION_RATIO,
    onReadEntry: (entry: ReadEntry) => {
      if (entry.type !== "File" && entry.type !== "OldFile" && entry.type !== "ContiguousFile") {
        entry.resume();
        return;
      }
      const path = entry.path.replace(/^(\.?\/)+/, "");
      const chunks: Buffer[] = [];
      entry.on("data", (c: Buffer) => chunks.push(c));
      pending.push(new Promise((resolve) => entry.on("end", () => resolve(void files.set(path, new Uint8Array(Buffer.concat(chunks)))))));
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on("error", reject);
    parser.on("end", resolve);
    parser.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }).catch((e: unknown) => {
    throw SnapError.of(
      "opa_bundle_malformed",
      `\`${name}\` is not a readable bundle: ${describeTarError(e)}`,
      undefined,
      "the file may be truncated or corrupt: rebuild it with `opa build -t wasm` or copy it again",
    );
  });
  await Promise.all(pending);
  return files;
}

function describeTarError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  // zlib and tar messages name their library ("zlib: unexpected end of file"); users want the what.
  return message.replace(/^(zlib|tar): /i, "").replace(/\.$/, "");
}

interface Manifest {
  readonly wasm?: readonly { readonly module?: unknown; readonly entrypoint?: unknown }[];
}

function readManifest(bytes: Uint8Array | undefined, name: string): Manifest {
  if (!bytes) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw SnapError.of(
      "opa_bundle_bad_manifest",
      `\`${name}\`: \`/.manifest\` is not valid JSON (${(e as Error).message})`,
      undefined,
      "rebuild the bundle with `opa build`",
    );
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw SnapError.of("opa_bundle_bad_manifest", `\`${name}\`: \`/.manifest\` is not a JSON object`, undefined, "rebuild the bundle with `opa build`");
  }
  return parsed as Manifest;
}

// OPA can split a bundle over several Wasm modules (`wasm` resolvers); snapspace runs the one `/policy.wasm`.
function checkManifestModules(manifest: Manifest, name: string): void {
  if (manifest.wasm === undefined) return;
  if (!Array.isArray(manifest.wasm)) {
    throw SnapError.of("opa_bundle_bad_manifest", `\`${name}\`: \`wasm\` in \`/.manifest\` is not an array`, undefined, "rebuild the bundle with `opa build`");
  }
  for (const entry of manifest.wasm) {
    const module = (entry as { module?: unknown } | null)?.module;
    if (module !== undefined && module !== "/policy.wasm") {
      throw SnapError.of(
        "opa_bundle_unsupported",
        `\`${name}\` maps entrypoints to the Wasm module \`${String(module)}\`; snapspace runs only \`/policy.wasm\``,
        undefined,
        "build one module for the whole bundle with `opa build -t wasm`",
      );
    }
  }
}

const DATA_FILE = /(^|\/)data\.(json|ya?ml)$/;

/** Merge every `data.json` / `data.yaml` of the bundle at the path of its folder, as OPA mounts them. */
function bundleData(files: ReadonlyMap<string, Uint8Array>, name: string): PlainObject {
  let data: PlainObject = {};
  const paths = [...files.keys()].filter((p) => DATA_FILE.test(p)).sort();
  for (const path of paths) {
    const value = parseDataFile(path, files.get(path)!, name);
    const mount = path.split("/").slice(0, -1);
    if (mount.length === 0 && !isObject(value)) {
      throw SnapError.of("opa_bundle_bad_data", `\`${name}\`: \`/${path}\` is not a JSON object`, undefined, "the root data document must be an object");
    }
    let doc: Value = value;
    for (const key of [...mount].reverse()) doc = { [key]: doc };
    data = mergeData(data, doc as PlainObject, (at) =>
      SnapError.of(
        "opa_bundle_bad_data",
        `\`${name}\`: \`/${path}\` conflicts with another data file at \`data.${at}\``,
        undefined,
        "keep each document in one data file",
      ),
    );
  }
  return data;
}

function parseDataFile(path: string, bytes: Uint8Array, name: string): Value {
  const text = new TextDecoder().decode(bytes);
  try {
    return path.endsWith(".json") ? parseJson(text) : fromJs(loadYaml(text) ?? {});
  } catch (e) {
    throw SnapError.of(
      "opa_bundle_bad_data",
      `\`${name}\`: \`/${path}\` is not valid ${path.endsWith(".json") ? "JSON" : "YAML"} (${(e as Error).message})`,
      undefined,
      "fix the data file and rebuild the bundle",
    );
  }
}
