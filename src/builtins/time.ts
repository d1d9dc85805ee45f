/**
 * The `time` family: OPA's time built-ins, computed from their arguments
 * only (the clock, `time.now_ns`, is impure: see `impure.ts`). Timestamps are
 * int64 nanoseconds since the Unix epoch, held exactly (`bigint` beyond
 * 2^53). Zones are IANA names; `""` and `"UTC"` are UTC.
 */
import { normNumber } from "../value/number.js";
import type { Value } from "../value/types.js";
import { typeOf } from "../value/type-of.js";
import { civilToUnixSeconds, daysIn, LONG_DAY_NAMES, MAX_NS, MIN_NS, toNs, wallTime, type WallTime } from "./civil-time.js";
import { DurationError, parseGoDuration } from "./go-duration.js";
import { formatGoLayout, NAMED_LAYOUTS, RFC3339, RFC3339_NANO } from "./go-time-layout.js";
import { LayoutParseError, parseGoLayout } from "./go-time-parse.js";
import { loadZone, UTC, type Zone } from "./time-zone.js";
import { BuiltinError, defineBuiltin, type BuiltinDef } from "./types.js";

/** A timestamp argument: `ns`, `[ns]`, `[ns, tz]` or (for `time.format`) `[ns, tz, layout]`. */
interface TimeArg {
  readonly ns: bigint;
  readonly zone: Zone;
  readonly layout: string;
}

const NS_OR_TZ = "either number (ns) or [number (ns), string (tz)]";

function readTimeArg(name: string, v: Value, argIndex: number): TimeArg {
  const operand = `operand ${argIndex + 1}`;
  if (typeof v === "number" || typeof v === "bigint") return { ns: readNs(name, v, argIndex), zone: UTC, layout: RFC3339_NANO };
  if (!Array.isArray(v) || v.length === 0) {
    throw new BuiltinError(`${name}: ${operand} must be ${NS_OR_TZ} but got ${typeOf(v)}`, argIndex, "type_error");
  }
  const [nsVal, tzVal, layoutVal] = v as readonly Value[];
  if (typeof nsVal !== "number" && typeof nsVal !== "bigint") {
    throw new BuiltinError(`${name}: ${operand} must be ${NS_OR_TZ} but got an array whose first element is ${typeOf(nsVal!)}`, argIndex, "type_error");
  }
  let zone = UTC;
  if (tzVal !== undefined) {
    if (typeof tzVal !== "string") {
      throw new BuiltinError(`${name}: ${operand} must be ${NS_OR_TZ} but got an array whose time zone is ${typeOf(tzVal)}`, argIndex, "type_error");
    }
    zone = readZone(name, tzVal, argIndex);
  }
  let layout = RFC3339_NANO;
  if (layoutVal !== undefined) {
    if (typeof layoutVal !== "string") {
      throw new BuiltinError(`${name}: ${operand} must have a string layout as its third element but got ${typeOf(layoutVal)}`, argIndex, "type_error");
    }
    layout = NAMED_LAYOUTS.get(layoutVal) ?? layoutVal;
  }
  return { ns: readNs(name, nsVal, argIndex), zone, layout };
}

function readNs(name: string, n: number | bigint, argIndex: number): bigint {
  if (typeof n === "number" && !Number.isInteger(n)) {
    throw new BuiltinError(`${name}: operand ${argIndex + 1} must be an integer number of nanoseconds but got ${n}`, argIndex);
  }
  const ns = BigInt(n);
  if (ns < MIN_NS || ns > MAX_NS) throw new BuiltinError(`${name}: timestamp too big`, argIndex);
  return ns;
}

function readZone(name: string, tz: string, argIndex: number): Zone {
  if (tz === "Local") {
    throw new BuiltinError(
      `${name}: time zone \`Local\` is the machine's own zone, so results would differ between machines; name a zone such as \`Europe/Paris\`, or use \`UTC\``,
      argIndex,
    );
  }
  const zone = loadZone(tz);
  if (!zone) throw new BuiltinError(`${name}: unknown time zone ${tz}`, argIndex);
  return zone;
}

