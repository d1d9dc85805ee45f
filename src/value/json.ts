import { parse as parseLossless } from "lossless-json";
import { KeyedObject, setOwn } from "./keyed-object.js";
import { formatNumber, normNumber, parseNumber } from "./number.js";
import { sortedKeys } from "./object.js";
import { SetValue } from "./set.js";
import { toRegoText } from "./print.js";
import type { PlainObject, Value } from "./types.js";

/**
 * JSON as snapspace reads and writes it: like `JSON.parse`'s output, except
 * that integers beyond 2^53 are `bigint` (so they keep their precision).
 */
export type Json = null | boolean | number | bigint | string | readonly Json[] | { readonly [k: string]: Json };

/** Thrown by `fromJs` for a JS value that is not JSON (a function, `undefined` in an array, a `Date`, a cycle…). */
export class NotJsonError extends Error {
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(`${path || "value"} is ${what}, which is not a JSON value`);
    this.name = "NotJsonError";
  }
}

/**
 * Deepest nesting of arrays and objects a document may have. Every walk over
 * a value (checking, hashing, comparing, printing) recurses, and a stack
 * overflow must be a named refusal, never a crash or a decision; real
 * documents nest a few dozen levels.
 */
export const MAX_JSON_DEPTH = 1000;

/** Thrown for a document nested deeper than `MAX_JSON_DEPTH` (a `NotJsonError`, so every caller that names bad values names this one). */
export class TooDeepError extends NotJsonError {
  constructor(path: string) {
    // The path of the innermost value would be thousands of characters; its start says where.
    super(path.length > 60 ? `${path.slice(0, 60)}…` : path, `nested more than ${MAX_JSON_DEPTH} levels deep`);
    this.name = "TooDeepError";
  }
}

/**
 * Check that a JS value is JSON and return it as a `Value`. JSON values are
 * already `Value`s, so this copies nothing unless it must normalise a number
 * (an unsafe integer `number` becomes `bigint`). Throws `NotJsonError`.
 */
export function fromJs(x: unknown, path = ""): Value {
  return checkJs(x, path, new Set(), 0);
}

function checkJs(x: unknown, path: string, seen: Set<object>, depth: number): Value {
  if (x === null) return null;
  switch (typeof x) {
    case "boolean":
    case "string":
      return x;
    case "number":
      if (!Number.isFinite(x)) throw new NotJsonError(path, String(x));
      return Number.isInteger(x) && !Number.isSafeInteger(x) ? normNumber(x) : x;
    case "bigint":
      return normNumber(x);
    case "object":
      break;
    default:
      throw new NotJsonError(path, typeof x);
  }
  if (x instanceof SetValue || x instanceof KeyedObject) return x;
  if (seen.has(x)) throw new NotJsonError(path, "a cycle");
  if (depth >= MAX_JSON_DEPTH) throw new TooDeepError(path);
  seen.add(x);
  try {
    if (Array.isArray(x)) {
      let out: Value[] | undefined;
      for (let i = 0; i < x.length; i++) {
        const v = checkJs(x[i], `${path}[${i}]`, seen, depth + 1);
        if (v !== x[i]) (out ??= x.slice())[i] = v;
      }
      return out ?? (x as Value[]);
    }
    const proto = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) throw new NotJsonError(path, `a ${proto?.constructor?.name ?? "non-plain"} object`);
    let out: Record<string, Value> | undefined;
    for (const k of Object.keys(x)) {
      const before = (x as Record<string, unknown>)[k];
      if (before === undefined) {
        // JSON.stringify drops undefined properties; so do we, by copying without them.
        out ??= { ...(x as Record<string, Value>) };
        delete out[k];
        continue;
      }
      const v = checkJs(before, path ? `${path}.${k}` : k, seen, depth + 1);
      if (v !== before) (out ??= { ...(x as Record<string, Value>) })[k] = v;
    }
    return out ?? (x as PlainObject);
  } finally {
    seen.delete(x);
  }
}

/**
 * Convert a value to OPA-compatible JSON (what OPA's API prints): sets
 * become sorted arrays; object keys that are not strings become their Rego
 * text (`1` → `"1"`, `["a"]` → `"[\"a\"]"`).
 */
export function toJson(v: Value): Json {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof SetValue) return v.sorted().map(toJson);
  const out: Record<string, Json> = {};
  if (v instanceof KeyedObject) {
    for (const [k, x] of v.entries()) setOwn(out as Record<string, Value>, typeof k === "string" ? k : toRegoText(k), toJson(x) as Value);
    return out;
  }
  for (const k of Object.keys(v)) setOwn(out as Record<string, Value>, k, toJson((v as PlainObject)[k]!) as Value);
  return out;
}

/** Parse JSON text to a value without losing integer precision. Throws `SyntaxError` on bad JSON. */
export function parseJson(text: string): Value {
  // Fast path: no digit run long enough to exceed 2^53 and no positive exponent (`1e30`), so JSON.parse is exact.
  if (!/\d{16}|\d[eE]\+?[1-9]/.test(text)) return JSON.parse(text) as Value;
  return fixProto(
    parseLossless(text, null, (digits: string) => parseNumber(digits) ?? Number(digits)) as Value,
  );
}

// lossless-json builds objects with plain assignment; rebuild any that used `__proto__` as a key.
function fixProto(v: Value): Value {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(fixProto);
  const o = v as Record<string, Value>;
  const out: Record<string, Value> = {};
  for (const k of Object.keys(o)) setOwn(out, k, fixProto(o[k]!));
  return out;
}

/**
 * JSON text of a value (or of `Json`), with big integers in full. With
 * `canonical`, object keys are sorted by code point, which is what snapspace
 * prints; RFC 8785 hashing lives in `decision/`.
 */
export function stringifyJson(v: Value | Json, options: { indent?: number; sortKeys?: boolean } = {}): string {
  const json = isJsonShaped(v) ? (v as Json) : toJson(v as Value);
  return write(json, options.indent ?? 0, "", options.sortKeys ?? true);
}

function isJsonShaped(v: unknown): boolean {
  if (v === null || typeof v !== "object") return true;
  if (v instanceof SetValue || v instanceof KeyedObject) return false;
  if (Array.isArray(v)) return v.every(isJsonShaped);
  return Object.values(v).every(isJsonShaped);
}

function write(v: Json, indent: number, pad: string, sortKeys: boolean): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return v ? "true" : "false";
    case "number":
    case "bigint":
      return formatNumber(v);
    case "string":
      return JSON.stringify(v);
  }
  const inner = indent ? pad + " ".repeat(indent) : "";
  const nl = indent ? "\n" : "";
  const colon = indent ? ": " : ":";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return "[" + nl + v.map((x) => inner + write(x, indent, inner, sortKeys)).join("," + nl) + nl + pad + "]";
  }
  const o = v as { readonly [k: string]: Json };
  const keys = sortKeys ? sortedKeys(o as PlainObject) : Object.keys(o);
  if (keys.length === 0) return "{}";
  return (
    "{" + nl + keys.map((k) => inner + JSON.stringify(k) + colon + write(o[k]!, indent, inner, sortKeys)).join("," + nl) + nl + pad + "}"
  );
}
