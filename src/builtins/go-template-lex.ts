/**
 * The lexer of Go's `text/template` (`text/template/parse/lex.go`), with
 * the default `{{` `}}` delimiters: text, actions, `{{-`/`-}}` trimming,
 * comments `{{/* … *\/}}` (dropped), and the tokens inside an action.
 * Positions are indexes into the template text; lines count from 1. After
 * an error item the stream is at its end, as in Go.
 */
import { goQuote, isGoPrint } from "./go-strconv.js";

/** Go's keywords, which print as `<if>` in parse errors. */
export type Keyword = "block" | "break" | "continue" | "define" | "dot" | "else" | "end" | "if" | "nil" | "range" | "template" | "with";

/** The kind of a token (Go's `itemType`). */
export type ItemType =
  | "error" | "bool" | "char" | "charConstant" | "complex" | "assign" | "declare" | "eof" | "field" | "identifier"
  | "leftDelim" | "leftParen" | "number" | "pipe" | "rawString" | "rightDelim" | "rightParen" | "space" | "string"
  | "text" | "variable" | Keyword;

/** One token. */
export interface Item {
  readonly typ: ItemType;
  readonly pos: number;
  readonly val: string;
  readonly line: number;
}

const KEYWORDS: ReadonlyMap<string, Keyword> = new Map<string, Keyword>([
  [".", "dot"], ["block", "block"], ["break", "break"], ["continue", "continue"], ["define", "define"], ["else", "else"],
  ["end", "end"], ["if", "if"], ["range", "range"], ["nil", "nil"], ["template", "template"], ["with", "with"],
]);

/** Whether a token kind is a keyword. */
export function isKeyword(typ: ItemType): typ is Keyword {
  return [...KEYWORDS.values()].includes(typ as Keyword);
}

const LEFT = "{{";
const RIGHT = "}}";
const EOF = -1;

const isSpace = (r: number): boolean => r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
const isAlphaNumeric = (r: number): boolean => r === 0x5f || (r >= 0 && /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r)));
const hasLeftTrimMarker = (s: string, at: number): boolean => s[at] === "-" && isSpace(s.charCodeAt(at + 1));
const hasRightTrimMarker = (s: string, at: number): boolean => isSpace(s.charCodeAt(at)) && s[at + 1] === "-";
const SPACES = /[ \t\r\n]/;

/** Go's `%#U`: `U+0001`, or `U+20AC '€'` when printable. */
export function formatRuneU(r: number): string {
  const hex = "U+" + r.toString(16).toUpperCase().padStart(4, "0");
  return isGoPrint(r) ? `${hex} '${String.fromCodePoint(r)}'` : hex;
}

type StateFn = ((l: Lexer) => StateFn) | null;

class Lexer {
  readonly items: Item[] = [];
  pos = 0;
  start = 0;
  parenDepth = 0;
  private width = 0;
  private lineCursor = 0;
  private lineCount = 1;

  constructor(readonly input: string) {}

  next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  peek(): number {
    return this.pos >= this.input.length ? EOF : this.input.codePointAt(this.pos)!;
  }

  backup(): void {
    this.pos -= this.width;
  }

  // The line of the text at `start` (positions only move forward).
  private lineOfStart(): number {
    for (; this.lineCursor < this.start; this.lineCursor++) if (this.input.charCodeAt(this.lineCursor) === 0x0a) this.lineCount++;
    return this.lineCount;
  }

  emit(typ: ItemType): void {
    this.items.push({ typ, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.lineOfStart() });
    this.start = this.pos;
  }

  ignore(): void {
    this.start = this.pos;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && valid.includes(String.fromCodePoint(r))) return true;
    if (r !== EOF) this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  errorf(message: string): StateFn {
    this.items.push({ typ: "error", pos: this.start, val: message, line: this.lineOfStart() });
    return null;
  }

  /** Whether the input is at `}}` (`delim`), and whether it is `-}}` (`trim`). */
  atRightDelim(): { delim: boolean; trim: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT, this.pos + 2)) return { delim: true, trim: true };
    return { delim: this.input.startsWith(RIGHT, this.pos), trim: false };
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r) || r === EOF) return true;
    if (".,|:)(".includes(String.fromCodePoint(r))) return true;
    return this.input.startsWith(RIGHT, this.pos);
  }
}

