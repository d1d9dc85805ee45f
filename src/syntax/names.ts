/** Keywords and identifiers, for the printer and for anyone who prints Rego names. */

/** The keywords of Rego v1. None of them can name a variable or a rule. */
export const KEYWORDS: readonly string[] = [
  "package", "import", "as", "default", "else", "if", "contains", "some", "in", "every", "not", "with", "true", "false", "null",
];

const KEYWORD_SET = new Set(KEYWORDS);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True for a Rego v1 keyword. */
export function isKeyword(name: string): boolean {
  return KEYWORD_SET.has(name);
}

/** True when `name` can be written as a bare name (a variable, a rule name): identifier characters and not a keyword. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !KEYWORD_SET.has(name);
}

/** True when `name` can follow a `.` in a reference (`input.default` is fine: keywords are allowed there). */
export function isFieldName(name: string): boolean {
  return IDENTIFIER.test(name);
}
