/**
 * Go's `fmt` verbs for the values OPA passes to `fmt.Sprintf` (`int`,
 * `*big.Int`, `float64`, `string`): one `Printer` per call, holding the
 * output and the flags, width and precision of the directive being printed.
 * The directive parsing is in `sprintf.ts`. The other values
 * `text/template` hands to `fmt` (bool, nil, slices, maps) print in
 * `go-fmt-values.ts`.
 */
import { canBackquote, goQuote, isGoPrint } from "./go-strconv.js";
import { formatFloat, type FloatFormat } from "./go-float.js";
import { isValueArg, printValueArg, type GoValueArg } from "./go-fmt-values.js";

/**
 * A Go value as `fmt` receives it (`t` is Go's type name): what OPA passes
 * to `fmt.Sprintf`, and what `text/template` passes to `print`/`printf`
 * (`json.Number` is JSON's number text, printed as a string; `int64` and
 * `uint8` come from `.Int64` and from indexing a string).
 */
export type GoArg =
  | { readonly t: "int" | "int64" | "uint8"; readonly v: bigint }
  | { readonly t: "*big.Int"; readonly v: bigint }
  | { readonly t: "float64"; readonly v: number }
  | { readonly t: "string" | "json.Number"; readonly v: string }
  | GoValueArg;

/** Go's `fmt` flags and sizes for the directive being printed. */
export interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  widPresent: boolean;
  prec: number;
  precPresent: boolean;
}

/** No flags, no width, no precision. */
export function clearFlags(): Flags {
  return { plus: false, minus: false, sharp: false, space: false, zero: false, plusV: false, sharpV: false, wid: 0, widPresent: false, prec: 0, precPresent: false };
}

const runeLength = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** One `fmt.Sprintf` call: the output buffer and the current directive's flags. */
export class Printer {
  out = "";
  f: Flags = clearFlags();

  private padding(n: number): string {
    return n > 0 ? (this.f.zero ? "0" : " ").repeat(n) : "";
  }

  /** Go `fmt.pad`: pad to the width (in runes), left or right. */
  pad(s: string): void {
    if (!this.f.widPresent || this.f.wid === 0) {
      this.out += s;
      return;
    }
    const p = this.padding(this.f.wid - runeLength(s));
    this.out += this.f.minus ? s + p : p + s;
  }

  private withoutZero(fn: () => void): void {
    const z = this.f.zero;
    this.f.zero = false;
    fn();
    this.f.zero = z;
  }

  printArg(arg: GoArg, verb: string): void {
    if (isValueArg(arg)) {
      printValueArg(this, arg, verb, 0);
      return;
    }
    if (verb === "T") {
      this.fmtS(arg.t);
      return;
    }
    if (verb === "p") {
      this.badVerb(arg, verb);
      return;
    }
    switch (arg.t) {
      case "int":
      case "int64":
      case "uint8":
        this.fmtInt(arg, verb);
        return;
      case "float64":
        this.fmtFloatVerb(arg, verb);
        return;
      case "string":
      case "json.Number":
        this.fmtString(arg, verb);
        return;
      case "*big.Int":
        this.fmtBigInt(arg.v, verb);
        return;
    }
  }

  badVerb(arg: GoArg, verb: string): void {
    this.out += "%!" + verb + "(" + arg.t + "=";
    this.printArg(arg, "v");
    this.out += ")";
  }

  // --- strings ---

  private truncate(s: string): string {
    if (!this.f.precPresent) return s;
    let n = 0;
    let i = 0;
    for (const ch of s) {
      if (n++ === this.f.prec) return s.slice(0, i);
      i += ch.length;
    }
    return s;
  }

  fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  private fmtString(arg: GoArg & { t: "string" | "json.Number" }, verb: string): void {
    switch (verb) {
      case "v":
        if (this.f.sharpV) this.fmtQ(arg.v);
        else this.fmtS(arg.v);
        return;
      case "s":
        this.fmtS(arg.v);
        return;
      case "x":
      case "X":
        this.fmtSx(arg.v, verb);
        return;
      case "q":
        this.fmtQ(arg.v);
        return;
      default:
        this.badVerb(arg, verb);
    }
  }