function trimRightLength(s: string): number {
  let n = 0;
  while (n < s.length && SPACES.test(s[s.length - 1 - n]!)) n++;
  return n;
}

function trimLeftLength(s: string, from: number): number {
  let n = 0;
  while (from + n < s.length && SPACES.test(s[from + n]!)) n++;
  return n;
}

function lexText(l: Lexer): StateFn {
  const x = l.input.indexOf(LEFT, l.pos);
  if (x >= 0) {
    if (x > l.pos) {
      l.pos = x;
      const trim = hasLeftTrimMarker(l.input, x + LEFT.length) ? trimRightLength(l.input.slice(l.start, x)) : 0;
      l.pos -= trim;
      if (l.pos > l.start) l.emit("text");
      l.pos += trim;
      l.ignore();
    }
    return lexLeftDelim;
  }
  l.pos = l.input.length;
  if (l.pos > l.start) {
    l.emit("text");
    return lexText;
  }
  l.emit("eof");
  return null;
}

function lexLeftDelim(l: Lexer): StateFn {
  l.pos += LEFT.length;
  const afterMarker = hasLeftTrimMarker(l.input, l.pos) ? 2 : 0;
  if (l.input.startsWith("/*", l.pos + afterMarker)) {
    l.pos += afterMarker;
    l.ignore();
    return lexComment;
  }
  l.emit("leftDelim");
  l.pos += afterMarker;
  l.ignore();
  l.parenDepth = 0;
  return lexInsideAction;
}

function lexComment(l: Lexer): StateFn {
  l.pos += 2;
  const x = l.input.indexOf("*/", l.pos);
  if (x < 0) return l.errorf("unclosed comment");
  l.pos = x + 2;
  const { delim, trim } = l.atRightDelim();
  if (!delim) return l.errorf("comment ends before closing delimiter");
  if (trim) l.pos += 2;
  l.pos += RIGHT.length;
  if (trim) l.pos += trimLeftLength(l.input, l.pos);
  l.ignore();
  return lexText;
}

function lexRightDelim(l: Lexer): StateFn {
  const { trim } = l.atRightDelim();
  if (trim) {
    l.pos += 2;
    l.ignore();
  }
  l.pos += RIGHT.length;
  l.emit("rightDelim");
  if (trim) {
    l.pos += trimLeftLength(l.input, l.pos);
    l.ignore();
  }
  return lexText;
}

function lexInsideAction(l: Lexer): StateFn {
  if (l.atRightDelim().delim) {
    if (l.parenDepth === 0) return lexRightDelim;
    return l.errorf("unclosed left paren");
  }
  const r = l.next();
  if (r === EOF) return l.errorf("unclosed action");
  if (isSpace(r)) {
    l.backup(); // the space may start " -}}"
    return lexSpace;
  }
  const c = String.fromCodePoint(r);
  switch (c) {
    case "=":
      l.emit("assign");
      return lexInsideAction;
    case ":":
      if (l.next() !== 0x3d) return l.errorf("expected :=");
      l.emit("declare");
      return lexInsideAction;
    case "|":
      l.emit("pipe");
      return lexInsideAction;
    case '"':
      return lexQuote;
    case "`":
      return lexRawQuote;
    case "$":
      return (l2) => lexFieldOrVariable(l2, "variable");
    case "'":
      return lexChar;
    case "(":
      l.emit("leftParen");
      l.parenDepth++;
      return lexInsideAction;
    case ")":
      l.parenDepth--;
      if (l.parenDepth < 0) return l.errorf("unexpected right paren");
      l.emit("rightParen");
      return lexInsideAction;
  }
  if (c === ".") {
    // ".field", unless a digit follows: then it starts a number.
    const d = l.input.charCodeAt(l.pos);
    if (l.pos < l.input.length && !(d >= 0x30 && d <= 0x39)) return (l2) => lexFieldOrVariable(l2, "field");
  }
  if (c === "." || c === "+" || c === "-" || (r >= 0x30 && r <= 0x39)) {
    l.backup();
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    return lexIdentifier;
  }
  if (r <= 0x7f && isGoPrint(r)) {
    l.emit("char");
    return lexInsideAction;
  }
  return l.errorf(`unrecognized character in action: ${formatRuneU(r)}`);
}

