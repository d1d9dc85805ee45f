/**
 * Proleptic Gregorian calendar arithmetic on Unix nanoseconds, the way Go's
 * `time` package does it: exact (bigint nanoseconds), no leap seconds, and
 * `Date(y, m, d, …)` normalisation (month 13 is January of the next year,
 * day 0 is the last day of the previous month).
 */
import type { Zone } from "./time-zone.js";

export const NS_PER_SECOND = 1_000_000_000n;
const SECONDS_PER_DAY = 86_400;

/** The range of an int64 of nanoseconds: what OPA's timestamps can hold. */
export const MIN_NS = -(2n ** 63n);
export const MAX_NS = 2n ** 63n - 1n;

export const LONG_MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

export const LONG_DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** A moment as a clock on the wall shows it in some zone. */
export interface WallTime {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  /** 1–31 */
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly nanosecond: number;
  /** 0 = Sunday */
  readonly weekday: number;
  /** 1–366 */
  readonly yearDay: number;
  /** Seconds east of UTC. */
  readonly offset: number;
  /** The zone's abbreviation at this moment (`UTC`, `EST`, `CEST`, …). */
  readonly zoneAbbrev: string;
}

/** True for a leap year of the proleptic Gregorian calendar. */
export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days in `month` (1–12) of `year`. */
export function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Days from 1970-01-01 to the given date (month 1–12, day 1–31; Howard Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date `days` after 1970-01-01. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Split nanoseconds into whole seconds (floored) and the nanoseconds within that second. */
export function splitNs(ns: bigint): { seconds: number; nanos: number } {
  let s = ns / NS_PER_SECOND;
  let n = ns % NS_PER_SECOND;
  if (n < 0n) {
    n += NS_PER_SECOND;
    s -= 1n;
  }
  return { seconds: Number(s), nanos: Number(n) };
}

/** The wall clock in `zone` at Unix time `ns`. */
export function wallTime(ns: bigint, zone: Zone): WallTime {
  const { seconds, nanos } = splitNs(ns);
  const { offset, abbrev } = zone.at(seconds);
  const local = seconds + offset;
  const days = Math.floor(local / SECONDS_PER_DAY);
  const secOfDay = local - days * SECONDS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor((secOfDay % 3600) / 60),
    second: secOfDay % 60,
    nanosecond: nanos,
    weekday: (((days + 4) % 7) + 7) % 7, // 1970-01-01 was a Thursday
    yearDay: days - daysFromCivil(year, 1, 1) + 1,
    offset,
    zoneAbbrev: abbrev,
  };
}

/**
 * Unix seconds of a UTC civil date-time, normalised as Go's `time.Date`
 * does: months beyond 1–12 carry into years, days and clock fields beyond
 * their range carry into the next larger field.
 */
export function civilToUnixSeconds(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const m0 = month - 1;
  const y = year + Math.floor(m0 / 12);
  const m = (((m0 % 12) + 12) % 12) + 1;
  const days = daysFromCivil(y, m, 1) + (day - 1);
  return days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
}

/** Nanoseconds from whole seconds and nanoseconds, or `undefined` outside the int64 range. */
export function toNs(seconds: number, nanos: number): bigint | undefined {
  if (!Number.isSafeInteger(seconds)) return undefined;
  const ns = BigInt(seconds) * NS_PER_SECOND + BigInt(nanos);
  return ns < MIN_NS || ns > MAX_NS ? undefined : ns;
}