function readWall(name: string, v: Value, argIndex: number): WallTime {
  const t = readTimeArg(name, v, argIndex);
  return wallTime(t.ns, t.zone);
}

function readInt(name: string, v: Value, argIndex: number): number {
  if (typeof v === "bigint") return Number(v);
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new BuiltinError(`${name}: operand ${argIndex + 1} must be integer number but got floating-point number`, argIndex, "type_error");
  }
  return v;
}

function nsValue(ns: bigint): Value {
  return normNumber(ns);
}

const TIME_ARG = ["number", "array"] as const;

export const timeParseNs = defineBuiltin({
  name: "time.parse_ns",
  family: "time",
  description: "Nanoseconds since the Unix epoch of `value`, read with a Go reference-time `layout` (`2006-01-02T15:04:05Z07:00`).",
  args: [
    { name: "layout", type: "string" },
    { name: "value", type: "string" },
  ],
  result: "number",
  deterministic: true,
  impl: ([layout, value]) => parseWith("time.parse_ns", layout as string, value as string, 1),
});

export const timeParseRfc3339Ns = defineBuiltin({
  name: "time.parse_rfc3339_ns",
  family: "time",
  description: "Nanoseconds since the Unix epoch of an RFC 3339 timestamp (`2026-11-02T10:15:00Z`).",
  args: [{ name: "value", type: "string" }],
  result: "number",
  deterministic: true,
  impl: ([value]) => parseWith("time.parse_rfc3339_ns", RFC3339, value as string, 0),
});

function parseWith(name: string, layout: string, value: string, argIndex: number): Value {
  let ns: bigint | undefined;
  try {
    ns = parseGoLayout(layout, value);
  } catch (e) {
    if (e instanceof LayoutParseError) throw new BuiltinError(`${name}: ${e.message}`, argIndex);
    throw e;
  }
  if (ns === undefined) throw new BuiltinError(`${name}: time outside of valid range`, argIndex);
  return nsValue(ns);
}

export const timeParseDurationNs = defineBuiltin({
  name: "time.parse_duration_ns",
  family: "time",
  description: "Nanoseconds in a Go duration (`1h30m`, `1.5h`, `300ms`, `-2µs`).",
  args: [{ name: "duration", type: "string" }],
  result: "number",
  deterministic: true,
  impl: ([duration]) => {
    try {
      return nsValue(parseGoDuration(duration as string));
    } catch (e) {
      if (e instanceof DurationError) throw new BuiltinError(`time.parse_duration_ns: ${e.message}`, 0);
      throw e;
    }
  },
});

export const timeDate = defineBuiltin({
  name: "time.date",
  family: "time",
  description: "`[year, month, day]` of a timestamp (`ns`, or `[ns, tz]` with an IANA zone name).",
  args: [{ name: "x", type: TIME_ARG }],
  result: "array",
  deterministic: true,
  impl: ([x]) => {
    const t = readWall("time.date", x!, 0);
    return [t.year, t.month, t.day];
  },
});

export const timeClock = defineBuiltin({
  name: "time.clock",
  family: "time",
  description: "`[hour, minute, second]` of a timestamp (`ns`, or `[ns, tz]` with an IANA zone name).",
  args: [{ name: "x", type: TIME_ARG }],
  result: "array",
  deterministic: true,
  impl: ([x]) => {
    const t = readWall("time.clock", x!, 0);
    return [t.hour, t.minute, t.second];
  },
});

export const timeWeekday = defineBuiltin({
  name: "time.weekday",
  family: "time",
  description: "The day of the week of a timestamp (`\"Monday\"`), from `ns` or `[ns, tz]`.",
  args: [{ name: "x", type: TIME_ARG }],
  result: "string",
  deterministic: true,
  impl: ([x]) => LONG_DAY_NAMES[readWall("time.weekday", x!, 0).weekday]!,
});

