/**
 * Checking and decoding of string and number literals. The lexer matches them
 * leniently (any backslash escape, `01`, `1.`) so that these functions can say
 * precisely what is wrong instead of "unexpected character".
 */
import { diagnostic, type Diagnostic } from "../source/diagnostic.js";
import type { SourceFile } from "../source/source-file.js";
import { showChar } from "./lookalikes.js";

/** A decoded string and the problems found in it. */
export interface Decoded {
  readonly value: string;
  readonly diagnostics: Diagnostic[];
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
const HEX4 = /^[0-9a-fA-F]{4}$/;
/** A backslash or a control character: the only things that make decoding do anything. */
const NEEDS_DECODING = /[\\\u0000-\u001f]/;

/**
 * Decode the JSON escapes of `text` (the inside of a string, found at offset `start` of `file`).
 * `extra` lists characters that may also be escaped (templates allow `\{` and `\}`).
 */
export function decodeEscapes(text: string, start: number, file: SourceFile, extra = ""): Decoded {
  // Most strings have nothing to decode.
  if (!NEEDS_DECODING.test(text)) return { value: text, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const code = c.charCodeAt(0);
    if (c !== "\\") {
      if (code < 0x20) {
        diagnostics.push(
          diagnostic(
            "unexpected_char",
            `control character ${showChar(c)} in a string`,
            file.span(start + i, start + i + 1),
            "write it as an escape (`\\t`, `\\n`, `\\u0000`), or use a raw string in backticks",
          ),
        );
      }
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next !== undefined && SIMPLE_ESCAPES[next] !== undefined) {
      out += SIMPLE_ESCAPES[next];
      i++;
    } else if (next !== undefined && extra.includes(next)) {
      out += next;
      i++;
    } else if (next === "u" && HEX4.test(text.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      const shown = next === "u" ? text.slice(i, Math.min(text.length, i + 6)) : text.slice(i, i + 2);
      diagnostics.push(
        diagnostic(
          "bad_escape",
          next === "u" ? `invalid unicode escape \`${shown}\`` : `invalid escape \`${shown}\` in a string`,
          file.span(start + i, start + i + Math.max(1, shown.length)),
          next === "u"
            ? "a unicode escape is `\\u` followed by exactly four hex digits, e.g. `\\u00e9`"
            : `valid escapes are \`\\"\` \`\\\\\` \`\\/\` \`\\b\` \`\\f\` \`\\n\` \`\\r\` \`\\t\` and \`\\uXXXX\`${extra ? extra.split("").map((e) => ` \`\\${e}\``).join("") : ""}; for a backslash write \`\\\\\`, or use a raw string in backticks`,
        ),
      );
      if (next !== undefined) i++;
    }
  }
  return { value: out, diagnostics };
}

const JSON_NUMBER = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** The problem with a number literal as written, or undefined when it is a valid JSON number. */
export function checkNumber(raw: string, start: number, file: SourceFile): Diagnostic | undefined {
  if (JSON_NUMBER.test(raw)) return undefined;
  const span = file.span(start, start + raw.length);
  const [mantissa = raw, exponent] = raw.split(/[eE]/);
  const [whole = "", fraction] = mantissa.split(".");
  if (whole.length > 1 && whole.startsWith("0")) {
    const fixed = raw.replace(/^0+(?=[0-9])/, "");
    return diagnostic("bad_number", `number \`${raw}\` has a leading zero`, span, `write \`${fixed}\` (numbers are JSON numbers: no leading zeros)`);
  }
  if (fraction === "") {
    return diagnostic("bad_number", `number \`${raw}\` has no digits after the decimal point`, span, `write \`${whole}.0\` or \`${whole}\``);
  }
  if (exponent !== undefined) {
    return diagnostic("bad_number", `number \`${raw}\` has no digits in its exponent`, span, `write the exponent's digits, e.g. \`${mantissa}e3\``);
  }
  return diagnostic("bad_number", `malformed number \`${raw}\``, span, "write a JSON number such as `12`, `1.5` or `2e3`");
}
