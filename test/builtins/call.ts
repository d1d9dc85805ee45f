/** Calls built-ins by name the way the evaluator does (through `callBuiltin`), for the family tests. */
import { expect } from "vitest";
import { BuiltinError, callBuiltin, lookupBuiltin, type BuiltinDef } from "../../src/builtins/index.js";
import { normNumber, type NumberValue, type Value } from "../../src/value/index.js";

const ctx = { print: () => {} };

/** The registry's definition of built-in `name`. */
export function def(name: string): BuiltinDef {
  const d = lookupBuiltin(name);
  if (!d) throw new Error(`no built-in ${name}`);
  return d;
}

/** The result of calling built-in `name` (undefined when the call is undefined). */
export function call(name: string, ...args: Value[]): Value | undefined {
  return callBuiltin(def(name), args, ctx);
}

/** The `BuiltinError` that calling `name` throws; fails the test when it returns instead. */
export function callError(name: string, ...args: Value[]): BuiltinError {
  try {
    const v = call(name, ...args);
    expect.fail(`${name} returned ${String(v)} instead of throwing`);
  } catch (e) {
    if (e instanceof BuiltinError) return e;
    throw e;
  }
}

/** Asserts that calling `name` throws a `BuiltinError` with this code, argument index and message fragment. */
export function expectError(
  name: string,
  args: Value[],
  want: { code: "type_error" | "builtin_error"; argIndex: number | undefined; message?: string | RegExp },
): void {
  const e = callError(name, ...args);
  expect(e.code).toBe(want.code);
  expect(e.argIndex).toBe(want.argIndex);
  if (want.message !== undefined) {
    if (typeof want.message === "string") expect(e.message).toContain(want.message);
    else expect(e.message).toMatch(want.message);
  }
}

/** Unix nanoseconds of a UTC date-time, computed with JS's own `Date` (an independent calendar). */
export function utcNs(year: number, month: number, day: number, h = 0, m = 0, s = 0, nanos = 0n): NumberValue {
  return normNumber(BigInt(Date.UTC(year, month - 1, day, h, m, s)) * 1_000_000n + nanos);
}
