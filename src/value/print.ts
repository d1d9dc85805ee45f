import { KeyedObject } from "./keyed-object.js";
import { formatNumber } from "./number.js";
import { objectEntries } from "./object.js";
import { SetValue } from "./set.js";
import type { ObjectValue, Value } from "./types.js";

/**
 * A value as Rego source text, canonically: `{"a": 1}`, `{1, 2}`, `set()`,
 * `[1, "x"]`. Sets and objects print in sorted order, so equal values
 * print the same.
 */
export function toRegoText(v: Value): string {
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
  if (Array.isArray(v)) return "[" + v.map(toRegoText).join(", ") + "]";
  if (v instanceof SetValue) return v.size === 0 ? "set()" : "{" + v.sorted().map(toRegoText).join(", ") + "}";
  return "{" + objectEntries(v as ObjectValue).map(([k, x]) => `${toRegoText(k)}: ${toRegoText(x)}`).join(", ") + "}";
}

/** Short description of a value for error messages: its type and, when small, its text. */
export function describeValue(v: Value): string {
  const text = toRegoText(v);
  const kind = v instanceof KeyedObject ? "object" : v === null ? "null" : Array.isArray(v) ? "array" : v instanceof SetValue ? "set" : typeof v === "object" ? "object" : typeof v === "bigint" ? "number" : typeof v;
  return text.length <= 40 ? `${kind} ${text}` : `${kind} ${text.slice(0, 37)}...`;
}
