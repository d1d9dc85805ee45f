/**
 * Answering "does this RE2 pattern match?" with V8's own regular expressions
 * when that is exact and safe. re2js (RE2 in JavaScript, which the `regex`
 * family runs on) is 10–40× slower than V8 on the short strings policies
 * test (SQL statements, paths, tool names, addresses), and `regex.match` is
 * among the most called built-ins of governance policies.
 *
 * A pattern is translated only when both hold:
 *
 * - **Same meaning.** Every construct is one whose meaning we know to be the
 *   same in Go's `regexp` and in a V8 `u`-mode RegExp, rewritten where the
 *   two spell it differently: `\s` is Go's `[\t\n\f\r ]`, `.` without `(?s)`
 *   is `[^\n]`, literals are written as `\u{…}`. Flags only as a leading
 *   `(?i)`, `(?s)` or `(?is)`. Whether a pattern matches depends only on the
 *   language it denotes, not on the engines' different rules for *which*
 *   match they report, so this is for `test` alone: finding, replacing and
 *   splitting stay on re2js.
 * - **Bounded work.** V8 backtracks; RE2 never does. No quantifier may apply
 *   to something that itself repeats or alternates (so nothing like `(a+)+`),
 *   and the number of ways V8 can try the pattern on a string of n code
 *   units — the product of each quantifier's possible counts and each
 *   alternation's branches, for every start position — must stay within
 *   `BACKTRACK_BUDGET`. That gives each pattern a longest string V8 may see;
 *   longer strings go to re2js.
 *
 * Anything else (POSIX classes, `\p{…}`, inline flags inside the pattern,
 * `(?m)`, octal escapes, …) stays on re2js, which stays the reference.
 */

/** At most this many backtracking paths (times the pattern's length) per match on V8: about a millisecond at worst. */
export const BACKTRACK_BUDGET = 1 << 21;

/** A pattern translated for V8, and the longest string for which its backtracking stays within budget. */
export interface V8Plan {
  readonly regexp: RegExp;
  readonly maxLength: number;
  /**
   * `(?i)` with `\b` or `\B`: in a `u`-mode RegExp with `i`, `ſ` (U+017F) and
   * `K` (U+212A) count as word characters for `\b`, while Go's `\b` is ASCII
   * only; strings holding either go to re2js.
   */
  readonly foldedWordBoundary: boolean;
}

/** Thrown inside the translator for a construct it does not translate. */
class Untranslatable extends Error {}

interface Quantifier {
  readonly min: number;
  readonly max: number;
}

interface Piece {
  readonly src: string;
  /** It repeats or alternates somewhere inside. */
  readonly complex: boolean;
  /** It is an assertion (`^`, `$`, `\b`, `\B`): nothing to repeat. */
  readonly assertion: boolean;
}

const WHITESPACE_CLASS = "\\t\\n\\f\\r ";
const HEX = /^[0-9A-Fa-f]$/;

/**
 * The V8 plan for an RE2 pattern that re2js has already compiled (so it is
 * valid Go syntax), or `undefined` when it must stay on re2js.
 */
export function planForV8(pattern: string): V8Plan | undefined {
  try {
    return new Translator(pattern).plan();
  } catch (e) {
    if (e instanceof Untranslatable) return undefined;
    throw e;
  }
}

class Translator {
  private i = 0;
  private ignoreCase = false;
  private dotAll = false;
  private wordBoundary = false;
  private readonly quantifiers: Quantifier[] = [];
  private branchProduct = 1;

  constructor(private readonly p: string) {}

  plan(): V8Plan {
    this.readLeadingFlags();
    const body = this.alternation();
    if (this.i !== this.p.length) throw new Untranslatable();
    const anchored = body.anchored;
    let regexp: RegExp;
    try {
      regexp = new RegExp(body.src, `u${this.ignoreCase ? "i" : ""}`);
    } catch {
      throw new Untranslatable();
    }
    const maxLength = this.longestWithinBudget(anchored, this.p.length + 1);
    if (maxLength < 0) throw new Untranslatable();
    return { regexp, maxLength, foldedWordBoundary: this.ignoreCase && this.wordBoundary };
  }

