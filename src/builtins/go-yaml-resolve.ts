/**
 * How go-yaml v2 (the YAML library under OPA's `yaml.*`, through
 * sigs.k8s.io/yaml) reads a plain scalar: its `resolve` function. YAML 1.1
 * booleans (`yes`, `on`, `y`), `~` and `null`, integers as Go's
 * `strconv.ParseInt(s, 0, 64)` reads them after dropping `_` (so `010` is
 * octal 8, `0x1F` hex, `0b101` binary), then unsigned 64-bit integers, then
 * floats of the form `[-+]?(.d+|d+(.d*)?)([eE][-+]?d+)?`, and timestamps
 * starting `YYYY-`. The encoder quotes a string exactly when reading it back
 * plain would give anything but a string.
 */

/** What a plain scalar reads as. */
export type Resolved =
  | { readonly tag: "null" }
  | { readonly tag: "bool"; readonly value: boolean }
  | { readonly tag: "int"; readonly value: bigint }
  | { readonly tag: "float"; readonly value: number }
  | { readonly tag: "timestamp" }
  | { readonly tag: "str" };

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const TRUES = new Set(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
const FALSES = new Set(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);
const SPECIAL_FLOATS: ReadonlyMap<string, number> = new Map([
  [".nan", NaN],
  [".NaN", NaN],
  [".NAN", NaN],
  [".inf", Infinity],
  [".Inf", Infinity],
  [".INF", Infinity],
  ["+.inf", Infinity],
  ["+.Inf", Infinity],
  ["+.INF", Infinity],
  ["-.inf", -Infinity],
  ["-.Inf", -Infinity],
  ["-.INF", -Infinity],
]);

// go-yaml's resolveTable: the first characters that may start a non-string.
const MAP_HINTS = "yYnNtTfFoO~";
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** go-yaml v2's `resolve("", s)` for a plain scalar. */
export function resolvePlain(s: string): Resolved {
  const c = s[0];
  const hint = s === "" ? "M" : c === "+" || c === "-" ? "S" : c! >= "0" && c! <= "9" ? "D" : c === "." ? "." : MAP_HINTS.includes(c!) ? "M" : "";
  if (hint === "") return { tag: "str" };
  if (NULLS.has(s)) return { tag: "null" };
  if (TRUES.has(s)) return { tag: "bool", value: true };
  if (FALSES.has(s)) return { tag: "bool", value: false };
  const special = SPECIAL_FLOATS.get(s);
  if (special !== undefined) return { tag: "float", value: special };
  if (hint === ".") {
    if (DOT_FLOAT.test(s)) {
      const f = Number(s);
      if (Number.isFinite(f)) return { tag: "float", value: f };
    }
    return { tag: "str" };
  }
  if (hint === "M") return { tag: "str" };
  if (isTimestamp(s)) return { tag: "timestamp" };
  const plain = s.replaceAll("_", "");
  const i = parseGoInt(plain, true);
  if (i !== undefined && i >= INT64_MIN && i <= INT64_MAX) return { tag: "int", value: i };
  const u = parseGoInt(plain, false);
  if (u !== undefined && u <= UINT64_MAX) return { tag: "int", value: u };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = Number(plain);
    // Go's ParseFloat fails beyond the double range; the scalar is then a string.
    if (Number.isFinite(f)) return { tag: "float", value: f };
  }
  return { tag: "str" };
}

/**
 * Go's `strconv.ParseInt(s, 0, …)` (or `ParseUint` when `signed` is false,
 * which takes no sign), without the range check: a base prefix `0x`, `0o`,
 * `0b`, or a leading `0` for octal.
 */
function parseGoInt(s: string, signed: boolean): bigint | undefined {
  let i = 0;
  let negative = false;
  if (signed && (s[0] === "+" || s[0] === "-")) {
    negative = s[0] === "-";
    i = 1;
  }
  let body = s.slice(i);
  let digits = /^[0-9]+$/;
  let prefix = "";
  if (body.length > 1 && body[0] === "0") {
    const p = body[1]!.toLowerCase();
    if (p === "x") [digits, prefix, body] = [/^[0-9a-fA-F]+$/, "0x", body.slice(2)];
    else if (p === "o") [digits, prefix, body] = [/^[0-7]+$/, "0o", body.slice(2)];
    else if (p === "b") [digits, prefix, body] = [/^[01]+$/, "0b", body.slice(2)];
    else [digits, prefix, body] = [/^[0-7]+$/, "0o", body.slice(1)];
  }
  if (!digits.test(body)) return undefined;
  const magnitude = BigInt(prefix + body);
  return negative ? -magnitude : magnitude;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * go-yaml v2's `parseTimestamp`: `time.Parse` with the layouts
 * `2006-1-2T15:4:5.999999999Z07:00` (also with `t` or a space and no zone)
 * and `2006-1-2`.
 */
function isTimestamp(s: string): boolean {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(?:Z|[+-](\d{2}):(\d{2}))|( )(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?)?$/.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!)) return false;
  const [h, mi, sec] = m[4] ? [m[5], m[6], m[7]] : m[10] ? [m[11], m[12], m[13]] : ["0", "0", "0"];
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return false;
  // Go accepts zone offsets up to 24 hours and 60 minutes.
  if (m[8] !== undefined && (Number(m[8]) > 24 || Number(m[9]) > 60)) return false;
  return true;
}

/** go-yaml v2's `isBase60Float`: strings like `1:30`, which it quotes for YAML 1.1 readers. */
export function isBase60Float(s: string): boolean {
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}
