/**
 * Calls built-ins through the registry and `callBuiltin`, as the evaluator
 * does, for the core family tests (aggregates … units).
 */
import { expect } from "vitest";
import { callBuiltin } from "../../src/builtins/call.js";
import { lookupBuiltin } from "../../src/builtins/registry.js";
import { BuiltinError } from "../../src/builtins/types.js";
import { ObjectBuilder, SetValue, equal, toRegoText, type Value } from "../../src/value/index.js";

/** Lines printed by `print` through the harness context, oldest first. */
export const printed: string[] = [];

const ctx = { print: (line: string) => void printed.push(line) };

/** The result of calling built-in `name` (undefined when the call is undefined). */
export function call(name: string, ...args: Value[]): Value | undefined {
  const def = lookupBuiltin(name);
  if (!def) throw new Error(`no built-in ${name}`);
  return callBuiltin(def, args, ctx);
}

/**
 * Asserts that `name(args…)` is `want` by Rego equality, and that numbers have
 * their normal representation (`bigint` exactly when beyond 2^53).
 */
export function expectCall(name: string, args: Value[], want: Value | undefined): void {
  const got = call(name, ...args);
  const label = `${name}(${args.map((a) => toRegoText(a)).join(", ")})`;
  if (want === undefined) {
    expect(got, label).toBeUndefined();
    return;
  }
  expect(got, label).not.toBeUndefined();
  expect(equal(got!, want), `${label} = ${toRegoText(got!)}, want ${toRegoText(want)}`).toBe(true);
  expect(toRegoText(got!), label).toBe(toRegoText(want));
  if (typeof want === "number" || typeof want === "bigint") expect(typeof got, `${label} representation`).toBe(typeof want);
}

/** The `BuiltinError` that calling `name` throws; fails the test when it returns instead. */
export function callError(name: string, ...args: Value[]): BuiltinError {
  let v: Value | undefined;
  try {
    v = call(name, ...args);
  } catch (e) {
    if (e instanceof BuiltinError) return e;
    throw e;
  }
  return expect.fail(`${name} returned ${v === undefined ? "undefined" : toRegoText(v)} instead of throwing`);
}

/** Asserts that calling `name` throws a `BuiltinError` with this code, argument index and message fragment. */
export function expectError(
  name: string,
  args: Value[],
  want: { code: "type_error" | "builtin_error"; argIndex: number | undefined; message?: string | RegExp },
): void {
  const e = callError(name, ...args);
  expect(e.code, e.message).toBe(want.code);
  expect(e.argIndex, e.message).toBe(want.argIndex);
  if (want.message !== undefined) {
    if (typeof want.message === "string") expect(e.message).toContain(want.message);
    else expect(e.message).toMatch(want.message);
  }
}

/** A set of the given elements. */
export function set(...xs: Value[]): SetValue {
  return SetValue.from(xs);
}

/** An object with keys of any type. */
export function obj(...entries: [Value, Value][]): Value {
  const b = new ObjectBuilder();
  for (const [k, v] of entries) b.set(k, v);
  return b.build();
}