  private fmtSx(s: string, verb: "x" | "X"): void {
    const digits = verb === "X" ? "0123456789ABCDEF" : "0123456789abcdef";
    let bytes = new TextEncoder().encode(s);
    if (this.f.precPresent && this.f.prec < bytes.length) bytes = bytes.subarray(0, this.f.prec);
    let width = 2 * bytes.length;
    if (width === 0) {
      if (this.f.widPresent) this.out += this.padding(this.f.wid);
      return;
    }
    if (this.f.space) {
      if (this.f.sharp) width *= 2;
      width += bytes.length - 1;
    } else if (this.f.sharp) {
      width += 2;
    }
    if (this.f.widPresent && this.f.wid > width && !this.f.minus) this.out += this.padding(this.f.wid - width);
    if (this.f.sharp) this.out += "0" + verb;
    for (let i = 0; i < bytes.length; i++) {
      if (this.f.space && i > 0) this.out += this.f.sharp ? " 0" + verb : " ";
      this.out += digits[bytes[i]! >> 4]! + digits[bytes[i]! & 15]!;
    }
    if (this.f.widPresent && this.f.wid > width && this.f.minus) this.out += this.padding(this.f.wid - width);
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) this.pad("`" + s + "`");
    else this.pad(goQuote(s, '"', this.f.plus));
  }

  // --- integers ---

  private fmtInt(arg: GoArg & { t: "int" | "int64" | "uint8" }, verb: string): void {
    switch (verb) {
      case "v":
        // %#v of an unsigned integer is hexadecimal with 0x (Go's fmt0x64).
        if (this.f.sharpV && arg.t === "uint8") {
          const sharp = this.f.sharp;
          this.f.sharp = true;
          this.fmtInteger(arg.v, 16, verb, false);
          this.f.sharp = sharp;
          return;
        }
        this.fmtInteger(arg.v, 10, verb, false);
        return;
      case "d":
        this.fmtInteger(arg.v, 10, verb, false);
        return;
      case "b":
        this.fmtInteger(arg.v, 2, verb, false);
        return;
      case "o":
      case "O":
        this.fmtInteger(arg.v, 8, verb, false);
        return;
      case "x":
        this.fmtInteger(arg.v, 16, verb, false);
        return;
      case "X":
        this.fmtInteger(arg.v, 16, verb, true);
        return;
      case "c":
        this.pad(runeOf(arg.v));
        return;
      case "q":
        this.pad(goQuote(runeOf(arg.v), "'", this.f.plus));
        return;
      case "U":
        this.fmtUnicode(arg.v);
        return;
      default:
        this.badVerb(arg, verb);
    }
  }

  /** Go `fmt.fmtInteger`. */
  private fmtInteger(v: bigint, base: number, verb: string, upper: boolean): void {
    const f = this.f;
    if (base === 10 && !f.widPresent && !f.precPresent && !f.plus && !f.space) {
      this.out += v.toString(); // the common `%d`
      return;
    }
    const negative = v < 0n;
    const u = negative ? -v : v;
    let prec = 0;
    if (this.f.precPresent) {
      prec = this.f.prec;
      // Precision 0 and value 0 print nothing but padding.
      if (prec === 0 && u === 0n) {
        this.withoutZero(() => (this.out += this.padding(this.f.wid)));
        return;
      }
    } else if (this.f.zero && !this.f.minus && this.f.widPresent) {
      prec = this.f.wid;
      if (negative || this.f.plus || this.f.space) prec--; // room for the sign
    }
    let digits = u.toString(base);
    if (upper) digits = digits.toUpperCase();
    digits = digits.padStart(prec, "0");
    if (this.f.sharp) {
      if (base === 2) digits = "0b" + digits;
      else if (base === 8 && digits[0] !== "0") digits = "0" + digits;
      else if (base === 16) digits = "0" + (upper ? "X" : "x") + digits;
    }
    if (verb === "O") digits = "0o" + digits;
    if (negative) digits = "-" + digits;
    else if (this.f.plus) digits = "+" + digits;
    else if (this.f.space) digits = " " + digits;
    this.withoutZero(() => this.pad(digits));
  }

  private fmtUnicode(v: bigint): void {
    const u = v < 0n ? v + 2n ** 64n : v;
    let s = "U+" + u.toString(16).toUpperCase().padStart(this.f.precPresent && this.f.prec > 4 ? this.f.prec : 4, "0");
    if (this.f.sharp && u <= 0x10ffffn && isGoPrint(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
    this.withoutZero(() => this.pad(s));
  }

  /** `*big.Int`'s own `Format` method. */
  private fmtBigInt(x: bigint, verb: string): void {
    const base = verb === "b" ? 2 : verb === "o" || verb === "O" ? 8 : verb === "d" || verb === "s" || verb === "v" ? 10 : verb === "x" || verb === "X" ? 16 : 0;
    if (base === 0) {
      this.out += `%!${verb}(big.Int=${x})`;
      return;
    }
    const sign = x < 0n ? "-" : this.f.plus || this.f.plusV ? "+" : this.f.space ? " " : "";
    let prefix = "";
    if (this.f.sharp || this.f.sharpV) prefix = verb === "b" ? "0b" : verb === "o" ? "0" : verb === "x" ? "0x" : verb === "X" ? "0X" : "";
    if (verb === "O") prefix = "0o";
    let digits = (x < 0n ? -x : x).toString(base);
    if (verb === "X") digits = digits.toUpperCase();
    let zeros = 0;
    if (this.f.precPresent) {
      if (digits.length < this.f.prec) zeros = this.f.prec - digits.length;
      else if (digits === "0" && this.f.prec === 0) return;
    }
    let left = 0;
    let right = 0;
    const length = sign.length + prefix.length + zeros + digits.length;
    if (this.f.widPresent && length < this.f.wid) {
      const d = this.f.wid - length;
      if (this.f.minus) right = d;
      else if (this.f.zero && !this.f.precPresent) zeros = d;
      else left = d;
    }
    this.out += " ".repeat(left) + sign + prefix + "0".repeat(zeros) + digits + " ".repeat(right);
  }

  // --- floats ---

  private fmtFloatVerb(arg: GoArg & { t: "float64" }, verb: string): void {
    switch (verb) {
      case "v":
        this.fmtFloat(arg.v, "g", -1);
        return;
      case "b":
      case "g":
      case "G":
      case "x":
      case "X":
        this.fmtFloat(arg.v, verb, -1);
        return;
      case "f":
      case "e":
      case "E":
      case "F":
        this.fmtFloat(arg.v, verb, 6);
        return;
      default:
        this.badVerb(arg, verb);
    }
  }

  /** Go `fmt.fmtFloat`. */
  private fmtFloat(v: number, verb: FloatFormat, prec: number): void {
    if (this.f.precPresent) prec = this.f.prec;
    let num = formatFloat(v, verb, prec);
    num = num[0] === "-" || num[0] === "+" ? num : "+" + num;
    if (this.f.space && num[0] === "+" && !this.f.plus) num = " " + num.slice(1);
    if (this.f.sharp && verb !== "b") num = sharpFloat(num, verb, prec);
    if (this.f.plus || num[0] !== "+") {
      // Zero padding goes between the sign and the digits.
      if (this.f.zero && !this.f.minus && this.f.widPresent && this.f.wid > num.length) {
        this.out += num[0] + this.padding(this.f.wid - num.length) + num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }
}

// The `#` flag on floats: keep the decimal point, and for %g/%x keep trailing zeros.
function sharpFloat(num: string, verb: string, prec: number): string {
  let digits = 0;
  if (verb === "v" || verb === "g" || verb === "G" || verb === "x") digits = prec === -1 ? 6 : prec;
  let tail = "";
  let body = num;
  const expAt = verb === "x" || verb === "X" ? body.search(/[pP]/) : body.search(/[eEpP]/);
  if (expAt > 0) {
    tail = body.slice(expAt);
    body = body.slice(0, expAt);
  }
  let sawNonzero = false;
  let hasPoint = false;
  for (let i = 1; i < body.length; i++) {
    const c = body[i]!;
    if (c === ".") {
      hasPoint = true;
      continue;
    }
    if (c !== "0") sawNonzero = true;
    if (sawNonzero) digits--;
  }
  if (!hasPoint) {
    if (body.length === 2 && body[1] === "0") digits--;
    body += ".";
  }
  if (digits > 0) body += "0".repeat(digits);
  return body + tail;
}

function runeOf(v: bigint): string {
  return v < 0n || v > 0x10ffffn || (v >= 0xd800n && v <= 0xdfffn) ? "\uFFFD" : String.fromCodePoint(Number(v));
}
