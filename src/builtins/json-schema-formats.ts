/**
 * The `format` values gojsonschema v1.2.0 checks (`format_checkers.go`),
 * each as it checks it: mostly with Go's own parsers (`time.Parse`,
 * `net.ParseIP`, `net/mail`, `net/url`, `regexp`). An unknown format always
 * passes, and formats apply to strings only.
 */
import { isGoMailAddress } from "./go-mail-address.js";
import { LayoutParseError, parseGoLayout } from "./go-time-parse.js";
import { RFC3339, RFC3339_NANO } from "./go-time-layout.js";
import { parseGoUrl } from "./go-url.js";
import { parseIp } from "./ip-address.js";
import { compileRegexTester } from "./pattern-cache.js";

// gojsonschema's patterns, matched with RE2 as Go's regexp does (linear time: `URI_TEMPLATE` would backtrack badly in JS).
const HOSTNAME = String.raw`^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9]))*$`;
// Whether v1.2.0's pattern has the `(?i)` (upper-case hex digits accepted) is from memory.
const UUID = "^(?i)[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$";
const URI_TEMPLATE = "^([^{]*({[^}]*})?)*$";
const JSON_POINTER = "^(?:/(?:[^~/]|~0|~1)*)*$";
const RELATIVE_JSON_POINTER = "^(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~0|~1)*)*)$";

/** Whether the RE2 pattern matches `s` (patterns compile on first use, through the shared cache). */
function re2Matches(pattern: string, s: string): boolean {
  const re = compileRegexTester(pattern);
  // INVARIANT: the patterns above are valid RE2.
  if (re instanceof Error) throw re;
  return re.test(s);
}

/** Whether Go's `time.Parse(layout, s)` accepts `s`. */
function parsesAs(layout: string, s: string): boolean {
  try {
    parseGoLayout(layout, s);
    // `undefined` means parsed, but outside the nanosecond range `parseGoLayout` returns: Go's `time.Time` holds it.
    return true;
  } catch (e) {
    if (e instanceof LayoutParseError) return false;
    throw e;
  }
}

/** `url.Parse(s)` succeeds and `s` has no backslash; the URL, if so. */
function goUri(s: string): { scheme: string; path: string } | undefined {
  const u = parseGoUrl(s);
  return typeof u === "string" || s.includes("\\") ? undefined : u;
}

const CHECKERS: ReadonlyMap<string, (s: string) => boolean> = new Map<string, (s: string) => boolean>([
  ["date", (s) => parsesAs("2006-01-02", s)],
  ["time", (s) => parsesAs("15:04:05Z07:00", s) || parsesAs("15:04:05", s)],
  // gojsonschema also accepts a bare time or a bare date as a date-time.
  ["date-time", (s) => ["15:04:05", "15:04:05Z07:00", "2006-01-02", RFC3339, RFC3339_NANO].some((layout) => parsesAs(layout, s))],
  ["hostname", (s) => re2Matches(HOSTNAME, s) && s.length < 256],
  ["email", isGoMailAddress],
  ["idn-email", isGoMailAddress],
  ["ipv4", (s) => parseIp(s) !== undefined && s.includes(".")],
  ["ipv6", (s) => parseIp(s) !== undefined && s.includes(":")],
  ["uri", (s) => (goUri(s)?.scheme ?? "") !== ""],
  ["iri", (s) => (goUri(s)?.scheme ?? "") !== ""],
  ["uri-reference", (s) => goUri(s) !== undefined],
  ["iri-reference", (s) => goUri(s) !== undefined],
  ["uri-template", (s) => re2Matches(URI_TEMPLATE, goUri(s)?.path ?? "{")],
  ["uuid", (s) => re2Matches(UUID, s)],
  ["regex", (s) => s === "" || !(compileRegexTester(s) instanceof Error)],
  ["json-pointer", (s) => re2Matches(JSON_POINTER, s)],
  ["relative-json-pointer", (s) => re2Matches(RELATIVE_JSON_POINTER, s)],
]);

/** Whether string `s` has format `name` (true for a format gojsonschema does not know). */
export function matchesFormat(name: string, s: string): boolean {
  const check = CHECKERS.get(name);
  return check === undefined || check(s);
}
