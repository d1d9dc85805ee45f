/**
 * Go's `strconv` quoting, as `sprintf`'s `%q` uses it: `Quote`, `QuoteRune`,
 * their ASCII-only forms, and `CanBackquote`.
 */

const GRAPHIC = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrint(cp: number): boolean {
  return cp === 0x20 || GRAPHIC.test(String.fromCodePoint(cp));
}

/** Go `strconv.Quote` (or `QuoteRune` with `'`; `asciiOnly` is `QuoteToASCII`). */
export function goQuote(s: string, quote: '"' | "'", asciiOnly: boolean): string {
  let out = quote;
  for (const raw of s) {
    // A lone surrogate cannot exist in a Go string: OPA reads one as U+FFFD (encoding/json), which is printable.
    const cp0 = raw.codePointAt(0)!;
    const ch = cp0 >= 0xd800 && cp0 <= 0xdfff ? "\ufffd" : raw;
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") {
      out += "\\" + ch;
      continue;
    }
    if (asciiOnly ? cp < 0x80 && isGoPrint(cp) : isGoPrint(cp)) {
      out += ch;
      continue;
    }
    switch (cp) {
      case 0x07:
        out += "\\a";
        continue;
      case 0x08:
        out += "\\b";
        continue;
      case 0x0c:
        out += "\\f";
        continue;
      case 0x0a:
        out += "\\n";
        continue;
      case 0x0d:
        out += "\\r";
        continue;
      case 0x09:
        out += "\\t";
        continue;
      case 0x0b:
        out += "\\v";
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp < 0x10000) out += "\\u" + cp.toString(16).padStart(4, "0");
    else out += "\\U" + cp.toString(16).padStart(8, "0");
  }
  return out + quote;
}

/** Go `strconv.CanBackquote`: whether `s` can be written between backquotes unchanged. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === "`" || cp === 0xfeff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    if (cp < 0x20 ? cp !== 0x09 : cp === 0x7f) return false;
  }
  return true;
}
