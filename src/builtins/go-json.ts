/**
 * JSON text as Go's `encoding/json` writes it, which is what OPA's
 * `json.marshal` returns: object keys sorted by code point, sets as sorted
 * arrays, `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`…, and
 * `MarshalIndent`'s layout.
 */
import type { Json } from "../value/json.js";
import { KeyedObject, setOwn } from "../value/keyed-object.js";
import { formatNumber } from "../value/number.js";
import { sortedKeys } from "../value/object.js";
import { SetValue } from "../value/set.js";
import type { PlainObject, Value } from "../value/types.js";

/** Indentation for `MarshalIndent`. */
export interface JsonLayout {
  readonly prefix: string;
  readonly indent: string;
}

/** `json.Marshal(v)`, or with a layout, `json.MarshalIndent(v, prefix, indent)`. */
export function goJsonMarshal(v: Value, layout?: JsonLayout): string {
  return write(v, layout, layout ? layout.prefix : "");
}

function write(v: Value, layout: JsonLayout | undefined, pad: string): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return v ? "true" : "false";
    case "number":
    case "bigint":
      return formatNumber(v);
    case "string":
      return goJsonString(v);
    default:
      break;
  }
  // Objects with non-string keys take the form OPA's ast.JSON gives them (keys as JSON text).
  if (v instanceof KeyedObject) return write(toGoJson(v) as Value, layout, pad);
  const items = Array.isArray(v) ? v : v instanceof SetValue ? v.sorted() : undefined;
  const inner = layout ? pad + layout.indent : "";
  const nl = layout ? "\n" : "";
  if (items) {
    if (items.length === 0) return "[]";
    let out = "[";
    for (let i = 0; i < items.length; i++) out += (i ? "," : "") + nl + inner + write(items[i]!, layout, inner);
    return out + nl + pad + "]";
  }
  const o = v as PlainObject;
  const keys = sortedKeys(o);
  if (keys.length === 0) return "{}";
  const colon = layout ? ": " : ":";
  let out = "{";
  for (let i = 0; i < keys.length; i++) out += (i ? "," : "") + nl + inner + goJsonString(keys[i]!) + colon + write(o[keys[i]!]!, layout, inner);
  return out + nl + pad + "}";
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;
const ESCAPED = /["\\\u0000-\u001f<>&\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A JSON string literal with Go's escaping (HTML-safe; a lone surrogate becomes U+FFFD, as Go does for invalid UTF-8). */
export function goJsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  return '"' + s.replace(ESCAPED, escapeChar) + '"';
}

function escapeChar(c: string): string {
  const short = SHORT_ESCAPES[c];
  if (short) return short;
  const code = c.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return "\\ufffd";
  return "\\u" + code.toString(16).padStart(4, "0");
}

/**
 * A value as the Go data OPA's `ast.JSON` makes of it before handing it to
 * `encoding/json` or YAML: sets become sorted arrays, and an object key that
 * is not a string becomes its compact JSON text (`1` → `"1"`, `["a"]` →
 * `"[\"a\"]"`); when two keys meet, the later in canonical order wins.
 */
export function toGoJson(v: Value): Json {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(toGoJson);
  if (v instanceof SetValue) return v.sorted().map(toGoJson);
  const out: Record<string, Value> = {};
  if (v instanceof KeyedObject) {
    for (const [k, x] of v.entries()) setOwn(out, typeof k === "string" ? k : goJsonMarshal(k), toGoJson(x) as Value);
    return out as Json;
  }
  for (const k of Object.keys(v)) setOwn(out, k, toGoJson((v as PlainObject)[k]!) as Value);
  return out as Json;
}