  /** The largest n whose backtracking bound is within budget (-1 if even the empty string is not). */
  private longestWithinBudget(anchored: boolean, size: number): number {
    const bound = (n: number): number => {
      let paths = this.branchProduct * size;
      for (const q of this.quantifiers) paths *= Math.max(1, Math.min(q.max, n) - q.min + 1);
      // Anchored at the start, every start but the first fails at once.
      return anchored ? n + paths : (n + 1) * paths;
    };
    if (bound(0) > BACKTRACK_BUDGET) return -1;
    let lo = 0;
    let hi = 1 << 30;
    while (lo < hi) {
      const mid = lo + Math.ceil((hi - lo) / 2);
      if (bound(mid) <= BACKTRACK_BUDGET) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** A leading `(?i)`, `(?s)` or `(?is)`; other flag groups are not translated. */
  private readLeadingFlags(): void {
    const m = /^\(\?([a-zA-Z-]*)\)/.exec(this.p);
    if (!m) return;
    for (const f of m[1]!) {
      if (f === "i") this.ignoreCase = true;
      else if (f === "s") this.dotAll = true;
      else throw new Untranslatable();
    }
    this.i = m[0].length;
  }

  private peek(offset = 0): string | undefined {
    return this.p[this.i + offset];
  }

  /** Branches separated by `|`; `anchored` when there is one branch and it starts with `^` or `\A`. */
  private alternation(): { src: string; complex: boolean; anchored: boolean } {
    const branches = [this.concatenation()];
    while (this.peek() === "|") {
      this.i++;
      branches.push(this.concatenation());
    }
    if (branches.length > 1) this.branchProduct *= branches.length;
    return {
      src: branches.map((b) => b.src).join("|"),
      complex: branches.length > 1 || branches.some((b) => b.complex),
      anchored: branches.length === 1 && branches[0]!.startsAnchored,
    };
  }

  private concatenation(): { src: string; complex: boolean; startsAnchored: boolean } {
    let src = "";
    let complex = false;
    let startsAnchored = false;
    let first = true;
    while (this.i < this.p.length && this.peek() !== "|" && this.peek() !== ")") {
      const atom = this.atom();
      const q = this.quantifier();
      if (q !== undefined) {
        if (atom.complex || atom.assertion) throw new Untranslatable();
        this.quantifiers.push(q.bounds);
        src += `${atom.src}${q.src}`;
        complex = true;
      } else {
        src += atom.src;
        complex ||= atom.complex;
      }
      if (first) startsAnchored = atom.src === "^" && q === undefined;
      first = false;
    }
    return { src, complex, startsAnchored };
  }

  /** A repetition operator after an atom, in Go's syntax (`{` that does not start one is a literal). */
  private quantifier(): { src: string; bounds: Quantifier } | undefined {
    const c = this.peek();
    let bounds: Quantifier;
    let src: string;
    if (c === "*" || c === "+" || c === "?") {
      this.i++;
      bounds = { min: c === "+" ? 1 : 0, max: c === "?" ? 1 : Infinity };
      src = c;
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i));
      if (!m) return undefined;
      this.i += m[0].length;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      bounds = { min, max };
      src = m[2] === undefined ? `{${min}}` : m[3] === "" ? `{${min},}` : `{${min},${max}}`;
    } else {
      return undefined;
    }
    if (this.peek() === "?") {
      this.i++;
      src += "?";
    }
    return { src, bounds };
  }

  private atom(): Piece {
    const c = this.p.codePointAt(this.i)!;
    const ch = String.fromCodePoint(c);
    switch (ch) {
      case "(":
        return this.group();
      case "[":
        return this.characterClass();
      case ".":
        this.i++;
        return literalPiece(this.dotAll ? "[\\s\\S]" : "[^\\n]");
      case "^":
      case "$":
        this.i++;
        return { src: ch, complex: false, assertion: true };
      case "\\":
        return this.escape();
      case "*":
      case "+":
      case "?":
        throw new Untranslatable();
      default:
        this.i += ch.length;
        return literalPiece(codePoint(c));
    }
  }

  private group(): Piece {
    if (this.p.startsWith("(?:", this.i)) this.i += 3;
    else if (this.p.startsWith("(?P<", this.i) || this.p.startsWith("(?<", this.i)) {
      const close = this.p.indexOf(">", this.i);
      if (close < 0) throw new Untranslatable();
      this.i = close + 1;
    } else if (this.peek(1) === "?") throw new Untranslatable();
    else this.i++;
    const inner = this.alternation();
    if (this.peek() !== ")") throw new Untranslatable();
    this.i++;
    // Only whether it matches counts, so every group is a non-capturing one.
    return { src: `(?:${inner.src})`, complex: inner.complex, assertion: false };
  }

