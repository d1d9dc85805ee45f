import { describe, expect, it } from "vitest";
import { call, expectError, utcNs } from "./call.js";

// Expected values: the conformance cases (shared/conformance/regorus/builtins/time/*.yaml),
// Go's documented behaviour, and instants computed with JS's own Date.UTC.

const T = 1703444325734390000n; // 2023-12-24T18:58:45.73439Z, the conformance files' timestamp

describe("time.add_date (conformance: add_date.yaml)", () => {
  const cases: [number, number, number, bigint][] = [
    [0, 0, 0, 1703444325734390000n],
    [1, 0, 0, 1735066725734390000n],
    [60, 0, 0, 3596900325734390000n],
    [-1, 0, 0, 1671908325734390000n],
    [-60, 0, 0, -190011674265610000n],
    [0, 1, 0, 1706122725734390000n],
    [0, 12, 0, 1735066725734390000n],
    [0, -1, 0, 1700852325734390000n],
    [0, -12, 0, 1671908325734390000n],
    [0, 15, 0, 1742842725734390000n],
    [0, 19, 0, 1753383525734390000n],
    [0, -15, 0, 1664045925734390000n],
    [0, -19, 0, 1653418725734390000n],
    [0, 0, 5, 1703876325734390000n],
    [0, 0, 16, 1704826725734390000n],
    [0, 0, -5, 1703012325734390000n],
    [0, 0, -16, 1702061925734390000n],
    [0, 0, 31, 1706122725734390000n],
    [0, 0, 37, 1706641125734390000n],
    [0, 0, -31, 1700765925734390000n],
    [0, 0, -37, 1700247525734390000n],
    [213, 6, 5, 8441261925734390000n],
    [5, 0, 6, 1861815525734390000n],
    [0, 3, 16, 1712689125734390000n],
    [7, 3, 0, 1932145125734390000n],
    [10, 2, 16, 2025802725734390000n],
    [10, 14, 16, 2057338725734390000n],
    [10, 14, 75, 2062436325734390000n],
    [-213, -6, -5, -5034459674265610000n],
    [-5, 0, -6, 1545159525734390000n],
    [0, -3, -16, 1694199525734390000n],
    [-7, -3, 0, 1474743525734390000n],
    [-10, -2, -16, 1381258725734390000n],
    [-10, -14, -16, 1349722725734390000n],
    [-10, -14, -75, 1344625125734390000n],
    [-213, 6, -5, -5002923674265610000n],
    [5, 0, -6, 1860778725734390000n],
    [8, -3, 0, 1948042725734390000n],
    [-10, 2, 16, 1394650725734390000n],
    [-10, 14, -16, 1423421925734390000n],
    [10, 14, -75, 2049476325734390000n],
  ];
  it.each(cases)("adds %i years, %i months, %i days", (y, m, d, want) => {
    expect(call("time.add_date", T, y, m, d)).toBe(want);
  });

  it("is undefined when the result leaves the int64 nanosecond range", () => {
    expect(call("time.add_date", T, 2147483647, 0, 0)).toBeUndefined();
    expect(call("time.add_date", T, -2147483647, 0, 0)).toBeUndefined();
    expect(call("time.add_date", T, 239, 0, 0)).toBeUndefined(); // 2262-12-24 is past 2262-04-11
  });

  it("normalises month ends as Go's time.Date: Jan 31 + 1 month is Mar 3 (Mar 2 in a leap year)", () => {
    expect(call("time.add_date", utcNs(2023, 1, 31), 0, 1, 0)).toBe(utcNs(2023, 3, 3));
    expect(call("time.add_date", utcNs(2024, 1, 31), 0, 1, 0)).toBe(utcNs(2024, 3, 2));
    expect(call("time.add_date", utcNs(2024, 2, 29), 1, 0, 0)).toBe(utcNs(2025, 3, 1));
    expect(call("time.add_date", utcNs(2024, 3, 31), 0, -1, 0)).toBe(utcNs(2024, 3, 2));
  });

  it("keeps the time of day and the nanoseconds", () => {
    expect(call("time.add_date", utcNs(2020, 6, 15, 13, 14, 15, 123456789n), 0, 0, 1)).toBe(utcNs(2020, 6, 16, 13, 14, 15, 123456789n));
  });

  it("rejects non-integer amounts and timestamps", () => {
    expectError("time.add_date", [T, 1.5, 0, 0], { code: "type_error", argIndex: 1, message: "must be integer number" });
    expectError("time.add_date", [T, 0, 0, 0.5], { code: "type_error", argIndex: 3 });
    expectError("time.add_date", [0.5, 0, 0, 0], { code: "builtin_error", argIndex: 0 });
    expectError("time.add_date", ["1703444325734390000", 0, 0, 0], { code: "type_error", argIndex: 0 });
  });
});

