import { formatNumber, normNumber } from "./number.js";
import { objectEntries } from "./object.js";
import { SetValue } from "./set.js";
import type { Value } from "./types.js";

/**
 * An injective text encoding of a value, equal for equal values: strings are
 * JSON-quoted, numbers normalised, objects and sets in canonical order.
 * Used to key composite values in sets and objects.
 */
export function compositeKey(v: Value): string {
  if (v === null) return "n";
  switch (typeof v) {
    case "boolean":
      return v ? "t" : "f";
    case "number":
    case "bigint":
      return "#" + formatNumber(normNumber(v));
    case "string":
      return JSON.stringify(v);
  }
  if (Array.isArray(v)) {
    let s = "[";
    for (let i = 0; i < v.length; i++) s += (i ? "," : "") + compositeKey(v[i] as Value);
    return s + "]";
  }
  if (v instanceof SetValue) {
    let s = "<";
    let first = true;
    for (const x of v) {
      s += (first ? "" : ",") + compositeKey(x);
      first = false;
    }
    return s + ">";
  }
  let s = "{";
  let first = true;
  for (const [k, x] of objectEntries(v as Exclude<Value, SetValue | readonly Value[] | null | boolean | number | bigint | string>)) {
    s += (first ? "" : ",") + compositeKey(k) + ":" + compositeKey(x);
    first = false;
  }
  return s + "}";
}
