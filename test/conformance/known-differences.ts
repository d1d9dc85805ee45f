/**
 * regorus cases whose expected value is regorus's, where OPA does something
 * else: snapspace follows OPA (a `.snap` file must mean what it means under
 * OPA), so these fail, and stay counted as failures. The runner prints the
 * reason next to each, so that a reader can tell "follows OPA" from a bug.
 * A case that starts passing while listed here fails the suite: then either
 * OPA's behaviour was misread or the engine changed, and this list is wrong.
 *
 * Keyed by `file#note` (`Case.id`). Each reason names OPA's behaviour and
 * where it comes from.
 */
export const FOLLOWS_OPA: ReadonlyMap<string, string> = new Map([
  ["builtins/comparison/tests.yaml#order", "OPA orders an object before a set (ast/compare.go: sortOrder Object 7 < Set 8); regorus puts the set first"],
  ["builtins/debugging/print.yaml#all", "OPA prints an empty set as `set()` (ast.Set's String); regorus prints `{}`"],
  ["builtins/numbers/mod.yaml#integral float too large to convert", "OPA's `%` converts an integral float to a big integer (builtinRem via NumberToInt), so `1e16 % 2` is 0, not an error"],
  ["builtins/semver/is_valid.yaml#semver.compare wrong arg1 type", "OPA declares `semver.is_valid`'s argument as `any` and returns false for a non-string"],
  ["builtins/strings/lower.yaml#unicode string", "OPA lowercases with Go's strings.ToLower, which has no final-sigma rule (`Σ` is always `σ`)"],
  ["builtins/strings/sprintf.yaml#numeric formatting", "OPA's sprintf is Go's fmt.Sprintf: `%f` prints 6 decimals and `%o` prints no `0O` prefix"],
  ["builtins/strings/sprintf.yaml#error cases", "OPA's sprintf is Go's fmt.Sprintf: a missing argument prints `%!d(MISSING)`, not an error"],
  ["builtins/time/format.yaml#without-timezone-and-format", "OPA formats with Go's RFC3339Nano layout, which drops trailing zeros of the fraction (`.73439Z`)"],
  ["builtins/time/format.yaml#with-timezone-and-no-format", "OPA formats with Go's RFC3339Nano layout, which drops trailing zeros of the fraction (`.73439Z`)"],
  ["import/tests.yaml#import alias shadowed by rule", "in OPA an import shadows a rule of the same name, so the reference is undefined (the case file's own comment says so)"],
  ["import/tests.yaml#overload error does not leak callee module imports", "in OPA two definitions of a function giving 1 and 2 for the same input is an evaluation error (eval_conflict), strict or not"],
]);
