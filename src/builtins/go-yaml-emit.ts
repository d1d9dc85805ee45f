/**
 * YAML text as OPA's `yaml.marshal` writes it: sigs.k8s.io/yaml turns the
 * value into JSON, reads that back with go-yaml v2 and marshals the result
 * with go-yaml v2's encoder, a port of libyaml's emitter. This file follows
 * that emitter for the data JSON can hold:
 *
 * - mapping keys in go-yaml's order (`keyList.Less`: runs of digits compare
 *   as numbers, a letter sorts after a non-letter), block style, two-space
 *   indentation, sequences not indented under a mapping key, `{}` and `[]`
 *   for empty collections, `? key` for keys over 128 bytes;
 * - integers as they are (beyond 64 bits they read back as floats), floats as
 *   Go's `strconv.FormatFloat(f, 'g', -1, 64)` (`1e+06`, `1.5e-07`);
 * - strings plain when they read back as strings and the emitter allows it,
 *   else single-quoted, else double-quoted (`"yes"`, `"1"`, `'a: b'`,
 *   `"tab\there"`, `"\U0001F600"`); strings with a line feed as literal
 *   blocks (`|-`); long plain and quoted lines folded at spaces past column 80.
 */
import { unreachable } from "../source/unreachable.js";
import type { Json } from "../value/json.js";
import { formatFloat } from "./go-float.js";
import { isBase60Float, resolvePlain } from "./go-yaml-resolve.js";

type Style = "plain" | "single" | "double" | "literal";

/** What libyaml's `analyze_scalar` finds out about a scalar. */
interface Analysis {
  readonly multiline: boolean;
  readonly blockPlainAllowed: boolean;
  readonly singleQuotedAllowed: boolean;
  readonly blockAllowed: boolean;
}

const BEST_INDENT = 2;
const BEST_WIDTH = 80;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

/** YAML text of JSON data, byte for byte as go-yaml v2 writes it. */
export function goYamlMarshal(data: Json): string {
  const e = new Emitter();
  e.node(data, { root: true, sequence: false, mapping: false, simpleKey: false });
  e.writeIndent(); // document end
  return e.out;
}

interface Context {
  readonly root: boolean;
  readonly sequence: boolean;
  readonly mapping: boolean;
  readonly simpleKey: boolean;
}

/** A scalar as go-yaml's encoder hands it to the emitter: its text and the style it asks for. */
interface Scalar {
  readonly text: string;
  readonly style: Style;
  readonly cps: readonly number[];
  readonly analysis: Analysis;
}

function scalarOf(v: Json): Scalar {
  let text: string;
  let style: Style = "plain";
  if (v === null) text = "null";
  else if (typeof v === "boolean") text = v ? "true" : "false";
  else if (typeof v === "number" || typeof v === "bigint") text = numberText(v);
  else {
    // Go's JSON step writes a lone surrogate (invalid UTF-8) as U+FFFD.
    text = (v as string).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
    const canUsePlain = resolvePlain(text).tag === "str" && !isBase60Float(text);
    style = text.includes("\n") ? "literal" : canUsePlain ? "plain" : "double";
  }
  const cps = Array.from(text, (c) => c.codePointAt(0)!);
  return { text, style, cps, analysis: analyze(cps) };
}

/** A number as go-yaml reads it from JSON text and writes it again. */
function numberText(n: number | bigint): string {
  const i = typeof n === "bigint" ? n : Number.isInteger(n) ? BigInt(n) : undefined;
  if (i !== undefined && i >= INT64_MIN && i <= UINT64_MAX) return i.toString();
  // Not an integer of 64 bits: a float, which go-yaml formats with 'g'.
  return formatFloat(Number(n), "g", -1);
}

const isBreak = (c: number | undefined): boolean => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlank = (c: number | undefined): boolean => c === 0x20 || c === 0x09;
const isBlankz = (c: number | undefined): boolean => isBlank(c) || isBreak(c) || c === 0 || c === undefined;
const isPrintable = (c: number): boolean =>
  c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
const utf8Length = (cps: readonly number[]): number => cps.reduce((n, c) => n + (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4), 0);

