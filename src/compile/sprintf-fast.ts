/**
 * A fast path for the most common built-in of reasons:
 * `sprintf("charges over %v %s need a human", [limit, currency])`. When the
 * format is a constant whose verbs are only `%v`, `%s` and `%d` (no flags,
 * widths, precisions or argument indexes) and the values are an array
 * literal with one item per verb, generated code concatenates the text
 * directly whenever each value is of a type those verbs print as is:
 *
 * - `%s` and `%v` of a string print the string;
 * - `%d` and `%v` of a safe integer print its decimal digits (OPA hands Go
 *   an `int`, and `String(n)` is Go's `%d` below 2^53; an input that skipped
 *   normalisation can hold `1e21` as a number, which `String` would print
 *   with an exponent).
 *
 * Any other value (a float, a big integer, a composite, a string under
 * `%d`) goes to the built-in (`src/builtins/sprintf.ts`), which is the
 * definition; a property test checks the two agree.
 */

/** A format split into literal texts and verbs: `lits[0] verbs[0] lits[1] … verbs[n-1] lits[n]`. */
export interface SimpleFormat {
  readonly lits: readonly string[];
  readonly verbs: readonly ("v" | "s" | "d")[];
}

/** The format's parts, or `undefined` when it uses anything but `%v`, `%s`, `%d` and `%%`. */
export function parseSimpleFormat(format: string): SimpleFormat | undefined {
  const lits: string[] = [];
  const verbs: ("v" | "s" | "d")[] = [];
  let lit = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== "%") {
      lit += ch;
      continue;
    }
    const verb = format[++i];
    if (verb === "%") {
      lit += "%";
      continue;
    }
    if (verb !== "v" && verb !== "s" && verb !== "d") return undefined;
    lits.push(lit);
    verbs.push(verb);
    lit = "";
  }
  lits.push(lit);
  return { lits, verbs };
}

/** The JS condition under which value `v` prints as itself under `verb`. */
export function printsAsIs(verb: "v" | "s" | "d", v: string): string {
  switch (verb) {
    case "s":
      return `typeof ${v} === "string"`;
    case "d":
      return `Number.isSafeInteger(${v})`;
    case "v":
      return `(typeof ${v} === "string" || Number.isSafeInteger(${v}))`;
  }
}
