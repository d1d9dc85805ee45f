/**
 * IANA time zones by name, through the ICU data Node ships (`Intl`), so no
 * time zone database is read from the machine. A zone answers one question:
 * its UTC offset and abbreviation at a given instant. Abbreviations come
 * from a table generated from the tz database (`tz-abbreviations.ts`), as Go
 * prints them.
 */
import { TZ_ABBREVIATIONS } from "./tz-abbreviations.js";

/** A time zone: its offset (seconds east of UTC) and abbreviation at a Unix second. */
export interface Zone {
  readonly name: string;
  at(unixSeconds: number): { readonly offset: number; readonly abbrev: string };
}

/** Coordinated Universal Time. */
export const UTC: Zone = { name: "UTC", at: () => UTC_AT };
const UTC_AT = { offset: 0, abbrev: "UTC" };

const zones = new Map<string, Zone>();

/**
 * The zone called `name` (`Europe/Paris`, `America/New_York`), or
 * `undefined` when ICU does not know it. `""` and `"UTC"` are UTC, as in OPA.
 * `"Local"` is not a zone here: it would make results depend on the machine.
 */
export function loadZone(name: string): Zone | undefined {
  if (name === "" || name === "UTC") return UTC;
  if (name === "Local") return undefined;
  let zone = zones.get(name);
  if (!zone) {
    let clock: Intl.DateTimeFormat;
    try {
      clock = new Intl.DateTimeFormat("en-US", {
        timeZone: name,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      return undefined;
    }
    // ICU matches names case-insensitively; Go's LoadLocation opens a file (or zip entry) of that exact name,
    // so `utc` or `america/new_york` is an unknown zone under OPA.
    const resolved = clock.resolvedOptions().timeZone;
    if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) return undefined;
    zone = new IntlZone(name, clock);
    zones.set(name, zone);
  }
  return zone;
}

class IntlZone implements Zone {
  private readonly abbrevs = new Map<number, string>();

  constructor(
    readonly name: string,
    private readonly clock: Intl.DateTimeFormat,
  ) {}

  at(unixSeconds: number): { offset: number; abbrev: string } {
    const ms = unixSeconds * 1000;
    const [y, mo, d, h, mi, s] = this.wallFields(ms);
    const wall = Date.UTC(y, mo - 1, d, h, mi, s);
    const offset = Math.round((wall - ms) / 1000);
    let abbrev = this.abbrevs.get(offset);
    if (abbrev === undefined) {
      abbrev = abbreviation(this.name, ms, offset);
      this.abbrevs.set(offset, abbrev);
    }
    return { offset, abbrev };
  }

  /** Year, month, day, hour, minute, second on the zone's wall clock at `ms`. */
  private wallFields(ms: number): [number, number, number, number, number, number] {
    // `format` is about three times faster than `formatToParts`; its en-US shape is fixed: "11/4/2035, 21:58:45".
    const m = WALL_TEXT.exec(this.clock.format(ms));
    if (m) return [Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])];
    const fields: [number, number, number, number, number, number] = [0, 0, 0, 0, 0, 0];
    const slot: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = { year: 0, month: 1, day: 2, hour: 3, minute: 4, second: 5 };
    for (const p of this.clock.formatToParts(ms)) {
      const i = slot[p.type];
      if (i !== undefined) fields[i] = Number(p.value);
    }
    return fields;
  }
}

const WALL_TEXT = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/;

/**
 * The zone's abbreviation as the tz database names it, as Go prints it for
 * `MST`: the letters of `TZ_ABBREVIATIONS` (generated from the tz database:
 * `IST`, `CEST`, `JST`), else the offset as the tz database writes it
 * (`+04`, `+0530`). Only a zone that table does not know (newer than its tz
 * database) falls back to ICU's English names.
 */
function abbreviation(zone: string, ms: number, offset: number): string {
  const known = Object.hasOwn(TZ_ABBREVIATIONS, zone) ? TZ_ABBREVIATIONS[zone]! : undefined;
  if (known !== undefined) return known[offset] ?? numericAbbreviation(offset);
  const locales = ["en-US"];
  if (zone.startsWith("Europe/")) locales.push("en-GB");
  if (zone.startsWith("Australia/")) locales.push("en-AU");
  for (const locale of locales) {
    const part = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "short" })
      .formatToParts(ms)
      .find((p) => p.type === "timeZoneName")?.value;
    if (part && /^[A-Z]{3,5}$/.test(part)) return part;
  }
  return numericAbbreviation(offset);
}

/** The tz database's abbreviation of a zone without letters for `offset`: `+04`, `-0330`. */
function numericAbbreviation(offset: number): string {
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 3600)).padStart(2, "0");
  const mm = Math.floor((abs % 3600) / 60);
  return sign + hh + (mm ? String(mm).padStart(2, "0") : "");
}
