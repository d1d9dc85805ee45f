/**
 * Exhaustiveness check for `switch` over a discriminated union: the compiler
 * rejects the call when a case is missing. Lives in `source/` because every
 * stage already depends on it.
 */
export function unreachable(x: never, what = "value"): never {
  throw new Error(`internal error: unexpected ${what}: ${JSON.stringify(x)}`);
}
