/**
 * A value's Rego text exactly as OPA's `ast.Value.String()` writes it, for
 * the built-ins that hand that text to the user (`sprintf` of a composite
 * value, `print`). It differs from `toRegoText`'s default only in how strings
 * are quoted: OPA uses Go's `strconv.Quote`, which escapes every non-printable
 * character (`"\x01"`, `"\x7f"`, `"\u00a0"`, `"\ufeff"`, `"\v"`) where JSON
 * would write `"\u0001"` or leave the character raw.
 */
import { toRegoText } from "../value/print.js";
import type { Value } from "../value/types.js";
import { goQuote } from "./go-strconv.js";

const quote = (s: string): string => goQuote(s, '"', false);

/** `v` as OPA's `String()` prints it: `{"a": 1}`, `{1, 2}`, `set()`, `["x\x01"]`. */
export function goRegoText(v: Value): string {
  return toRegoText(v, quote);
}
