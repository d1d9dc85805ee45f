import { KeyedObject } from "./keyed-object.js";
import { formatNumber } from "./number.js";
import { objectEntries } from "./object.js";
import { SetValue } from "./set.js";
import type { ObjectValue, Value } from "./types.js";

/**
 * A value as Rego source text, canonically: `{"a": 1}`, `{1, 2}`, `set()`,
 * `[1, "x"]`. Sets and objects print in sorted order, so equal values
 * print the same. Strings are quoted as JSON unless `quote` says otherwise
 * (OPA's own `String()` quotes as Go's `strconv.Quote`: see `builtins/go-rego-text.ts`).
 */
export function toRegoText(v: Value, quote: (s: string) => string = JSON.stringify): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return v ? "true" : "false";
    case "number":
    case "bigint":
      return formatNumber(v);
    case "string":
      return quote(v);
  }
  const text = (x: Value): string => toRegoText(x, quote);
  if (Array.isArray(v)) return "[" + v.map(text).join(", ") + "]";
  if (v instanceof SetValue) return v.size === 0 ? "set()" : "{" + v.sorted().map(text).join(", ") + "}";
  return "{" + objectEntries(v as ObjectValue).map(([k, x]) => `${text(k)}: ${text(x)}`).join(", ") + "}";
}

/** Short description of a value for error messages: its type and, when small, its text. */
export function describeValue(v: Value): string {
  const text = toRegoText(v);
  const kind = v instanceof KeyedObject ? "object" : v === null ? "null" : Array.isArray(v) ? "array" : v instanceof SetValue ? "set" : typeof v === "object" ? "object" : typeof v === "bigint" ? "number" : typeof v;
  return text.length <= 40 ? `${kind} ${text}` : `${kind} ${text.slice(0, 37)}...`;
}