describe("time.date, time.clock, time.weekday", () => {
  it("conformance: date.yaml", () => {
    expect(call("time.date", T)).toEqual([2023, 12, 24]);
    expect(call("time.date", [1257894000000000000n, "UTC"])).toEqual([2009, 11, 10]);
    expect(call("time.date", [1703896119423491000n, ""])).toEqual([2023, 12, 30]);
  });

  it("reads the clock and the weekday", () => {
    expect(call("time.clock", T)).toEqual([18, 58, 45]);
    expect(call("time.weekday", T)).toBe("Sunday");
    expect(call("time.weekday", 0)).toBe("Thursday");
    expect(call("time.weekday", utcNs(2000, 1, 1))).toBe("Saturday");
  });

  it("handles leap days and times before the epoch", () => {
    expect(call("time.date", utcNs(2024, 2, 29, 23, 59, 59))).toEqual([2024, 2, 29]);
    expect(call("time.weekday", utcNs(2024, 2, 29))).toBe("Thursday");
    expect(call("time.date", utcNs(1900, 3, 1))).toEqual([1900, 3, 1]); // 1900 is not a leap year
    expect(call("time.date", -1)).toEqual([1969, 12, 31]);
    expect(call("time.clock", -1)).toEqual([23, 59, 59]);
  });

  it("uses the named zone, across DST transitions", () => {
    // US spring forward, 2024-03-10: 07:00Z is 03:00 EDT; one second earlier is 01:59:59 EST.
    expect(call("time.clock", [utcNs(2024, 3, 10, 6, 59, 59), "America/New_York"])).toEqual([1, 59, 59]);
    expect(call("time.clock", [utcNs(2024, 3, 10, 7), "America/New_York"])).toEqual([3, 0, 0]);
    // Fall back, 2024-11-03: 01:30 happens twice, at 05:30Z (EDT) and 06:30Z (EST).
    expect(call("time.clock", [utcNs(2024, 11, 3, 5, 30), "America/New_York"])).toEqual([1, 30, 0]);
    expect(call("time.clock", [utcNs(2024, 11, 3, 6, 30), "America/New_York"])).toEqual([1, 30, 0]);
    // The date changes with the zone.
    expect(call("time.date", [utcNs(2024, 1, 1, 2), "America/Los_Angeles"])).toEqual([2023, 12, 31]);
    expect(call("time.weekday", [utcNs(2024, 1, 1, 2), "America/Los_Angeles"])).toBe("Sunday");
    expect(call("time.clock", [utcNs(2024, 1, 1), "Asia/Kolkata"])).toEqual([5, 30, 0]);
  });

  it("rejects malformed timestamps and zones", () => {
    expectError("time.date", ["1703444325734390000"], { code: "type_error", argIndex: 0 });
    expectError("time.date", [[]], { code: "type_error", argIndex: 0 });
    expectError("time.date", [["x", "UTC"]], { code: "type_error", argIndex: 0 });
    expectError("time.date", [[0, 5]], { code: "type_error", argIndex: 0 });
    expectError("time.date", [[0, "Mars/Olympus"]], { code: "builtin_error", argIndex: 0, message: "unknown time zone Mars/Olympus" });
    expectError("time.clock", [[0, "Local"]], { code: "builtin_error", argIndex: 0, message: "name a zone" });
    expectError("time.weekday", [1.5], { code: "builtin_error", argIndex: 0, message: "integer" });
    expectError("time.date", [2n ** 63n], { code: "builtin_error", argIndex: 0, message: "timestamp too big" });
  });
});

