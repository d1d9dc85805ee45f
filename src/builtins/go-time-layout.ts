/**
 * Go's reference-time layouts (`2006-01-02T15:04:05Z07:00`, `Mon Jan _2`,
 * `.000`, `.999999999`, `MST`, `-0700`, …): splitting a layout into chunks
 * (once; cached) and formatting, ported from Go's `time/format.go` so that
 * OPA's `time.format` means the same here. Parsing is in `go-time-parse.ts`.
 */
import { LONG_DAY_NAMES, LONG_MONTH_NAMES, type WallTime } from "./civil-time.js";
import { unreachable } from "../source/unreachable.js";

export type Std =
  | "longMonth"
  | "month"
  | "numMonth"
  | "zeroMonth"
  | "longWeekDay"
  | "weekDay"
  | "day"
  | "underDay"
  | "zeroDay"
  | "underYearDay"
  | "zeroYearDay"
  | "hour"
  | "hour12"
  | "zeroHour12"
  | "minute"
  | "zeroMinute"
  | "second"
  | "zeroSecond"
  | "longYear"
  | "year"
  | "PM"
  | "pm"
  | "TZ"
  | "ISO8601TZ"
  | "ISO8601SecondsTZ"
  | "ISO8601ShortTZ"
  | "ISO8601ColonTZ"
  | "ISO8601ColonSecondsTZ"
  | "NumTZ"
  | "NumSecondsTZ"
  | "NumShortTZ"
  | "NumColonTZ"
  | "NumColonSecondsTZ"
  | "fracSecond0"
  | "fracSecond9";

/** One piece of a layout: literal text, or a field with the layout text it came from. */
export type Chunk =
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "field"; readonly std: Std; readonly text: string; readonly digits: number; readonly sep: string };

const STD_0X: readonly Std[] = ["zeroMonth", "zeroDay", "zeroHour12", "zeroMinute", "zeroSecond", "year"];

/** Go's named layouts that OPA's `time.format` accepts by name. */
export const NAMED_LAYOUTS: ReadonlyMap<string, string> = new Map([
  ["ANSIC", "Mon Jan _2 15:04:05 2006"],
  ["UnixDate", "Mon Jan _2 15:04:05 MST 2006"],
  ["RubyDate", "Mon Jan 02 15:04:05 -0700 2006"],
  ["RFC822", "02 Jan 06 15:04 MST"],
  ["RFC822Z", "02 Jan 06 15:04 -0700"],
  ["RFC850", "Monday, 02-Jan-06 15:04:05 MST"],
  ["RFC1123", "Mon, 02 Jan 2006 15:04:05 MST"],
  ["RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700"],
  ["RFC3339", "2006-01-02T15:04:05Z07:00"],
  ["RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00"],
]);

export const RFC3339 = "2006-01-02T15:04:05Z07:00";
export const RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00";

const cache = new Map<string, readonly Chunk[]>();
const CACHE_LIMIT = 256;

/** The chunks of a layout (cached). */
export function compile(layout: string): readonly Chunk[] {
  let chunks = cache.get(layout);
  if (!chunks) {
    chunks = split(layout);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(layout, chunks);
  }
  return chunks;
}

function split(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let rest = layout;
  for (;;) {
    const next = nextStdChunk(rest);
    if (next.prefix) out.push({ kind: "literal", text: next.prefix });
    if (!next.field) return out;
    out.push(next.field);
    rest = next.suffix;
  }
}

