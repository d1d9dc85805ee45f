/**
 * `parseGoLayout` reads plain RFC 3339 (`context.now`) without the general
 * port of Go's `time.Parse`. These tests hold the shortcut to the full
 * reader on generated timestamps, plain ones and near misses alike, and to
 * an independent clock (`Date.UTC`) on the plain ones.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LayoutParseError, parseGoLayout, parseGoLayoutInFull } from "../../src/builtins/go-time-parse.js";
import { RFC3339 } from "../../src/builtins/go-time-layout.js";
import { propertySettings } from "../properties/settings.js";

/** The outcome of a read: the nanoseconds, `undefined` (out of range), or the error's message. */
function outcome(read: () => bigint | undefined): bigint | undefined | string {
  try {
    return read();
  } catch (e) {
    if (e instanceof LayoutParseError) return `error: ${e.message}`;
    throw e;
  }
}

const pad = (n: number, w: number) => String(n).padStart(w, "0");

/** Plain timestamps, with fields occasionally out of range (day 31 in April, hour 24, second 60, offset 24:00). */
const timestamp = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    min: fc.integer({ min: 0, max: 60 }),
    sec: fc.integer({ min: 0, max: 60 }),
    fraction: fc.option(fc.stringMatching(/^[0-9]{1,11}$/), { nil: undefined }),
    separator: fc.constantFrom(".", ",", "."),
    zone: fc.oneof(fc.constant("Z"), fc.constant("z"), fc.record({ sign: fc.constantFrom("+", "-"), h: fc.integer({ min: 0, max: 25 }), m: fc.integer({ min: 0, max: 60 }) })),
  })
  .map((t) => {
    const zone = typeof t.zone === "string" ? t.zone : `${t.zone.sign}${pad(t.zone.h, 2)}:${pad(t.zone.m, 2)}`;
    const fraction = t.fraction === undefined ? "" : `${t.separator}${t.fraction}`;
    return `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.min, 2)}:${pad(t.sec, 2)}${fraction}${zone}`;
  });

/** A plain timestamp with one character changed, dropped or added. */
const nearMiss = fc.tuple(timestamp, fc.nat(), fc.constantFrom("", "0", "9", "-", ":", "T", " ", "Z", ".", "+")).map(([s, at, c]) => {
  const i = at % (s.length + 1);
  return at % 2 === 0 ? s.slice(0, i) + c + s.slice(i + 1) : s.slice(0, i) + c + s.slice(i);
});

describe("the plain RFC 3339 shortcut of parseGoLayout", () => {
  it("gives what the full reader gives, errors included, on plain timestamps and near misses", () => {
    fc.assert(
      fc.property(fc.oneof(timestamp, nearMiss), (s) => {
        expect(outcome(() => parseGoLayout(RFC3339, s))).toEqual(outcome(() => parseGoLayoutInFull(RFC3339, s)));
      }),
      propertySettings(3000),
    );
  });

  it("agrees with Date.UTC on valid timestamps of this era", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2199-12-31T23:59:59Z"), noInvalidDate: true }), fc.integer({ min: -1439, max: 1439 }), (d, offsetMin) => {
        const local = new Date(d.getTime() + offsetMin * 60_000);
        const sign = offsetMin < 0 ? "-" : "+";
        const abs = Math.abs(offsetMin);
        const text = `${local.toISOString().slice(0, 23)}${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
        expect(parseGoLayout(RFC3339, text)).toBe(BigInt(d.getTime()) * 1_000_000n);
      }),
      propertySettings(1000),
    );
  });

  it("keeps nanoseconds and the ends of the range exact", () => {
    expect(parseGoLayout(RFC3339, "2026-11-02T10:15:00.000000001Z")).toBe(BigInt(Date.UTC(2026, 10, 2, 10, 15)) * 1_000_000n + 1n);
    expect(parseGoLayout(RFC3339, "2262-04-11T23:47:16.854775807Z")).toBe(2n ** 63n - 1n);
    expect(parseGoLayout(RFC3339, "2262-04-11T23:47:16.854775808Z")).toBeUndefined();
  });
});
