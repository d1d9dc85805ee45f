/**
 * Reading times with Go's reference-time layouts: Go's `time.Parse`, ported
 * from `time/format.go` (same accepted text, same `ParseError` messages), so
 * OPA's `time.parse_ns` and `time.parse_rfc3339_ns` mean the same here.
 */
import { unreachable } from "../source/unreachable.js";
import { civilToUnixSeconds, daysIn, isLeap, LONG_DAY_NAMES, LONG_MONTH_NAMES, toNs } from "./civil-time.js";
import { goTimeQuote } from "./go-quote.js";
import { compile, isDigitAt, RFC3339, type Std } from "./go-time-layout.js";

/** A layout and value that do not match; the message is Go's `ParseError`'s. */
export class LayoutParseError extends Error {}

/**
 * Unix nanoseconds of `value` read with a Go layout (Go's `time.Parse`, with
 * UTC as the default zone). A zone abbreviation (`MST`) names no offset, so
 * it reads as UTC, as Go does on a machine whose local zone is UTC. Throws
 * `LayoutParseError`, or returns `undefined` when the time is outside the
 * nanosecond range.
 */
export function parseGoLayout(layout: string, value: string): bigint | undefined {
  if (layout === RFC3339) {
    const ns = parsePlainRfc3339(value);
    if (ns !== NOT_PLAIN) return ns;
  }
  return parseGoLayoutInFull(layout, value);
}

