/**
 * The `debugging` family: `print` and `trace`.
 *
 * `print` is variadic and, unlike every other built-in, runs even when an
 * argument is undefined (it prints `<undefined>`), so the evaluator and
 * compiler implement the call themselves with `formatPrintArg`; the `impl`
 * here covers the case where every argument is defined.
 */
import type { Value } from "../value/types.js";
import { goRegoText } from "./go-rego-text.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

/**
 * One `print` argument as OPA prints it: a string as is, any other value as
 * Rego text as OPA's `String()` writes it (strings inside it quoted by Go's
 * `strconv.Quote`, sets and objects in canonical order, the empty set as
 * `set()`), an undefined argument as `<undefined>`.
 *
 * @example formatPrintArg("hi") === "hi"; formatPrintArg(["hi"]) === '["hi"]'
 */
export function formatPrintArg(v: Value | undefined): string {
  if (v === undefined) return "<undefined>";
  return typeof v === "string" ? v : goRegoText(v);
}

/** `print(x, …)`: prints its arguments separated by spaces; always true. */
export const print = defineBuiltin({
  name: "print",
  family: "debugging",
  description: "prints its arguments, separated by spaces (strings unquoted; undefined ones as <undefined>)",
  args: [{ name: "x", type: "any" }],
  variadic: true,
  result: "boolean",
  deterministic: true,
  impl: (args, ctx) => {
    let line = "";
    for (let i = 0; i < args.length; i++) line += (i ? " " : "") + formatPrintArg(args[i]);
    ctx.print(line);
    return true;
  },
});

/**
 * `trace(note)`: always true. OPA adds the note to an explanation trace when
 * one is requested; snapspace has no explanation traces, so it does nothing else.
 */
export const trace = defineBuiltin({
  name: "trace",
  family: "debugging",
  description: "a note for evaluation traces; always true",
  args: [{ name: "note", type: "string" }],
  result: "boolean",
  deterministic: true,
  impl: () => true,
});

/** The `debugging` family. */
export const DEBUGGING: readonly BuiltinDef[] = [print, trace];
