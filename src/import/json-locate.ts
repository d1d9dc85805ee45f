/**
 * Finding where a value sits in JSON text. `JSON.parse` forgets positions, so
 * when an importer finds a problem at a path (`[5, "tool_calls", 0,
 * "function", "arguments"]`) this scanner walks the text again to that path
 * and returns the value's offsets, for a `file:line:col` and a caret. It only
 * runs on the error path, so it favours being short over being fast.
 */

/** A path into a JSON document: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

/** Offsets `[start, end)` of a value in the text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The offsets of the value at `path` in the JSON `text` (starting at `from`),
 * or `undefined` when the text is not well-formed up to there or the path
 * does not exist. The path `[]` is the whole value.
 */
export function locateJsonPath(text: string, path: JsonPath, from = 0): TextRange | undefined {
  const s = new Scanner(text, from);
  try {
    let depth = 0;
    for (;;) {
      s.skipSpace();
      if (depth === path.length) return { start: s.pos, end: s.skipValue() };
      const step = path[depth]!;
      if (!s.enter(step)) return undefined;
      depth++;
    }
  } catch (e) {
    if (e instanceof ScanError) return undefined;
    throw e;
  }
}

class ScanError extends Error {}

class Scanner {
  constructor(
    private readonly text: string,
    public pos: number,
  ) {}

  skipSpace(): void {
    while (this.pos < this.text.length && " \t\r\n".includes(this.text[this.pos]!)) this.pos++;
  }

  /** Move into the member `step` of the container at `pos`; false when there is no such member. */
  enter(step: string | number): boolean {
    const open = this.text[this.pos];
    if (open === "[" && typeof step === "number") {
      this.pos++;
      for (let i = 0; ; i++) {
        this.skipSpace();
        if (this.text[this.pos] === "]") return false;
        if (i === step) return true;
        this.skipValue();
        this.skipSpace();
        if (!this.eat(",")) return false;
      }
    }
    if (open === "{" && typeof step === "string") {
      this.pos++;
      for (;;) {
        this.skipSpace();
        if (this.text[this.pos] !== '"') return false;
        const key = JSON.parse(this.text.slice(this.pos, this.skipString())) as string;
        this.skipSpace();
        if (!this.eat(":")) throw new ScanError();
        this.skipSpace();
        if (key === step) return true;
        this.skipValue();
        this.skipSpace();
        if (!this.eat(",")) return false;
      }
    }
    return false;
  }

  /** Skip the value at `pos` and return the offset just after it. */
  skipValue(): number {
    const c = this.text[this.pos];
    if (c === '"') return this.skipString();
    if (c === "[" || c === "{") {
      const close = c === "[" ? "]" : "}";
      this.pos++;
      this.skipSpace();
      if (this.eat(close)) return this.pos;
      for (;;) {
        this.skipSpace();
        if (c === "{") {
          this.skipString();
          this.skipSpace();
          if (!this.eat(":")) throw new ScanError();
          this.skipSpace();
        }
        this.skipValue();
        this.skipSpace();
        if (this.eat(close)) return this.pos;
        if (!this.eat(",")) throw new ScanError();
      }
    }
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!m) throw new ScanError();
    this.pos += m[0].length;
    return this.pos;
  }

  skipString(): number {
    if (this.text[this.pos] !== '"') throw new ScanError();
    let i = this.pos + 1;
    while (i < this.text.length) {
      const c = this.text[i];
      if (c === "\\") i += 2;
      else if (c === '"') {
        this.pos = i + 1;
        return this.pos;
      } else i++;
    }
    throw new ScanError();
  }

  private eat(c: string): boolean {
    if (this.text[this.pos] !== c) return false;
    this.pos++;
    return true;
  }
}