export const timeAddDate = defineBuiltin({
  name: "time.add_date",
  family: "time",
  description:
    "Adds years, months and days to a timestamp (UTC), normalising as Go does: January 31 plus one month is March 2 or 3. Undefined when the result leaves the nanosecond range.",
  args: [
    { name: "ns", type: "number" },
    { name: "years", type: "number" },
    { name: "months", type: "number" },
    { name: "days", type: "number" },
  ],
  result: "number",
  deterministic: true,
  impl: ([ns, years, months, days]) => {
    const name = "time.add_date";
    const t = wallTime(readNs(name, ns as number | bigint, 0), UTC);
    const y = readInt(name, years!, 1);
    const m = readInt(name, months!, 2);
    const d = readInt(name, days!, 3);
    // Far beyond ±292 years either way: certainly outside the range, and beyond float precision.
    if (Math.abs(y) > 1e6 || Math.abs(m) > 1e7 || Math.abs(d) > 1e9) return undefined;
    const seconds = civilToUnixSeconds(t.year + y, t.month + m, t.day + d, t.hour, t.minute, t.second);
    const out = toNs(seconds, t.nanosecond);
    return out === undefined ? undefined : nsValue(out);
  },
});

export const timeDiff = defineBuiltin({
  name: "time.diff",
  family: "time",
  description:
    "`[years, months, days, hours, minutes, seconds]` between two timestamps (each `ns` or `[ns, tz]`), in the first one's zone, as OPA computes it.",
  args: [
    { name: "ns1", type: TIME_ARG },
    { name: "ns2", type: TIME_ARG },
  ],
  result: "array",
  deterministic: true,
  impl: ([a, b]) => {
    const t1 = readTimeArg("time.diff", a!, 0);
    const t2 = readTimeArg("time.diff", b!, 1);
    // Both in the first one's zone; then the earlier one first.
    const [lo, hi] = t1.ns <= t2.ns ? [t1.ns, t2.ns] : [t2.ns, t1.ns];
    const w1 = wallTime(lo, t1.zone);
    const w2 = wallTime(hi, t1.zone);
    let year = w2.year - w1.year;
    let month = w2.month - w1.month;
    let day = w2.day - w1.day;
    let hour = w2.hour - w1.hour;
    let min = w2.minute - w1.minute;
    let sec = w2.second - w1.second;
    if (sec < 0) {
      sec += 60;
      min--;
    }
    if (min < 0) {
      min += 60;
      hour--;
    }
    if (hour < 0) {
      hour += 24;
      day--;
    }
    if (day < 0) {
      // Borrow the days of the earlier time's month (OPA: 32 minus the day that day 32 normalises to).
      day += daysIn(w1.month, w1.year);
      month--;
    }
    if (month < 0) {
      month += 12;
      year--;
    }
    return [year, month, day, hour, min, sec];
  },
});

export const timeFormat = defineBuiltin({
  name: "time.format",
  family: "time",
  description:
    "A timestamp as text: `ns`, `[ns, tz]` or `[ns, tz, layout]` (a Go layout or a Go layout name such as `RFC822`); RFC 3339 with nanoseconds by default.",
  args: [{ name: "x", type: TIME_ARG }],
  result: "string",
  deterministic: true,
  impl: ([x]) => {
    const t = readTimeArg("time.format", x!, 0);
    return formatGoLayout(wallTime(t.ns, t.zone), t.layout);
  },
});

/** The `time` family. */
export const TIME: readonly BuiltinDef[] = [
  timeAddDate,
  timeClock,
  timeDate,
  timeDiff,
  timeFormat,
  timeParseDurationNs,
  timeParseNs,
  timeParseRfc3339Ns,
  timeWeekday,
];