describe("time.format", () => {
  it("formats RFC 3339 with nanoseconds by default, trailing zeros trimmed (Go's RFC3339Nano)", () => {
    // format.yaml expects "…45.734390Z" (regorus trims to microseconds); Go's RFC3339Nano trims every trailing zero.
    expect(call("time.format", T)).toBe("2023-12-24T18:58:45.73439Z");
    expect(call("time.format", 1257894000000000000n)).toBe("2009-11-10T23:00:00Z");
    expect(call("time.format", [1257894000000000000n, ""])).toBe("2009-11-10T23:00:00Z");
    expect(call("time.format", -1)).toBe("1969-12-31T23:59:59.999999999Z");
  });

  it("conformance: format.yaml with layouts", () => {
    expect(call("time.format", [T, "UTC", "2006-01-02T15:04:05"])).toBe("2023-12-24T18:58:45");
    expect(call("time.format", [1257894000000000000n, "", "02/01/2006 15:04"])).toBe("10/11/2009 23:00");
  });

  it("formats Go's named layouts and layout elements", () => {
    const t = 1257894000000000000n; // 2009-11-10T23:00:00Z, Go's playground time
    expect(call("time.format", [t, "UTC", "UnixDate"])).toBe("Tue Nov 10 23:00:00 UTC 2009");
    expect(call("time.format", [t, "UTC", "RFC1123"])).toBe("Tue, 10 Nov 2009 23:00:00 UTC");
    expect(call("time.format", [t, "UTC", "RFC1123Z"])).toBe("Tue, 10 Nov 2009 23:00:00 +0000");
    expect(call("time.format", [t, "UTC", "RFC822"])).toBe("10 Nov 09 23:00 UTC");
    expect(call("time.format", [t, "UTC", "RFC850"])).toBe("Tuesday, 10-Nov-09 23:00:00 UTC");
    expect(call("time.format", [t, "UTC", "3:04PM"])).toBe("11:00PM");
    expect(call("time.format", [t, "UTC", "03:04 pm Monday January"])).toBe("11:00 pm Tuesday November");
    expect(call("time.format", [utcNs(2009, 11, 5), "UTC", "ANSIC"])).toBe("Thu Nov  5 00:00:00 2009");
    expect(call("time.format", [utcNs(2024, 12, 31), "UTC", "2006.002 __2"])).toBe("2024.366 366");
    expect(call("time.format", [utcNs(2024, 1, 5), "UTC", "002|__2|_2|2|1|01"])).toBe("005|  5| 5|5|1|01");
    expect(call("time.format", [utcNs(2024, 1, 5, 0, 0, 0), "UTC", "3 03 15 PM"])).toBe("12 12 00 AM");
  });

  it("formats fractional seconds: .000 keeps zeros, .999 trims them, a comma works too", () => {
    const t = utcNs(2024, 1, 1, 0, 0, 5, 120000000n);
    expect(call("time.format", [t, "UTC", "05.000"])).toBe("05.120");
    expect(call("time.format", [t, "UTC", "05.999"])).toBe("05.12");
    expect(call("time.format", [t, "UTC", "05,000000"])).toBe("05,120000");
    expect(call("time.format", [utcNs(2024, 1, 1, 0, 0, 5), "UTC", "05.999"])).toBe("05");
  });

  it("formats offsets and abbreviations in named zones", () => {
    expect(call("time.format", [utcNs(2024, 3, 10, 6, 59, 59), "America/New_York"])).toBe("2024-03-10T01:59:59-05:00");
    expect(call("time.format", [utcNs(2024, 3, 10, 7), "America/New_York"])).toBe("2024-03-10T03:00:00-04:00");
    expect(call("time.format", [utcNs(2024, 3, 10, 7), "America/New_York", "15:04 MST -0700 Z07:00 -07"])).toBe("03:00 EDT -0400 -04:00 -04");
    expect(call("time.format", [utcNs(2024, 1, 1), "Asia/Kolkata"])).toBe("2024-01-01T05:30:00+05:30");
    expect(call("time.format", [utcNs(2024, 7, 1), "Europe/Paris", "MST Z0700"])).toBe("CEST +0200");
    expect(call("time.format", [utcNs(2024, 7, 1), "UTC", "MST Z0700 -0700 Z07:00:00"])).toBe("UTC Z +0000 Z");
  });

  it("names zones as the tz database does (Go's `MST`), not as ICU does", () => {
    // Abbreviations of the tz database (its `northamerica`, `asia`, `europe`, `australasia` files), which Go reads.
    const june = utcNs(2024, 6, 13, 12);
    const january = utcNs(2024, 1, 15, 12);
    const names = (t: ReturnType<typeof utcNs>, zones: string[]) => zones.map((z) => call("time.format", [t, z, "MST"]));
    expect(names(june, ["Asia/Kolkata", "Asia/Tokyo", "Asia/Shanghai", "Europe/Moscow", "Pacific/Auckland", "Africa/Johannesburg"])).toEqual(["IST", "JST", "CST", "MSK", "NZST", "SAST"]);
    // Irish Standard Time is the summer one; London has BST; St John's its half-hour NDT/NST.
    expect(names(june, ["Europe/Dublin", "Europe/London", "America/St_Johns"])).toEqual(["IST", "BST", "NDT"]);
    expect(names(january, ["Europe/Dublin", "Europe/London", "America/St_Johns", "Europe/Paris", "Pacific/Auckland"])).toEqual(["GMT", "GMT", "NST", "CET", "NZDT"]);
    // Zones the tz database names by their offset only: `+04`, `+0530`-style, never ICU's `GMT+4`.
    expect(names(june, ["Asia/Dubai", "Australia/Lord_Howe", "America/Sao_Paulo", "Asia/Kathmandu"])).toEqual(["+04", "+1030", "-03", "+0545"]);
    expect(names(january, ["Australia/Lord_Howe"])).toEqual(["+11"]);
  });

  it("rejects a layout that is not a string", () => {
    expectError("time.format", [[T, "UTC", 42]], { code: "type_error", argIndex: 0 });
  });
});