/** `parseGoLayout` without its shortcut for plain RFC 3339: always the port of Go's reader (the shortcut's tests compare the two). */
export function parseGoLayoutInFull(layout: string, value: string): bigint | undefined {
  const chunks = compile(layout);
  const whole = value;
  const fail = (layoutElem: string, valueElem: string): LayoutParseError =>
    new LayoutParseError(
      `parsing time ${goTimeQuote(whole)} as ${goTimeQuote(layout)}: cannot parse ${goTimeQuote(valueElem)} as ${goTimeQuote(layoutElem)}`,
    );
  const failWith = (message: string): LayoutParseError => new LayoutParseError(`parsing time ${goTimeQuote(whole)}${message}`);

  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let zoneOffset: number | undefined;
  let amSet = false;
  let pmSet = false;

  for (let ci = 0; ci < chunks.length; ci++) {
    const c = chunks[ci]!;
    if (c.kind === "literal") {
      const r = skip(value, c.text);
      if (r.bad) throw fail(c.text, r.value);
      value = r.value;
      continue;
    }
    const hold = value;
    let bad = false;
    let rangeErr = "";
    switch (c.std) {
      case "year": {
        if (value.length < 2) {
          bad = true;
          break;
        }
        const y = atoi(value.slice(0, 2));
        value = value.slice(2);
        if (y === undefined) bad = true;
        else year = y >= 69 ? y + 1900 : y + 2000;
        break;
      }
      case "longYear": {
        if (value.length < 4 || !isDigitAt(value, 0)) {
          bad = true;
          break;
        }
        const y = atoi(value.slice(0, 4));
        value = value.slice(4);
        if (y === undefined) bad = true;
        else year = y;
        break;
      }
      case "month":
      case "longMonth": {
        const names = c.std === "month" ? LONG_MONTH_NAMES.map((m) => m.slice(0, 3)) : LONG_MONTH_NAMES;
        const r = lookup(names, value);
        if (r === undefined) bad = true;
        else [month, value] = [r.index + 1, r.rest];
        break;
      }
      case "numMonth":
      case "zeroMonth": {
        const r = getnum(value, c.std === "zeroMonth", 2);
        if (r === undefined) bad = true;
        else {
          [month, value] = [r.n, r.rest];
          if (month <= 0 || month > 12) rangeErr = "month";
        }
        break;
      }
      case "weekDay":
      case "longWeekDay": {
        const names = c.std === "weekDay" ? LONG_DAY_NAMES.map((d) => d.slice(0, 3)) : LONG_DAY_NAMES;
        const r = lookup(names, value);
        if (r === undefined) bad = true;
        else value = r.rest; // the weekday is only checked for form, as in Go
        break;
      }
      case "day":
      case "underDay":
      case "zeroDay": {
        if (c.std === "underDay" && value[0] === " ") value = value.slice(1);
        const r = getnum(value, c.std === "zeroDay", 2);
        if (r === undefined) bad = true;
        else [day, value] = [r.n, r.rest];
        break;
      }
      case "underYearDay":
      case "zeroYearDay": {
        for (let i = 0; i < 2; i++) if (c.std === "underYearDay" && value[0] === " ") value = value.slice(1);
        const r = getnum(value, c.std === "zeroYearDay", 3);
        if (r === undefined) bad = true;
        else [yday, value] = [r.n, r.rest];
        break;
      }
      case "hour": {
        const r = getnum(value, false, 2);
        if (r === undefined) bad = true;
        else {
          [hour, value] = [r.n, r.rest];
          if (hour >= 24) rangeErr = "hour";
        }
        break;
      }
      case "hour12":
      case "zeroHour12": {
        const r = getnum(value, c.std === "zeroHour12", 2);
        if (r === undefined) bad = true;
        else {
          [hour, value] = [r.n, r.rest];
          if (hour > 12) rangeErr = "hour";
        }
        break;
      }
      case "minute":
      case "zeroMinute": {
        const r = getnum(value, c.std === "zeroMinute", 2);
        if (r === undefined) bad = true;
        else {
          [min, value] = [r.n, r.rest];
          if (min >= 60) rangeErr = "minute";
        }
        break;
      }
      case "second":
      case "zeroSecond": {
        const r = getnum(value, c.std === "zeroSecond", 2);
        if (r === undefined) {
          bad = true;
          break;
        }
        [sec, value] = [r.n, r.rest];
        if (sec >= 60) {
          rangeErr = "second";
          break;
        }
        // A fractional second in the value is accepted even when the layout has none.
        if (value.length >= 2 && isSep(value[0]!) && isDigitAt(value, 1)) {
          const next = chunks.slice(ci + 1).find((x) => x.kind === "field");
          if (next && next.kind === "field" && (next.std === "fracSecond0" || next.std === "fracSecond9")) break;
          let n = 2;
          while (n < value.length && isDigitAt(value, n)) n++;
          const f = parseNanoseconds(value, n);
          if (f === undefined) bad = true;
          else nsec = f;
          value = value.slice(n);
        }
        break;
      }
      case "PM":
      case "pm": {
        if (value.length < 2) {
          bad = true;
          break;
        }
        const p = value.slice(0, 2);
        value = value.slice(2);
        const [pm, am] = c.std === "PM" ? ["PM", "AM"] : ["pm", "am"];
        if (p === pm) pmSet = true;
        else if (p === am) amSet = true;
        else bad = true;
        break;
      }
      case "ISO8601TZ":
      case "ISO8601ShortTZ":
      case "ISO8601ColonTZ":
      case "ISO8601SecondsTZ":
      case "ISO8601ColonSecondsTZ":
      case "NumTZ":
      case "NumShortTZ":
      case "NumColonTZ":
      case "NumSecondsTZ":
      case "NumColonSecondsTZ": {
        if (c.std.startsWith("ISO8601") && value[0] === "Z") {
          value = value.slice(1);
          zoneOffset = 0;
          break;
        }
        const r = parseOffset(c.std, value);
        if (r === undefined) {
          bad = true;
          break;
        }
        value = r.rest;
        rangeErr = r.rangeErr;
        zoneOffset = r.offset;
        break;
      }
      case "TZ": {
        if (value.startsWith("UTC")) {
          value = value.slice(3);
          zoneOffset = 0;
          break;
        }
        const n = parseTimeZone(value);
        if (n === undefined) bad = true;
        else value = value.slice(n); // an abbreviation names no offset: the time reads as UTC
        break;
      }
      case "fracSecond0": {
        const ndigit = 1 + c.digits;
        if (value.length < ndigit) {
          bad = true;
          break;
        }
        const f = parseNanoseconds(value, ndigit);
        if (f === undefined) bad = true;
        else nsec = f;
        value = value.slice(ndigit);
        break;
      }
      case "fracSecond9": {
        if (value.length < 2 || !isSep(value[0]!) || !isDigitAt(value, 1)) break; // omitted
        let i = 0;
        while (i + 1 < value.length && isDigitAt(value, i + 1)) i++;
        const f = parseNanoseconds(value, 1 + i);
        if (f === undefined) bad = true;
        else nsec = f;
        value = value.slice(1 + i);
        break;
      }
      default:
        unreachable(c.std);
    }
    if (rangeErr) throw failWith(`: ${rangeErr} out of range`);
    if (bad) throw fail(c.text, hold);
  }
  if (value.length > 0) throw failWith(`: extra text: ${goTimeQuote(value)}`);

  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) {
        yday--;
      }
    }
    if (yday < 1 || yday > 365) throw failWith(": day-of-year out of range");
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (DAYS_BEFORE[m]! < yday) m++;
      d = yday - DAYS_BEFORE[m - 1]!;
    }
    if (month >= 0 && month !== m) throw failWith(": day-of-year does not match month");
    month = m;
    if (day >= 0 && day !== d) throw failWith(": day-of-year does not match day");
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) throw failWith(": day out of range");

  const seconds = civilToUnixSeconds(year, month, day, hour, min, sec) - (zoneOffset ?? 0);
  return toNs(seconds, nsec);
}