  private escape(): Piece {
    const e = this.peek(1);
    if (e === undefined) throw new Untranslatable();
    switch (e) {
      case "d":
      case "D":
      case "w":
      case "W":
        this.i += 2;
        return literalPiece(`\\${e}`);
      case "s":
        this.i += 2;
        return literalPiece(`[${WHITESPACE_CLASS}]`);
      case "S":
        this.i += 2;
        return literalPiece(`[^${WHITESPACE_CLASS}]`);
      case "b":
      case "B":
        this.i += 2;
        this.wordBoundary = true;
        return { src: `\\${e}`, complex: false, assertion: true };
      case "A":
        this.i += 2;
        return { src: "^", complex: false, assertion: true };
      case "z":
        this.i += 2;
        return { src: "$", complex: false, assertion: true };
      case "Q": {
        const end = this.p.indexOf("\\E", this.i + 2);
        const text = this.p.slice(this.i + 2, end < 0 ? undefined : end);
        this.i = end < 0 ? this.p.length : end + 2;
        // A quantifier after `\Q…\E` repeats its last character only, as in Go.
        return literalPiece(Array.from(text, (x) => codePoint(x.codePointAt(0)!)).join("") || "(?:)");
      }
      default: {
        const cp = this.escapedCodePoint();
        return literalPiece(codePoint(cp));
      }
    }
  }

  /** The code point of a character escape (`\n`, `\x41`, `\x{1F600}`, `\.`) at `i`, outside or inside a class. */
  private escapedCodePoint(): number {
    const e = this.peek(1)!;
    const simple: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, a: 7 };
    if (Object.hasOwn(simple, e)) {
      this.i += 2;
      return simple[e]!;
    }
    if (e === "x") {
      if (this.peek(2) === "{") {
        const close = this.p.indexOf("}", this.i + 3);
        const hex = close < 0 ? "" : this.p.slice(this.i + 3, close);
        if (!/^[0-9A-Fa-f]{1,6}$/.test(hex)) throw new Untranslatable();
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) throw new Untranslatable();
        this.i = close + 1;
        return cp;
      }
      const h1 = this.peek(2);
      const h2 = this.peek(3);
      if (h1 === undefined || h2 === undefined || !HEX.test(h1) || !HEX.test(h2)) throw new Untranslatable();
      this.i += 4;
      return parseInt(h1 + h2, 16);
    }
    // Go lets any ASCII punctuation be escaped to stand for itself; letters and digits are something else.
    const cp = e.codePointAt(0)!;
    if (cp < 0x80 && !/[0-9A-Za-z]/.test(e)) {
      this.i += 2;
      return cp;
    }
    throw new Untranslatable();
  }

  /** `[…]` and `[^…]`, with Go's rules: `]` first is a literal, `-` is a range only between two characters. */
  private characterClass(): Piece {
    this.i++;
    let negated = false;
    if (this.peek() === "^") {
      negated = true;
      this.i++;
    }
    let items = "";
    let first = true;
    for (;;) {
      if (this.i >= this.p.length) throw new Untranslatable();
      if (this.peek() === "]" && !first) break;
      first = false;
      if (this.p.startsWith("[:", this.i)) throw new Untranslatable();
      const lo = this.classMember();
      if (typeof lo === "string") {
        items += lo;
        continue;
      }
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        this.i++;
        const hi = this.classMember();
        if (typeof hi === "string") throw new Untranslatable();
        items += `${codePoint(lo)}-${codePoint(hi)}`;
      } else {
        items += codePoint(lo);
      }
    }
    this.i++;
    return literalPiece(`[${negated ? "^" : ""}${items}]`);
  }

  /** One member of a class: a code point, or a class escape as JS class text. */
  private classMember(): number | string {
    if (this.peek() === "\\") {
      const e = this.peek(1);
      if (e === "d" || e === "D" || e === "w" || e === "W") {
        this.i += 2;
        return `\\${e}`;
      }
      if (e === "s") {
        this.i += 2;
        return WHITESPACE_CLASS;
      }
      if (e === undefined || (/[A-Za-z0-9]/.test(e) && !/[tnvfrax]/.test(e))) throw new Untranslatable();
      return this.escapedCodePoint();
    }
    const cp = this.p.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return cp;
  }
}

function literalPiece(src: string): Piece {
  return { src, complex: false, assertion: false };
}

/** A code point as a `u`-mode RegExp escape: no character of the pattern is ever read as syntax by V8. */
function codePoint(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}