/** Go's `nextStdChunk`: the literal prefix, the first field, and what follows it. */
function nextStdChunk(layout: string): { prefix: string; field?: Chunk; suffix: string } {
  const at = (i: number, std: Std, len: number, extra: Partial<{ digits: number; sep: string }> = {}) => ({
    prefix: layout.slice(0, i),
    field: { kind: "field" as const, std, text: layout.slice(i, i + len), digits: extra.digits ?? 0, sep: extra.sep ?? "" },
    suffix: layout.slice(i + len),
  });
  const has = (i: number, s: string) => layout.startsWith(s, i);
  for (let i = 0; i < layout.length; i++) {
    switch (layout[i]) {
      case "J":
        if (has(i, "Jan")) {
          if (has(i, "January")) return at(i, "longMonth", 7);
          if (!startsWithLower(layout, i + 3)) return at(i, "month", 3);
        }
        break;
      case "M":
        if (has(i, "Mon")) {
          if (has(i, "Monday")) return at(i, "longWeekDay", 6);
          if (!startsWithLower(layout, i + 3)) return at(i, "weekDay", 3);
        }
        if (has(i, "MST")) return at(i, "TZ", 3);
        break;
      case "0": {
        const c = layout.charCodeAt(i + 1);
        if (c >= 49 && c <= 54) return at(i, STD_0X[c - 49]!, 2);
        if (has(i, "002")) return at(i, "zeroYearDay", 3);
        break;
      }
      case "1":
        if (has(i, "15")) return at(i, "hour", 2);
        return at(i, "numMonth", 1);
      case "2":
        if (has(i, "2006")) return at(i, "longYear", 4);
        return at(i, "day", 1);
      case "_":
        if (layout[i + 1] === "2") {
          // `_2006` is a literal `_` followed by the long year.
          if (has(i + 1, "2006")) return at(i + 1, "longYear", 4);
          return at(i, "underDay", 2);
        }
        if (has(i, "__2")) return at(i, "underYearDay", 3);
        break;
      case "3":
        return at(i, "hour12", 1);
      case "4":
        return at(i, "minute", 1);
      case "5":
        return at(i, "second", 1);
      case "P":
        if (layout[i + 1] === "M") return at(i, "PM", 2);
        break;
      case "p":
        if (layout[i + 1] === "m") return at(i, "pm", 2);
        break;
      case "-":
        if (has(i, "-070000")) return at(i, "NumSecondsTZ", 7);
        if (has(i, "-07:00:00")) return at(i, "NumColonSecondsTZ", 9);
        if (has(i, "-0700")) return at(i, "NumTZ", 5);
        if (has(i, "-07:00")) return at(i, "NumColonTZ", 6);
        if (has(i, "-07")) return at(i, "NumShortTZ", 3);
        break;
      case "Z":
        if (has(i, "Z070000")) return at(i, "ISO8601SecondsTZ", 7);
        if (has(i, "Z07:00:00")) return at(i, "ISO8601ColonSecondsTZ", 9);
        if (has(i, "Z0700")) return at(i, "ISO8601TZ", 5);
        if (has(i, "Z07:00")) return at(i, "ISO8601ColonTZ", 6);
        if (has(i, "Z07")) return at(i, "ISO8601ShortTZ", 3);
        break;
      case ".":
      case ",": {
        const ch = layout[i + 1];
        if (ch === "0" || ch === "9") {
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          // Only a fraction if the run of digits ends here.
          if (!isDigitAt(layout, j)) {
            return at(i, ch === "0" ? "fracSecond0" : "fracSecond9", j - i, { digits: j - (i + 1), sep: layout[i]! });
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return { prefix: layout, suffix: "" };
}

function startsWithLower(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 97 && c <= 122;
}

export function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, "0");
  return n < 0 ? "-" + s : s;
}

/** A wall time formatted with a Go layout (Go's `Time.Format`). */
export function formatGoLayout(t: WallTime, layout: string): string {
  let out = "";
  for (const c of compile(layout)) {
    if (c.kind === "literal") {
      out += c.text;
      continue;
    }
    switch (c.std) {
      case "year":
        out += pad(((t.year % 100) + 100) % 100, 2);
        break;
      case "longYear":
        out += pad(t.year, 4);
        break;
      case "month":
        out += LONG_MONTH_NAMES[t.month - 1]!.slice(0, 3);
        break;
      case "longMonth":
        out += LONG_MONTH_NAMES[t.month - 1]!;
        break;
      case "numMonth":
        out += String(t.month);
        break;
      case "zeroMonth":
        out += pad(t.month, 2);
        break;
      case "weekDay":
        out += LONG_DAY_NAMES[t.weekday]!.slice(0, 3);
        break;
      case "longWeekDay":
        out += LONG_DAY_NAMES[t.weekday]!;
        break;
      case "day":
        out += String(t.day);
        break;
      case "underDay":
        out += (t.day < 10 ? " " : "") + String(t.day);
        break;
      case "zeroDay":
        out += pad(t.day, 2);
        break;
      case "underYearDay":
        out += String(t.yearDay).padStart(3, " ");
        break;
      case "zeroYearDay":
        out += pad(t.yearDay, 3);
        break;
      case "hour":
        out += pad(t.hour, 2);
        break;
      case "hour12":
        out += String(t.hour % 12 === 0 ? 12 : t.hour % 12);
        break;
      case "zeroHour12":
        out += pad(t.hour % 12 === 0 ? 12 : t.hour % 12, 2);
        break;
      case "minute":
        out += String(t.minute);
        break;
      case "zeroMinute":
        out += pad(t.minute, 2);
        break;
      case "second":
        out += String(t.second);
        break;
      case "zeroSecond":
        out += pad(t.second, 2);
        break;
      case "PM":
        out += t.hour >= 12 ? "PM" : "AM";
        break;
      case "pm":
        out += t.hour >= 12 ? "pm" : "am";
        break;
      case "ISO8601TZ":
      case "ISO8601ColonTZ":
      case "ISO8601SecondsTZ":
      case "ISO8601ShortTZ":
      case "ISO8601ColonSecondsTZ":
      case "NumTZ":
      case "NumColonTZ":
      case "NumSecondsTZ":
      case "NumShortTZ":
      case "NumColonSecondsTZ":
        out += formatOffset(c.std, t.offset);
        break;
      case "TZ":
        if (t.zoneAbbrev) out += t.zoneAbbrev;
        else out += formatOffset("NumTZ", t.offset);
        break;
      case "fracSecond0":
      case "fracSecond9":
        out += formatFraction(t.nanosecond, c.digits, c.sep, c.std === "fracSecond9");
        break;
      default:
        unreachable(c.std);
    }
  }
  return out;
}

function formatOffset(std: Std, offset: number): string {
  const iso = std.startsWith("ISO8601");
  if (offset === 0 && iso) return "Z";
  let zone = Math.trunc(offset / 60);
  let abs = offset;
  let out = "+";
  if (zone < 0) {
    out = "-";
    zone = -zone;
    abs = -abs;
  }
  out += pad(Math.floor(zone / 60), 2);
  const colon = std === "ISO8601ColonTZ" || std === "NumColonTZ" || std === "ISO8601ColonSecondsTZ" || std === "NumColonSecondsTZ";
  if (colon) out += ":";
  if (std !== "NumShortTZ" && std !== "ISO8601ShortTZ") out += pad(zone % 60, 2);
  if (std === "ISO8601SecondsTZ" || std === "NumSecondsTZ" || std === "NumColonSecondsTZ" || std === "ISO8601ColonSecondsTZ") {
    if (colon) out += ":";
    out += pad(abs % 60, 2);
  }
  return out;
}

function formatFraction(nanos: number, digits: number, sep: string, trim: boolean): string {
  if (trim && (digits === 0 || nanos === 0)) return "";
  let s = String(nanos).padStart(9, "0");
  if (digits < 9) s = s.slice(0, digits);
  if (trim) s = s.replace(/0+$/, "");
  return s === "" ? "" : sep + s;
}