const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

function isSep(c: string): boolean {
  return c === "." || c === ",";
}

/** Go's `skip`: match a literal, a run of spaces matching any run of spaces. */
function skip(value: string, prefix: string): { value: string; bad: boolean } {
  let p = prefix;
  let v = value;
  while (p.length > 0) {
    if (p[0] === " ") {
      if (v.length > 0 && v[0] !== " ") return { value: v, bad: true };
      p = p.replace(/^ +/, "");
      v = v.replace(/^ +/, "");
      continue;
    }
    if (v.length === 0 || v[0] !== p[0]) return { value: v, bad: true };
    p = p.slice(1);
    v = v.slice(1);
  }
  return { value: v, bad: false };
}

/** One to `max` digits (exactly `max` when `fixed`, for two-digit fields). */
function getnum(s: string, fixed: boolean, max: 2 | 3): { n: number; rest: string } | undefined {
  if (!isDigitAt(s, 0)) return undefined;
  let n = 1;
  while (n < max && isDigitAt(s, n)) n++;
  if (fixed && n < max) return undefined;
  return { n: Number(s.slice(0, n)), rest: s.slice(n) };
}

/** Go's `atoi`: optional sign, then decimal digits only. */
function atoi(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** Case-insensitive match of one of `names` at the start of `value`. */
function lookup(names: readonly string[], value: string): { index: number; rest: string } | undefined {
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    if (value.length >= n.length && value.slice(0, n.length).toLowerCase() === n.toLowerCase()) {
      return { index: i, rest: value.slice(n.length) };
    }
  }
  return undefined;
}

/** Nanoseconds of the fraction in `value[0:nbytes]` (separator included); at most nine digits count. */
function parseNanoseconds(value: string, nbytes: number): number | undefined {
  if (!isSep(value[0]!)) return undefined;
  const n = Math.min(nbytes, 10);
  const digits = value.slice(1, n);
  if (!/^\d+$/.test(digits)) return undefined;
  return Number(digits) * 10 ** (10 - n);
}

function parseOffset(std: Std, value: string): { offset: number; rest: string; rangeErr: string } | undefined {
  let sign: string;
  let hh: string;
  let mm = "00";
  let ss = "00";
  let rest: string;
  if (std === "ISO8601ColonTZ" || std === "NumColonTZ") {
    if (value.length < 6 || value[3] !== ":") return undefined;
    [sign, hh, mm, rest] = [value[0]!, value.slice(1, 3), value.slice(4, 6), value.slice(6)];
  } else if (std === "NumShortTZ" || std === "ISO8601ShortTZ") {
    if (value.length < 3) return undefined;
    [sign, hh, rest] = [value[0]!, value.slice(1, 3), value.slice(3)];
  } else if (std === "ISO8601ColonSecondsTZ" || std === "NumColonSecondsTZ") {
    if (value.length < 9 || value[3] !== ":" || value[6] !== ":") return undefined;
    [sign, hh, mm, ss, rest] = [value[0]!, value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)];
  } else if (std === "ISO8601SecondsTZ" || std === "NumSecondsTZ") {
    if (value.length < 7) return undefined;
    [sign, hh, mm, ss, rest] = [value[0]!, value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)];
  } else {
    if (value.length < 5) return undefined;
    [sign, hh, mm, rest] = [value[0]!, value.slice(1, 3), value.slice(3, 5), value.slice(5)];
  }
  const two = /^\d\d$/;
  if (!two.test(hh) || !two.test(mm) || !two.test(ss)) return undefined;
  const [h, m, s] = [Number(hh), Number(mm), Number(ss)];
  let rangeErr = "";
  if (h > 24) rangeErr = "time zone offset hour";
  if (m > 60) rangeErr = "time zone offset minute";
  if (s > 60) rangeErr = "time zone offset second";
  const offset = (h * 60 + m) * 60 + s;
  if (sign === "+") return { offset, rest, rangeErr };
  if (sign === "-") return { offset: -offset, rest, rangeErr };
  return undefined;
}

