/**
 * Canonical JSON (RFC 8785, the JSON Canonicalization Scheme) and SHA-256,
 * for `input_hash`, `policy_hash`, decision serialisation and the ledger.
 *
 * The `canonicalize` package (by the RFC's co-author) writes every document
 * RFC 8785 can represent. Two kinds of value it cannot, and what we do:
 *
 * - integers beyond 2^53 (`bigint` in the value model): RFC 8785 would print
 *   the nearest IEEE double, so two different amounts could hash the same;
 *   we print their exact digits instead (what the JSON text said);
 * - strings with a lone UTF-16 surrogate (RFC 8785 requires I-JSON, which
 *   forbids them; `canonicalize` throws): we print them as
 *   `JSON.stringify` does, with the surrogate escaped (`"\ud800"`).
 *
 * For every I-JSON document the output is exactly RFC 8785. Sets and objects
 * with non-string keys are first converted as OPA's JSON API prints them
 * (`toJson`). The fast path (plain JSON, which is every input read from a
 * file) hands the value to `canonicalize` unchanged, without copying.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { KeyedObject } from "../value/keyed-object.js";
import { NotJsonError, toJson } from "../value/json.js";
import { formatNumber } from "../value/number.js";
import { SetValue } from "../value/set.js";
import type { Value } from "../value/types.js";

/**
 * The RFC 8785 canonical JSON text of a JSON value or `Value` (see the module
 * comment for big integers and lone surrogates). Object properties whose
 * value is `undefined` are left out, as `JSON.stringify` does. Throws
 * `NotJsonError` for anything else (a function, a symbol, a non-finite number).
 *
 * @example canonicalJson({ b: 1, a: [true, "x"] }) === '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (isPlainJson(value, 0)) {
    const text = canonicalize(value);
    if (text === undefined) throw new NotJsonError("", "undefined");
    return text;
  }
  return compose(value);
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** `sha256:` + the SHA-256 of the canonical JSON of `value`: the form of `input_hash` and `policy_hash`. */
export function canonicalHash(value: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}

const SURROGATE = /[\uD800-\uDFFF]/;

// Deep enough for any real document; past it we take the slow path, which recurses the same way.
const MAX_FAST_DEPTH = 200;

/** True when `canonicalize` gives the right answer for `v` as it is. Throws `NotJsonError` for non-JSON. */
function isPlainJson(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case "string":
      return !SURROGATE.test(v) || !hasLoneSurrogate(v);
    case "boolean":
      return true;
    case "number":
      if (!Number.isFinite(v)) throw new NotJsonError("", String(v));
      return true;
    case "bigint":
      return false;
    case "object":
      break;
    default:
      throw new NotJsonError("", typeof v);
  }
  if (v === null) return true;
  if (depth > MAX_FAST_DEPTH || v instanceof SetValue || v instanceof KeyedObject) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (x === undefined || !isPlainJson(x, depth + 1)) return false;
    return true;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === "function") throw new NotJsonError("", "an object with `toJSON`");
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined && (!isPlainJson(k, depth) || !isPlainJson(x, depth + 1))) return false;
  }
  return true;
}

/** The slow path: the same output, built here for the values `canonicalize` cannot take. */
function compose(v: unknown): string {
  switch (typeof v) {
    case "bigint":
      return formatNumber(v);
    case "string":
      return hasLoneSurrogate(v) ? JSON.stringify(v) : (canonicalize(v) as string);
    case "boolean":
      return v ? "true" : "false";
    case "number":
      if (!Number.isFinite(v)) throw new NotJsonError("", String(v));
      return canonicalize(v) as string;
    case "object":
      break;
    default:
      throw new NotJsonError("", typeof v);
  }
  if (v === null) return "null";
  if (v instanceof SetValue || v instanceof KeyedObject) return compose(toJson(v as Value));
  // An array hole or `undefined` element is `null`, as in JSON.stringify.
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? "null" : compose(x))).join(",")}]`;
  const o = v as Record<string, unknown>;
  // RFC 8785 §3.2.3: properties sorted by the UTF-16 code units of their names, which is what `sort()` compares.
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${compose(k)}:${compose(o[k])}`).join(",")}}`;
}

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}