describe("time.parse_ns (conformance: parse_ns.yaml)", () => {
  it("parses with Go layouts", () => {
    expect(call("time.parse_ns", "2006-01-02T15:04:05", "2016-05-10T19:06:42")).toBe(1462907202000000000n);
    expect(call("time.parse_ns", "2006-01-02 15:04:05", "2015-09-05 23:56:04")).toBe(1441497364000000000n);
  });

  it("reads back what time.format wrote", () => {
    const layout = "2006-01-02T15:04:05.999999999";
    const text = call("time.format", [T, "UTC", layout]) as string;
    expect(call("time.parse_ns", layout, text)).toBe(T);
  });

  it("applies numeric offsets and reads fractions the layout does not mention", () => {
    expect(call("time.parse_ns", "2006-01-02T15:04:05Z07:00", "2016-05-10T19:06:42+02:00")).toBe(utcNs(2016, 5, 10, 17, 6, 42));
    expect(call("time.parse_ns", "2006-01-02T15:04:05Z07:00", "2016-05-10T19:06:42Z")).toBe(utcNs(2016, 5, 10, 19, 6, 42));
    expect(call("time.parse_ns", "2006-01-02 15:04:05 -0700", "2016-05-10 19:06:42 -0130")).toBe(utcNs(2016, 5, 10, 20, 36, 42));
    expect(call("time.parse_ns", "2006-01-02 15:04:05", "2015-09-05 23:56:04.123")).toBe(utcNs(2015, 9, 5, 23, 56, 4, 123000000n));
    expect(call("time.parse_ns", "2006-01-02 15:04:05.000", "2015-09-05 23:56:04.007")).toBe(utcNs(2015, 9, 5, 23, 56, 4, 7000000n));
  });

  it("parses month and day names, padded days, 12-hour clocks and year days", () => {
    expect(call("time.parse_ns", "Mon Jan _2 15:04:05 2006", "Thu Nov  5 23:00:00 2009")).toBe(utcNs(2009, 11, 5, 23));
    expect(call("time.parse_ns", "January 2, 2006 3:04PM", "march 7, 2021 4:05PM")).toBe(utcNs(2021, 3, 7, 16, 5));
    expect(call("time.parse_ns", "2006-01-02 3:04 PM", "2021-03-07 12:05 AM")).toBe(utcNs(2021, 3, 7, 0, 5));
    expect(call("time.parse_ns", "2006 002", "2024 060")).toBe(utcNs(2024, 2, 29));
    expect(call("time.parse_ns", "02 Jan 06", "10 Nov 68")).toBe(utcNs(2068, 11, 10));
    expect(call("time.parse_ns", "02 Jan 06", "10 Nov 69")).toBe(utcNs(1969, 11, 10));
  });

  it("reads a zone abbreviation as naming no offset (UTC)", () => {
    expect(call("time.parse_ns", "Mon Jan _2 15:04:05 MST 2006", "Tue Nov 10 23:00:00 PST 2009")).toBe(1257894000000000000n);
  });

  it("reports Go's parse errors", () => {
    expectError("time.parse_ns", ["2006-01-02", "x"], {
      code: "builtin_error",
      argIndex: 1,
      message: 'parsing time "x" as "2006-01-02": cannot parse "x" as "2006"',
    });
    expectError("time.parse_ns", ["2006-01-02", "2016-13-10"], { code: "builtin_error", argIndex: 1, message: 'parsing time "2016-13-10": month out of range' });
    expectError("time.parse_ns", ["2006-01-02", "2023-02-29"], { code: "builtin_error", argIndex: 1, message: 'parsing time "2023-02-29": day out of range' });
    expectError("time.parse_ns", ["2006-01-02", "2016-05-10 junk"], { code: "builtin_error", argIndex: 1, message: 'extra text: " junk"' });
    expectError("time.parse_ns", ["15:04", "25:00"], { code: "builtin_error", argIndex: 1, message: "hour out of range" });
    expectError("time.parse_ns", ["2006-01-02T15:04:05", 1703444325734390000n], { code: "type_error", argIndex: 1 });
  });

  it("rejects a time outside the nanosecond range", () => {
    // No year in the layout means year 0, as in Go.
    expectError("time.parse_ns", ["3:04PM", "11:30PM"], { code: "builtin_error", argIndex: 1, message: "time outside of valid range" });
  });
});