/** Go's `parseTimeZone`: the length of a zone abbreviation at the start of `value`. */
function parseTimeZone(value: string): number | undefined {
  if (value.length < 3) return undefined;
  if (value.startsWith("ChST") || value.startsWith("MeST")) return 4;
  if (value.startsWith("GMT")) return 3 + signedOffsetLength(value.slice(3));
  if (value[0] === "+" || value[0] === "-") {
    const n = signedOffsetLength(value);
    return n > 0 ? n : undefined;
  }
  let upper = 0;
  while (upper < 6 && upper < value.length && value[upper]! >= "A" && value[upper]! <= "Z") upper++;
  switch (upper) {
    case 3:
      return 3;
    case 4:
      return value[3] === "T" || value.startsWith("WITA") ? 4 : undefined;
    case 5:
      return value[4] === "T" ? 5 : undefined;
    default:
      return undefined;
  }
}

/** Length of a `+h`/`-hh` hour offset (at most 12), or 0. */
function signedOffsetLength(value: string): number {
  const m = /^[+-](\d+)/.exec(value);
  if (!m || Number(m[1]) > 12) return 0;
  return m[0].length;
}

/** `parsePlainRfc3339`'s answer for text it leaves to the general parser. */
const NOT_PLAIN = null;

/**
 * The common case of RFC 3339 — `2026-11-02T10:15:00Z`, an optional `.` and
 * 1–9 digits of fraction, `Z` or `±hh:mm` — read directly: `context.now` is
 * read this way by most policies, on every decision, and the general parser
 * takes over a microsecond. Anything else (a field out of range, a comma,
 * more digits, extra text) is `NOT_PLAIN`, so every error and every unusual
 * form still comes from the general parser, with Go's messages.
 */
function parsePlainRfc3339(v: string): bigint | undefined | typeof NOT_PLAIN {
  const n = v.length;
  if (n < 20 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(10) !== 84 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) {
    return NOT_PLAIN;
  }
  const year = digits(v, 0, 4);
  const month = digits(v, 5, 2);
  const day = digits(v, 8, 2);
  const hour = digits(v, 11, 2);
  const min = digits(v, 14, 2);
  const sec = digits(v, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59) {
    return NOT_PLAIN;
  }
  let i = 19;
  let nsec = 0;
  if (v.charCodeAt(i) === 46) {
    let k = 0;
    for (i++; i < n && isDigitAt(v, i); i++, k++) nsec = nsec * 10 + (v.charCodeAt(i) - 48);
    if (k === 0 || k > 9) return NOT_PLAIN;
    nsec *= 10 ** (9 - k);
  }
  let offset = 0;
  const z = v.charCodeAt(i);
  if (z === 90 && i + 1 === n) {
    offset = 0;
  } else if ((z === 43 || z === 45) && i + 6 === n && v.charCodeAt(i + 3) === 58) {
    const oh = digits(v, i + 1, 2);
    const om = digits(v, i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return NOT_PLAIN;
    offset = (z === 45 ? -1 : 1) * (oh * 3600 + om * 60);
  } else {
    return NOT_PLAIN;
  }
  return toNs(civilToUnixSeconds(year, month, day, hour, min, sec) - offset, nsec);
}

/** The decimal number of `len` ASCII digits at `at`, or -1 if any is not a digit. */
function digits(v: string, at: number, len: number): number {
  let x = 0;
  for (let i = at; i < at + len; i++) {
    if (!isDigitAt(v, i)) return -1;
    x = x * 10 + (v.charCodeAt(i) - 48);
  }
  return x;
}
