/**
 * The one registry of built-in functions. Every consumer (checker,
 * interpreter, compiler, standalone emitter, `--help`) looks built-ins up
 * here, once, at compile time.
 */
import { AGGREGATES } from "./aggregates.js";
import { ARRAYS } from "./arrays.js";
import { SETS } from "./sets.js";
import { OBJECTS } from "./objects.js";
import { STRINGS } from "./strings.js";
import { SPRINTF } from "./sprintf.js";
import { TEMPLATE } from "./template.js";
import { REGEX } from "./regex.js";
import { GLOB } from "./glob.js";
import { NUMBERS } from "./numbers.js";
import { BITS } from "./bits.js";
import { COMPARISON } from "./comparison.js";
import { TYPE_CHECKS } from "./type-checks.js";
import { MEMBERSHIP } from "./membership.js";
import { DEBUGGING } from "./debugging.js";
import { UNITS } from "./units.js";
import { ENCODING } from "./encoding.js";
import { JSON_DOCS } from "./json-docs.js";
import { JSON_SCHEMA } from "./json-schema.js";
import { CRYPTO } from "./crypto.js";
import { X509 } from "./x509.js";
import { TIME } from "./time.js";
import { SEMVER } from "./semver.js";
import { UUID } from "./uuid.js";
import { NET } from "./net.js";
import { GRAPH } from "./graph.js";
import { IMPURE } from "./impure.js";
import { DEPRECATED } from "./deprecated.js";
import { REGO_METADATA } from "./rego-metadata.js";
import type { BuiltinDef } from "./types.js";

/** Every built-in, pure and impure, sorted by name. */
export const ALL_BUILTINS: readonly BuiltinDef[] = [
  ...AGGREGATES,
  ...ARRAYS,
  ...SETS,
  ...OBJECTS,
  ...STRINGS,
  ...SPRINTF,
  ...TEMPLATE,
  ...REGEX,
  ...GLOB,
  ...NUMBERS,
  ...BITS,
  ...COMPARISON,
  ...TYPE_CHECKS,
  ...MEMBERSHIP,
  ...DEBUGGING,
  ...UNITS,
  ...ENCODING,
  ...JSON_DOCS,
  ...JSON_SCHEMA,
  ...CRYPTO,
  ...X509,
  ...TIME,
  ...SEMVER,
  ...UUID,
  ...NET,
  ...GRAPH,
  ...IMPURE,
  ...DEPRECATED,
  ...REGO_METADATA,
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

const BY_NAME: ReadonlyMap<string, BuiltinDef> = new Map(ALL_BUILTINS.map((b) => [b.name, b]));

/** The built-in called `name`, or `undefined`. */
export function lookupBuiltin(name: string): BuiltinDef | undefined {
  return BY_NAME.get(name);
}

/** The closest built-in name to `name` (for "did you mean"), if one is close enough. */
export function suggestBuiltin(name: string, extra: readonly string[] = []): string | undefined {
  let best: string | undefined;
  let bestDist = Math.max(2, Math.floor(name.length / 3)) + 1;
  // Deprecated built-ins are not suggested: they exist for v0 modules only.
  for (const candidate of [...ALL_BUILTINS.filter((b) => b.deprecated === undefined).map((b) => b.name), ...extra]) {
    const d = editDistance(name, candidate, bestDist);
    if (d < bestDist) {
      best = candidate;
      bestDist = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    prev = cur;
  }
  return prev[b.length]!;
}