describe("time.parse_rfc3339_ns (conformance: parse_rfc3339_ns.yaml)", () => {
  it("parses RFC 3339 timestamps", () => {
    expect(call("time.parse_rfc3339_ns", "1985-04-12T23:20:50.52Z")).toBe(482196050520000000n);
    expect(call("time.parse_rfc3339_ns", "1996-12-19T16:39:57-08:00")).toBe(851042397000000000n);
    expect(call("time.parse_rfc3339_ns", "2026-11-02T10:15:00Z")).toBe(utcNs(2026, 11, 2, 10, 15));
  });

  it("reaches exactly the ends of the int64 range", () => {
    expect(call("time.parse_rfc3339_ns", "2262-04-11T23:47:16.854775807Z")).toBe(2n ** 63n - 1n);
    expect(call("time.parse_rfc3339_ns", "1677-09-21T00:12:43.145224192Z")).toBe(-(2n ** 63n));
    expectError("time.parse_rfc3339_ns", ["2262-04-11T23:47:16.854775808Z"], { code: "builtin_error", argIndex: 0, message: "time outside of valid range" });
  });

  it("rejects text that is not RFC 3339", () => {
    expectError("time.parse_rfc3339_ns", ["2026-11-02"], { code: "builtin_error", argIndex: 0, message: 'cannot parse "" as "T"' });
    expectError("time.parse_rfc3339_ns", ["2026-11-02T10:15:00"], { code: "builtin_error", argIndex: 0, message: 'as "Z07:00"' });
    expectError("time.parse_rfc3339_ns", [482196050520000000], { code: "type_error", argIndex: 0 });
  });
});

