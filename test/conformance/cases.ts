/**
 * Reading the conformance cases of `../shared/conformance/regorus/` (format in
 * `../shared/conformance/README.md`) from the repository root, without
 * copying them into the project.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { normNumber } from "../../src/value/number.js";
import { ObjectBuilder, SetValue, type Value } from "../../src/value/index.js";

/** The repository root (two folders above this file). */
export const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Where the regorus cases live. */
export const CASES_DIR = resolve(REPO_ROOT, "../shared/conformance/regorus");

/** One case, as written. */
export interface RawCase {
  readonly note: string;
  readonly modules?: readonly string[];
  readonly data?: unknown;
  readonly input?: unknown;
  readonly query: string;
  readonly want_result?: unknown;
  readonly no_result?: boolean;
  readonly error?: string;
  readonly strict?: boolean;
  readonly skip?: boolean;
  readonly want_prints?: readonly string[];
}

/** A case with where it comes from. */
export interface Case extends RawCase {
  /** Path relative to the cases folder, e.g. `rule/else.yaml`. */
  readonly file: string;
  /** `file#note`, as the ratchet file names cases. */
  readonly id: string;
  /** Modules are loaded in v0-compatible mode except in `binding/bindings.yaml`. */
  readonly regoVersion: 0 | 1;
}

// YAML integers beyond 2^53 must keep their precision: parse them as bigint.
// js-yaml exports its built-in types at run time, but its typings do not declare them.
const baseInt = (yaml as unknown as { types: { int: yaml.Type } }).types.int;
const bigInt = new yaml.Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: string) => baseInt.resolve(data),
  construct: (data: string) => {
    const digits = data.replace(/_/g, "");
    if (/^[-+]?[0-9]+$/.test(digits) && digits.replace(/^[-+]/, "").length > 15) return normNumber(BigInt(digits));
    return baseInt.construct(data);
  },
  predicate: (x: unknown) => typeof x === "bigint" || baseInt.predicate!(x as object),
  represent: baseInt.represent!,
  defaultStyle: baseInt.defaultStyle!,
});
const SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [bigInt] });

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...yamlFiles(full));
    else if (name.endsWith(".yaml") || name.endsWith(".yml")) out.push(full);
  }
  return out;
}

/** Every case of every file, in file order. */
export function loadCases(): Case[] {
  const cases: Case[] = [];
  for (const full of yamlFiles(CASES_DIR)) {
    const file = relative(CASES_DIR, full).split("\\").join("/");
    const doc = yaml.load(readFileSync(full, "utf8"), { schema: SCHEMA }) as { cases?: RawCase[] } | undefined;
    for (const c of doc?.cases ?? []) {
      cases.push({ ...c, note: String(c.note), file, id: `${file}#${c.note}`, regoVersion: file === "binding/bindings.yaml" ? 1 : 0 });
    }
  }
  return cases;
}

/** True for a plain YAML mapping. */
function isMapping(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/** An expected value: `{"set!": […]}` is a set, `{"object!": [{key, value}…]}` an object with any keys. */
export function expectedValue(x: unknown): Value {
  if (x === null || typeof x !== "object") return x as Value;
  if (Array.isArray(x)) return x.map(expectedValue);
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === "set!" && Array.isArray(o["set!"])) return SetValue.from((o["set!"] as unknown[]).map(expectedValue));
  if (keys.length === 1 && keys[0] === "object!" && Array.isArray(o["object!"])) {
    const b = new ObjectBuilder();
    for (const e of o["object!"] as unknown[]) {
      if (isMapping(e)) b.set(expectedValue(e["key"]), expectedValue(e["value"]));
    }
    return b.build();
  }
  const b = new ObjectBuilder();
  for (const k of keys) b.set(k, expectedValue(o[k]));
  return b.build();
}

/** `{"many!": [a, b]}` → `[a, b]`; anything else → `undefined`. */
export function many(x: unknown): unknown[] | undefined {
  if (isMapping(x) && Object.keys(x).length === 1 && Array.isArray(x["many!"])) return x["many!"] as unknown[];
  return undefined;
}

/** Values as JSON-ish data for YAML documents (`data`, `input`): plain objects, bigints kept. */
export function documentValue(x: unknown): Value {
  return expectedValue(x);
}
