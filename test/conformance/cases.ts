/**
 * Reading the conformance cases of `../shared/conformance/regorus/` (format in
 * `../shared/conformance/README.md`) from the repository root, without
 * copying them into the project.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import type { CompileOptions } from "../../src/api/compile.js";
import { normNumber, parseNumber } from "../../src/value/number.js";
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

// js-yaml exports its built-in types at run time, but its typings do not declare them.
const builtin = (yaml as unknown as { types: Record<"null" | "bool" | "int" | "float", yaml.Type> }).types;

// YAML integers beyond 2^53 must keep their precision: parse them as bigint.
function constructInt(data: string): unknown {
  const digits = data.replace(/_/g, "");
  if (/^[-+]?[0-9]+$/.test(digits) && digits.replace(/^[-+]/, "").length > 15) return normNumber(BigInt(digits));
  return builtin.int.construct(data);
}

// A YAML float is number text, read as Rego reads it (`1e30` is exactly 10^30); `.inf`, `.5` and the like as YAML does.
function constructFloat(data: string): unknown {
  return parseNumber(data.replace(/_/g, "").replace(/^\+/, "")) ?? builtin.float.construct(data);
}

/**
 * A YAML scalar that is not a string (null, boolean, number), wrapped so that
 * it survives as a mapping key: js-yaml turns every key into a string with
 * `String(key)` (keeping `@@toStringTag` objects' own `toString`), which would
 * make the key `7` of `{7: "world"}` the string `"7"`. Expected results are
 * Rego values whose keys may be any value, as in the reference harness
 * (`c[7] := "world"` gives the number key 7); `unwrap` restores them.
 */
class Scalar {
  static readonly byMark = new Map<string, Scalar>();
  readonly mark: string;
  constructor(readonly value: null | boolean | number | bigint) {
    this.mark = `\u0000scalar#${Scalar.byMark.size}`;
    Scalar.byMark.set(this.mark, this);
  }
  get [Symbol.toStringTag](): string {
    return "YamlScalar";
  }
  toString(): string {
    return this.mark;
  }
}

/** The built-in YAML type `name`, constructing a `Scalar`. */
function wrapped(name: keyof typeof builtin, construct: (data: string) => unknown): yaml.Type {
  const base = builtin[name];
  return new yaml.Type(`tag:yaml.org,2002:${name}`, {
    kind: "scalar",
    resolve: (data: string) => base.resolve(data),
    construct: (data: string) => new Scalar(construct(data) as Scalar["value"]),
  });
}

const SCHEMA = yaml.CORE_SCHEMA.extend({
  implicit: [
    wrapped("null", (d) => builtin.null.construct(d)),
    wrapped("bool", (d) => builtin.bool.construct(d)),
    wrapped("int", constructInt),
    wrapped("float", constructFloat),
  ],
});

/** A mapping whose keys are not all strings (in expected results only). */
type TypedMapping = Map<unknown, unknown>;

/**
 * YAML as loaded with `SCHEMA`, as plain data: scalars unwrapped; mapping keys
 * that were not strings become typed keys (a `Map`) when `typedKeys`, else
 * strings as `String(value)` (documents are JSON: their keys are strings).
 */
function unwrap(x: unknown, typedKeys: boolean): unknown {
  if (x instanceof Scalar) return x.value;
  if (x === null || typeof x !== "object") return x;
  if (Array.isArray(x)) return x.map((e) => unwrap(e, typedKeys));
  const entries = Object.entries(x as Record<string, unknown>).map(([k, v]): [unknown, unknown] => {
    const key = Scalar.byMark.get(k);
    return [key === undefined ? k : typedKeys ? key.value : String(key.value), unwrap(v, typedKeys)];
  });
  if (entries.some(([k]) => typeof k !== "string")) return new Map(entries);
  return Object.fromEntries(entries);
}

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
  return yamlFiles(CASES_DIR).flatMap((full) => parseCases(readFileSync(full, "utf8"), relative(CASES_DIR, full).split("\\").join("/")));
}

/** The cases of one file's YAML text; `file` is its path relative to the cases folder. */
export function parseCases(text: string, file: string): Case[] {
  try {
    const doc = yaml.load(text, { schema: SCHEMA }) as { cases?: Record<string, unknown>[] } | undefined;
    return (doc?.cases ?? []).map((loaded) => {
      const c = Object.fromEntries(Object.entries(loaded).map(([k, v]) => [k, unwrap(v, k === "want_result")])) as unknown as RawCase;
      return { ...c, note: String(c.note), file, id: `${file}#${c.note}`, regoVersion: file === "binding/bindings.yaml" ? 1 : 0 };
    });
  } finally {
    Scalar.byMark.clear(); // every mark of this text has been resolved
  }
}

/** True for a plain YAML mapping. */
function isMapping(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x) && !(x instanceof Map);
}

/** An expected value: `{"set!": […]}` is a set, `{"object!": [{key, value}…]}` or a mapping with non-string keys an object with any keys. */
export function expectedValue(x: unknown): Value {
  if (x === null || typeof x !== "object") return x as Value;
  if (x instanceof Map) {
    const b = new ObjectBuilder();
    for (const [k, v] of x as TypedMapping) b.set(expectedValue(k), expectedValue(v));
    return b.build();
  }
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

/** The `compile()` options of a case: its modules (named `rego_0`, `rego_1`… as in the suite's prints), data, Rego version and strictness. */
export function compileOptions(c: Case): CompileOptions {
  return {
    modules: (c.modules ?? []).map((source, i) => ({ file: `rego_${i}`, source })),
    ...(c.data !== undefined ? { data: documentValue(c.data) } : {}),
    regoVersion: c.regoVersion,
    strictBuiltinErrors: c.strict ?? true,
  };
}

/** Values as JSON-ish data for YAML documents (`data`, `input`): plain objects, bigints kept. */
export function documentValue(x: unknown): Value {
  return expectedValue(x);
}