describe("time.parse_duration_ns (conformance: parse_duration_ns.yaml)", () => {
  it("parses simple and compound durations", () => {
    expect(call("time.parse_duration_ns", "1h")).toBe(3600000000000);
    expect(call("time.parse_duration_ns", "5m")).toBe(300000000000);
    expect(call("time.parse_duration_ns", "45s")).toBe(45000000000);
    expect(call("time.parse_duration_ns", "15ms")).toBe(15000000);
    expect(call("time.parse_duration_ns", "1h6m13.3s20ms15µs1ns")).toBe(3973320015001);
    expect(call("time.parse_duration_ns", "1.2h20.2ms15µs56ns")).toBe(4320020215056);
    expect(call("time.parse_duration_ns", "45.67s123ms")).toBe(45793000000);
    expect(call("time.parse_duration_ns", "15.000001ms")).toBe(15000001);
  });

  it("accepts Go's forms: signs, fractions, both micro signs, a bare zero", () => {
    expect(call("time.parse_duration_ns", "1h30m")).toBe(5400000000000);
    expect(call("time.parse_duration_ns", "1.5h")).toBe(5400000000000);
    expect(call("time.parse_duration_ns", "-2µs")).toBe(-2000);
    expect(call("time.parse_duration_ns", "1us")).toBe(1000);
    expect(call("time.parse_duration_ns", "1\u03bcs")).toBe(1000);
    expect(call("time.parse_duration_ns", "+5s")).toBe(5000000000);
    expect(call("time.parse_duration_ns", ".5s")).toBe(500000000);
    expect(call("time.parse_duration_ns", "1.s")).toBe(1000000000);
    expect(call("time.parse_duration_ns", "0")).toBe(0);
    expect(call("time.parse_duration_ns", "2562047h47m16.854775807s")).toBe(2n ** 63n - 1n);
    expect(call("time.parse_duration_ns", "-9223372036854775808ns")).toBe(-(2n ** 63n));
  });

  it("reports Go's errors", () => {
    expectError("time.parse_duration_ns", [""], { code: "builtin_error", argIndex: 0, message: 'time: invalid duration ""' });
    expectError("time.parse_duration_ns", ["1"], { code: "builtin_error", argIndex: 0, message: 'time: missing unit in duration "1"' });
    expectError("time.parse_duration_ns", ["1d"], { code: "builtin_error", argIndex: 0, message: 'time: unknown unit "d" in duration "1d"' });
    expectError("time.parse_duration_ns", [".s"], { code: "builtin_error", argIndex: 0, message: 'time: invalid duration ".s"' });
    expectError("time.parse_duration_ns", ["9223372036854775808ns"], { code: "builtin_error", argIndex: 0, message: "invalid duration" });
    expectError("time.parse_duration_ns", ["2562047h47m16.854775808s"], { code: "builtin_error", argIndex: 0, message: "invalid duration" });
    expectError("time.parse_duration_ns", ["1é"], { code: "builtin_error", argIndex: 0, message: 'unknown unit "\\xc3\\xa9"' });
    expectError("time.parse_duration_ns", [100], { code: "type_error", argIndex: 0 });
  });
});

describe("time.diff", () => {
  it("counts calendar fields between two times, in either order", () => {
    const a = utcNs(1970, 1, 1);
    const b = utcNs(2000, 2, 29, 12, 30, 45);
    expect(call("time.diff", a, b)).toEqual([30, 1, 28, 12, 30, 45]);
    expect(call("time.diff", b, a)).toEqual([30, 1, 28, 12, 30, 45]);
    expect(call("time.diff", a, a)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("borrows as OPA does: days from the earlier month, hours from the day", () => {
    // Jan 31 → Mar 1 (2024): months 2, days −30 → borrow January's 31 days → 1 month 1 day.
    expect(call("time.diff", utcNs(2024, 1, 31), utcNs(2024, 3, 1))).toEqual([0, 1, 1, 0, 0, 0]);
    // 23:59:59 → next day 00:00:00 is one second.
    expect(call("time.diff", utcNs(2023, 12, 31, 23, 59, 59), utcNs(2024, 1, 1))).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it("reads both times in the first one's zone", () => {
    // Across the spring-forward gap in New York: 01:00 EST to 04:00 EDT is three wall-clock hours.
    const a = [utcNs(2024, 3, 10, 6), "America/New_York"];
    const b = utcNs(2024, 3, 10, 8);
    expect(call("time.diff", a, b)).toEqual([0, 0, 0, 3, 0, 0]);
    expect(call("time.diff", b, a)).toEqual([0, 0, 0, 2, 0, 0]); // in UTC: 06:00 to 08:00
  });

  it("rejects malformed arguments", () => {
    expectError("time.diff", [0, "x"], { code: "type_error", argIndex: 1 });
    expectError("time.diff", [0, [0, "Nowhere/Zone"]], { code: "builtin_error", argIndex: 1, message: "unknown time zone" });
  });
});