function lexSpace(l: Lexer): StateFn {
  let numSpaces = 0;
  while (isSpace(l.peek())) {
    l.next();
    numSpaces++;
  }
  // A trim-marked right delimiter starts with a space, already consumed.
  if (hasRightTrimMarker(l.input, l.pos - 1) && l.input.startsWith(RIGHT, l.pos + 1)) {
    l.backup();
    if (numSpaces === 1) return lexRightDelim;
  }
  l.emit("space");
  return lexInsideAction;
}

function lexIdentifier(l: Lexer): StateFn {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup();
    const word = l.input.slice(l.start, l.pos);
    if (!l.atTerminator()) return l.errorf(`bad character ${formatRuneU(r)}`);
    const key = KEYWORDS.get(word);
    if (key !== undefined) l.emit(key);
    else if (word[0] === ".") l.emit("field");
    else if (word === "true" || word === "false") l.emit("bool");
    else l.emit("identifier");
    return lexInsideAction;
  }
}

function lexFieldOrVariable(l: Lexer, typ: "field" | "variable"): StateFn {
  if (l.atTerminator()) {
    l.emit(typ === "variable" ? "variable" : "dot"); // a lone "$" or "."
    return lexInsideAction;
  }
  let r: number;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${formatRuneU(r)}`);
  l.emit(typ);
  return lexInsideAction;
}

function lexChar(l: Lexer): StateFn {
  return lexEscapedUntil(l, 0x27, "charConstant", "unterminated character constant");
}

function lexQuote(l: Lexer): StateFn {
  return lexEscapedUntil(l, 0x22, "string", "unterminated quoted string");
}

/** Go's `lexChar` and `lexQuote`: up to the closing `close`, skipping backslash escapes; a newline or the end is `unterminated`. */
function lexEscapedUntil(l: Lexer, close: number, type: "charConstant" | "string", unterminated: string): StateFn {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
    }
    if (r === EOF || r === 0x0a) return l.errorf(unterminated);
    if (r === close) break;
  }
  l.emit(type);
  return lexInsideAction;
}

function lexRawQuote(l: Lexer): StateFn {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf("unterminated raw quoted string");
    if (r === 0x60) break;
  }
  l.emit("rawString");
  return lexInsideAction;
}

function scanNumber(l: Lexer): boolean {
  l.accept("+-");
  let digits = "0123456789_";
  if (l.accept("0")) {
    if (l.accept("xX")) digits = "0123456789abcdefABCDEF_";
    else if (l.accept("oO")) digits = "01234567_";
    else if (l.accept("bB")) digits = "01_";
  }
  l.acceptRun(digits);
  if (l.accept(".")) l.acceptRun(digits);
  if (digits.length === 11 && l.accept("eE")) {
    l.accept("+-");
    l.acceptRun("0123456789_");
  }
  if (digits.length === 23 && l.accept("pP")) {
    l.accept("+-");
    l.acceptRun("0123456789_");
  }
  l.accept("i");
  if (isAlphaNumeric(l.peek())) {
    l.next();
    return false;
  }
  return true;
}

function lexNumber(l: Lexer): StateFn {
  if (!scanNumber(l)) return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos), '"', false)}`);
  const sign = l.peek();
  if (sign === 0x2b || sign === 0x2d) {
    // A complex number: 1+2i.
    if (!scanNumber(l) || l.input[l.pos - 1] !== "i") return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos), '"', false)}`);
    l.emit("complex");
  } else {
    l.emit("number");
  }
  return lexInsideAction;
}

/** The tokens of a template, ending with an `eof` or `error` item. */
export function lexTemplate(text: string): Item[] {
  const l = new Lexer(text);
  let state: StateFn = lexText;
  while (state !== null) state = state(l);
  return l.items;
}
