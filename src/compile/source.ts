/**
 * Writing JavaScript source: indented lines, fresh names and labels, and
 * comments that cannot carry anything but what they are meant to.
 */

/** Indentation strings by depth, made once (`"  ".repeat(n)` on every line added up over thousands of lines). */
const INDENTS: string[] = [""];

function indentation(depth: number): string {
  while (INDENTS.length <= depth) INDENTS.push(INDENTS[INDENTS.length - 1]! + "  ");
  return INDENTS[depth]!;
}

/** Lines of JavaScript with indentation. */
export class Source {
  private lines: string[] = [];
  private indent = 0;

  /** One line at the current indentation. */
  line(text: string): void {
    this.lines.push(this.indent === 0 ? text : indentation(this.indent) + text);
  }

  /** `text {` (or `{` alone), indenting what follows. */
  open(text: string): void {
    this.line(text === "" ? "{" : `${text} {`);
    this.indent++;
  }

  /** `}` (or `text`), back one level. */
  close(text = "}"): void {
    this.indent--;
    this.line(text);
  }

  /** Lines of another source, at the current indentation. */
  append(other: Source): void {
    if (this.indent === 0) this.lines = this.lines.concat(other.lines);
    else for (const l of other.lines) this.lines.push(indentation(this.indent) + l);
  }

  toString(): string {
    return this.lines.join("\n");
  }
}

/** Fresh local names within one generated function. */
export class Names {
  private n = 0;

  /** A new name with a fixed prefix (`t7`, `L8`). */
  fresh(prefix: string): string {
    return `${prefix}${this.n++}`;
  }
}

/**
 * A `//` comment of characters that cannot end it or break out of it:
 * letters, digits and `_ . : / -` pass, anything else (quotes, backticks,
 * `${`, line and paragraph separators) becomes `?`. File names and rule
 * paths come from users, and this is the only way they reach the source.
 */
export function comment(text: string): string {
  return `// ${text.replace(/[^A-Za-z0-9_.:/-]/g, "?").slice(0, 120)}`;
}