/** libyaml's `yaml_emitter_analyze_scalar`. */
function analyze(v: readonly number[]): Analysis {
  if (v.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  if (v.length >= 3 && ((v[0] === 0x2d && v[1] === 0x2d && v[2] === 0x2d) || (v[0] === 0x2e && v[1] === 0x2e && v[2] === 0x2e))) blockIndicators = true;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    const followedByWhitespace = i + 1 >= v.length || isBlank(v[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) blockIndicators = true;
      else if ((ch === "?" || ch === ":" || ch === "-") && followedByWhitespace) blockIndicators = true;
    } else if (ch === ":" && followedByWhitespace) {
      blockIndicators = true;
    } else if (ch === "#" && precededByWhitespace) {
      blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === v.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === v.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }
  let blockPlainAllowed = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || lineBreaks || blockIndicators);
  let singleQuotedAllowed = true;
  let blockAllowed = !trailingSpace;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

/** go-yaml v2's `keyList.Less` for string keys. */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a, (c) => c.codePointAt(0)!);
  const br = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === 0x30 || br[i] === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== 0x30) {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    // Go's int64 arithmetic; keys with 19-digit runs are beyond any policy's need for exactness.
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + ar[ai]! - 0x30;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + br[bi]! - 0x30;
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const isLetter = (c: number): boolean => (c < 0x80 ? (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) : LETTER.test(String.fromCodePoint(c)));
const isDigit = (c: number): boolean => (c < 0x80 ? c >= 0x30 && c <= 0x39 : DIGIT.test(String.fromCodePoint(c)));

/** The part of libyaml's emitter state that block output of JSON data needs. */
class Emitter {
  out = "";
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];

  node(v: Json, ctx: Context): void {
    if (Array.isArray(v)) {
      if (v.length === 0) this.emptyFlow("[", "]");
      else this.blockSequence(v as readonly Json[], ctx);
    } else if (v !== null && typeof v === "object") {
      const keys = Object.keys(v).sort((a, b) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0));
      if (keys.length === 0) this.emptyFlow("{", "}");
      else this.blockMapping(v as { readonly [k: string]: Json }, keys);
    } else {
      this.scalar(scalarOf(v), ctx);
    }
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  private blockSequence(items: readonly Json[], ctx: Context): void {
    this.increaseIndent(false, ctx.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(item, { root: false, sequence: true, mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  private blockMapping(o: { readonly [k: string]: Json }, keys: readonly string[]): void {
    this.increaseIndent(false, false);
    for (const k of keys) {
      this.writeIndent();
      const key = scalarOf(k);
      const simple = !key.analysis.multiline && utf8Length(key.cps) <= 128;
      if (simple) {
        this.scalar(key, { root: false, sequence: false, mapping: true, simpleKey: true });
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.scalar(key, { root: false, sequence: false, mapping: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(o[k]!, { root: false, sequence: false, mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  /** libyaml's `select_scalar_style`, then the writer for the style chosen. */
  private scalar(s: Scalar, ctx: Context): void {
    const a = s.analysis;
    let style = s.style;
    if (ctx.simpleKey && a.multiline) style = "double";
    if (style === "plain") {
      if (!a.blockPlainAllowed || (s.cps.length === 0 && ctx.simpleKey)) style = "single";
    }
    if (style === "single" && !a.singleQuotedAllowed) style = "double";
    if (style === "literal" && (!a.blockAllowed || ctx.simpleKey)) style = "double";
    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    switch (style) {
      case "plain":
        this.writePlain(s.cps, allowBreaks);
        break;
      case "single":
        this.writeSingleQuoted(s.cps, allowBreaks);
        break;
      case "double":
        this.writeDoubleQuoted(s.cps, allowBreaks);
        break;
      case "literal":
        this.writeLiteral(s.cps);
        break;
      default:
        unreachable(style, "scalar style");
    }
    this.popIndent();
  }

  private put(ch: string): void {
    this.out += ch;
    this.column++;
  }

  private putBreak(): void {
    this.out += "\n";
    this.column = 0;
  }

  private write(c: number): void {
    this.put(String.fromCodePoint(c));
  }

  private writeBreak(c: number): void {
    if (c === 0x0a) {
      this.putBreak();
    } else {
      this.write(c);
      this.column = 0;
    }
  }

  /** libyaml's `yaml_emitter_write_indent`. */
  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    for (const ch of indicator) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private writePlain(v: readonly number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && v[i + 1] !== 0x20) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(v: readonly number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1 && v[i + 1] !== 0x20) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(v: readonly number[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (!isPrintable(c) || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put("\\");
        const short = DOUBLE_ESCAPES.get(c);
        if (short !== undefined) this.put(short);
        else {
          const [letter, width] = c <= 0xff ? ["x", 2] : c <= 0xffff ? ["u", 4] : ["U", 8];
          this.put(letter);
          for (const d of c.toString(16).toUpperCase().padStart(width, "0")) this.put(d);
        }
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (v[i + 1] === 0x20) this.put("\\");
        } else {
          this.write(c);
        }
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(v: readonly number[]): void {
    this.writeIndicator("|", true, false, false);
    // Block scalar hints: an indentation indicator when the text starts with a
    // space or a break, and chomping: `-` without a final break, `+` with more than one.
    if (v[0] === 0x20 || isBreak(v[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const last = v.length - 1;
    if (!isBreak(v[last])) this.writeIndicator("-", false, false, false);
    else if (last === 0 || isBreak(v[last - 1])) this.writeIndicator("+", false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of v) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

const DOUBLE_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x00, "0"],
  [0x07, "a"],
  [0x08, "b"],
  [0x09, "t"],
  [0x0a, "n"],
  [0x0b, "v"],
  [0x0c, "f"],
  [0x0d, "r"],
  [0x1b, "e"],
  [0x22, '"'],
  [0x5c, "\\"],
  [0x85, "N"],
  [0xa0, "_"],
  [0x2028, "L"],
  [0x2029, "P"],
]);
