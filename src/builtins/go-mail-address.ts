/**
 * Whether text is one e-mail address as Go's `net/mail.ParseAddress` reads
 * it (gojsonschema's `email` format): an RFC 5322 addr-spec
 * (`jane@example.com`, `"j d"@[192.0.2.1]`), or a name-addr with a display
 * name (`Jane <jane@example.com>`), with comments. Ported from
 * `net/mail/message.go`; RFC 2047 encoded words in display names are read
 * as plain atoms (Go decodes them, and rejects an unknown charset).
 */
import { parseIp } from "./ip-address.js";

/** Go's `mail.ParseAddress(s) == nil`-error: `s` is exactly one address. */
export function isGoMailAddress(s: string): boolean {
  const p = new AddressParser(s);
  const addrs = p.parseAddress(true);
  if (addrs === undefined || !p.skipCFWS() || !p.empty()) return false;
  return addrs === 1;
}

class Fail extends Error {}

const SPECIALS = new Set(["(", ")", "<", ">", "[", "]", ":", ";", "@", "\\", ",", '"']);

function isVchar(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return (cp >= 0x21 && cp <= 0x7e) || cp >= 0x80;
}

function isAtext(c: string, dot: boolean): boolean {
  if (c === ".") return dot;
  return !SPECIALS.has(c) && isVchar(c);
}

function isWsp(c: string): boolean {
  return c === " " || c === "\t";
}

function isQtext(c: string): boolean {
  return c !== "\\" && c !== '"' && isVchar(c);
}

function isDtext(c: string): boolean {
  return c !== "[" && c !== "]" && c !== "\\" && isVchar(c);
}

class AddressParser {
  private s: string;

  constructor(s: string) {
    this.s = s;
  }

  empty(): boolean {
    return this.s.length === 0;
  }

  private peek(): string {
    return this.s[0]!;
  }

  private consume(c: string): boolean {
    if (this.s[0] !== c) return false;
    this.s = this.s.slice(1);
    return true;
  }

  private skipSpace(): void {
    this.s = this.s.replace(/^[ \t]+/, "");
  }

  /** Skips spaces and comments; false for an unclosed comment. */
  skipCFWS(): boolean {
    this.skipSpace();
    while (this.consume("(")) {
      if (this.consumeComment() === undefined) return false;
      this.skipSpace();
    }
    return true;
  }

  private consumeComment(): string | undefined {
    let depth = 1;
    let comment = "";
    while (!this.empty() && depth > 0) {
      if (this.peek() === "\\" && this.s.length > 1) this.s = this.s.slice(1);
      else if (this.peek() === "(") depth++;
      else if (this.peek() === ")") depth--;
      if (depth > 0) comment += this.s[0];
      this.s = this.s.slice(1);
    }
    return depth === 0 ? comment : undefined;
  }

  /** How many addresses an address (or, with `handleGroup`, a group) holds; `undefined` when malformed. */
  parseAddress(handleGroup: boolean): number | undefined {
    this.skipSpace();
    if (this.empty()) return undefined;
    // addr-spec is tried first; on failure the parser backs up and reads a name-addr.
    const saved = this.s;
    try {
      this.consumeAddrSpec();
      this.skipSpace();
      if (!this.empty() && this.peek() === "(") {
        this.consume("(");
        if (this.consumeComment() === undefined) return undefined;
      }
      return 1;
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      this.s = saved;
    }
    try {
      if (this.peek() !== "<") this.consumePhrase();
      this.skipSpace();
      if (handleGroup && this.consume(":")) return this.consumeGroupList();
      if (!this.consume("<")) return undefined;
      this.consumeAddrSpec();
      if (!this.consume(">")) return undefined;
      return 1;
    } catch (e) {
      if (e instanceof Fail) return undefined;
      throw e;
    }
  }

  private consumeGroupList(): number | undefined {
    this.skipSpace();
    if (this.consume(";")) return this.skipCFWS() ? 0 : undefined;
    let count = 0;
    for (;;) {
      this.skipSpace();
      const n = this.parseAddress(false);
      if (n === undefined) return undefined;
      count += n;
      if (!this.skipCFWS()) return undefined;
      if (this.consume(";")) return this.skipCFWS() ? count : undefined;
      if (!this.consume(",")) return undefined;
    }
  }

  private consumeAddrSpec(): void {
    this.skipSpace();
    if (this.empty()) throw new Fail();
    if (this.peek() === '"') {
      if (this.consumeQuotedString() === "") throw new Fail();
    } else {
      this.consumeAtom(true, false);
    }
    if (!this.consume("@")) throw new Fail();
    this.skipSpace();
    if (this.empty()) throw new Fail();
    if (this.peek() === "[") this.consumeDomainLiteral();
    else this.consumeAtom(true, false);
  }

  private consumePhrase(): void {
    let words = 0;
    for (;;) {
      if (words > 0 && !this.skipCFWS()) throw new Fail();
      this.skipSpace();
      if (this.empty()) break;
      try {
        if (this.peek() === '"') this.consumeQuotedString();
        else this.consumeAtom(true, true);
      } catch (e) {
        if (!(e instanceof Fail)) throw e;
        break;
      }
      words++;
    }
    // Go ignores the error that ends a phrase once it has one word.
    if (words === 0) throw new Fail();
  }

  private consumeAtom(dot: boolean, permissive: boolean): string {
    let i = 0;
    for (const c of this.s) {
      if (!isAtext(c, dot)) break;
      i += c.length;
    }
    if (i === 0) throw new Fail();
    const atom = this.s.slice(0, i);
    this.s = this.s.slice(i);
    if (!permissive && (atom.startsWith(".") || atom.includes("..") || atom.endsWith("."))) throw new Fail();
    return atom;
  }

  private consumeQuotedString(): string {
    let out = "";
    let escaped = false;
    let i = 1;
    for (;;) {
      const c = String.fromCodePoint(this.s.codePointAt(i) ?? 0);
      if (i >= this.s.length) throw new Fail();
      if (escaped) {
        if (!isVchar(c) && !isWsp(c)) throw new Fail();
        out += c;
        escaped = false;
      } else if (isQtext(c) || isWsp(c)) {
        out += c;
      } else if (c === '"') {
        break;
      } else if (c === "\\") {
        escaped = true;
      } else {
        throw new Fail();
      }
      i += c.length;
    }
    this.s = this.s.slice(i + 1);
    return out;
  }

  private consumeDomainLiteral(): void {
    this.consume("[");
    let dtext = "";
    for (;;) {
      if (this.empty()) throw new Fail();
      if (this.peek() === "]") break;
      const c = String.fromCodePoint(this.s.codePointAt(0)!);
      if (!isDtext(c)) throw new Fail();
      dtext += c;
      this.s = this.s.slice(c.length);
    }
    this.consume("]");
    if (parseIp(dtext) === undefined) throw new Fail();
  }
}
