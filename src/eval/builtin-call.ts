/**
 * Calling built-ins from the interpreter: strict vs non-strict errors (the
 * call site blames the argument a built-in rejected), `print` and operator
 * helpers.
 */
import type { Expr } from "../ast/nodes.js";
import { callBuiltin } from "../builtins/call.js";
import { formatPrintArg } from "../builtins/debugging.js";
import { BuiltinError, type BuiltinContext, type BuiltinDef } from "../builtins/types.js";
import { SnapError } from "../source/diagnostic.js";
import type { Span } from "../source/span.js";
import { equal } from "../value/compare.js";
import { KeyedObject } from "../value/keyed-object.js";
import { objectEntries } from "../value/object.js";
import { SetValue } from "../value/set.js";
import type { PlainObject, Value } from "../value/types.js";
import type { EvalContext } from "./context.js";
import { getKey } from "./navigate.js";

const NO_PRINT: BuiltinContext = { print: () => {} };

/**
 * Call a built-in with evaluated arguments. A `BuiltinError` becomes a
 * `SnapError` at the span of the argument at fault in strict mode, and an
 * undefined result otherwise (OPA's default for `opa eval`).
 */
export function invokeBuiltin(c: EvalContext, def: BuiltinDef, args: readonly Value[], argExprs: readonly Expr[], callSpan: Span): Value | undefined {
  try {
    return callBuiltin(def, args, NO_PRINT);
  } catch (e) {
    if (!(e instanceof BuiltinError)) throw e;
    if (!c.strict) return undefined;
    const at = e.argIndex !== undefined ? argExprs[e.argIndex]?.span : undefined;
    throw SnapError.of(e.code, e.message, at ?? callSpan, builtinHelp(def, e));
  }
}

function builtinHelp(def: BuiltinDef, e: BuiltinError): string {
  if (e.code === "type_error") return `check the type of the value passed to \`${def.name}\``;
  return `check the arguments of \`${def.name}\`; without strict built-in errors the call would be undefined`;
}

/** `x in coll` (OPA's `internal.member_2`): an element of an array or set, or a value of an object. */
export function member2(x: Value, coll: Value): boolean {
  if (coll === null || typeof coll !== "object") return false;
  if (Array.isArray(coll)) {
    for (let i = 0; i < coll.length; i++) if (equal(coll[i] as Value, x)) return true;
    return false;
  }
  if (coll instanceof SetValue) return coll.has(x);
  if (coll instanceof KeyedObject) {
    for (const [, v] of coll.entries()) if (equal(v, x)) return true;
    return false;
  }
  for (const k in coll) if (Object.hasOwn(coll, k) && equal((coll as PlainObject)[k]!, x)) return true;
  return false;
}

/** `k, v in coll` (OPA's `internal.member_3`): `coll[k]` exists and equals `v`. */
export function member3(k: Value, v: Value, coll: Value): boolean {
  if (coll === null || typeof coll !== "object") return false;
  if (coll instanceof SetValue) return false;
  const got = getKey(coll, k);
  return got !== undefined && equal(got, v);
}

/**
 * The lines one `print` call writes: the cross product of each argument's
 * values (an argument with no value prints `<undefined>`), as OPA's
 * `internal.print` does.
 */
export function printLines(args: readonly (readonly Value[])[]): string[] {
  const lines: string[] = [];
  const parts: string[] = new Array(args.length);
  const go = (i: number): void => {
    if (i === args.length) {
      lines.push(parts.join(" "));
      return;
    }
    const values = args[i]!;
    if (values.length === 0) {
      parts[i] = formatPrintArg(undefined);
      go(i + 1);
      return;
    }
    for (const v of values) {
      parts[i] = formatPrintArg(v);
      go(i + 1);
    }
  };
  go(0);
  return lines;
}

/** The distinct values of a generator, sorted (a set's order), for `print` and templates. */
export function sortedDistinct(values: Value[]): Value[] {
  return SetValue.from(values).sorted() as Value[];
}

/** Entries of an object for iteration helpers that need them as an array. */
export function entriesOf(o: PlainObject | KeyedObject): readonly (readonly [Value, Value])[] {
  return objectEntries(o);
}
