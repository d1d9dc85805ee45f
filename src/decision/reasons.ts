/**
 * Reasons and obligations as a decision reports them: normalised from the
 * values policies give, sorted canonically and de-duplicated, so the same
 * verdicts always give the same list whatever order a back end found them in.
 */
import { KeyedObject, setOwn } from "../value/keyed-object.js";
import { toJson, type Json } from "../value/json.js";
import { toRegoText } from "../value/print.js";
import { SetValue } from "../value/set.js";
import { compareStrings } from "../value/strings.js";
import type { PlainObject, Value } from "../value/types.js";
import { canonicalJson } from "./canonical.js";
import type { Reason, RuleHit } from "./contract.js";

/** The note put in `details` of a reason that was neither a string nor an object with a string `msg`. */
export const NON_STANDARD_REASON_NOTE = "the policy gave a reason that is not a string or an object with a string `msg`; `msg` is its Rego text";

/**
 * A reason from one element of a `deny` or `escalate` set:
 *
 * - a string is the `msg`;
 * - an object with a string `msg`: its other fields become `details` (as OPA's JSON API prints them);
 * - any other value (a number, an array, a set, an object without a string `msg`):
 *   `msg` is its Rego text and `details.note` says so, so the reason is still shown rather than lost.
 */
export function toReason(effect: "deny" | "escalate", pkg: string, hit: RuleHit): Reason {
  const msg = hit.msg;
  if (msg !== undefined) return reason(effect, pkg, msg, hit.location, hit.details ?? undefined);
  const v = hit.value;
  if (typeof v === "string") return { effect, package: pkg, msg: v, location: hit.location };
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    const fromObject = objectReason(effect, pkg, hit.location, v);
    if (fromObject) return fromObject;
  }
  return { effect, package: pkg, msg: toRegoText(v), location: hit.location, details: { note: NON_STANDARD_REASON_NOTE } };
}

function objectReason(effect: "deny" | "escalate", pkg: string, location: string, v: Value): Reason | undefined {
  let details: Record<string, Json> | undefined;
  if (v instanceof KeyedObject) {
    const msg = v.get("msg");
    if (typeof msg !== "string") return undefined;
    for (const [k, x] of v.entries()) if (k !== "msg") setOwn((details ??= {}) as Record<string, Value>, typeof k === "string" ? k : toRegoText(k), toJson(x) as Value);
    return reason(effect, pkg, msg, location, details);
  }
  if (!isPlain(v) || !Object.hasOwn(v, "msg")) return undefined;
  // One native copy of the other fields (a field named `__proto__` stays a field); then only values
  // that are not primitives are converted, which also copies them, so a decision never shares a
  // policy's constants with its caller.
  const { msg, ...rest } = v as Record<string, Value>;
  if (typeof msg !== "string") return undefined;
  for (const k in rest) {
    details = rest as Record<string, Json>;
    const x = rest[k]!;
    if (typeof x === "object" && x !== null) setOwn(rest, k, toJson(x) as Value);
  }
  return reason(effect, pkg, msg, location, details);
}

function isPlain(v: Value): v is PlainObject {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof SetValue) && !(v instanceof KeyedObject);
}

/** A reason, with `details` only when there are some (two object shapes, always built the same way). */
function reason(effect: "deny" | "escalate", pkg: string, msg: string, location: string, details: Readonly<Record<string, Json>> | undefined): Reason {
  return details === undefined ? { effect, package: pkg, msg, location } : { effect, package: pkg, msg, location, details };
}

/** Canonical order of reasons: effect, package, msg, location, then details. */
export function compareReasons(a: Reason, b: Reason): number {
  return (
    compareStrings(a.effect, b.effect) ||
    compareStrings(a.package, b.package) ||
    compareStrings(a.msg, b.msg) ||
    compareStrings(a.location, b.location) ||
    compareStrings(a.details ? canonicalJson(a.details) : "", b.details ? canonicalJson(b.details) : "")
  );
}

/** Sort reasons canonically and drop exact duplicates. Sorts `reasons` in place and returns it, or a shorter copy when there were duplicates. */
export function sortReasons(reasons: Reason[]): Reason[] {
  const n = reasons.length;
  if (n < 2) return reasons;
  // A decision has a handful of reasons: insertion sort, without `Array.prototype.sort`'s call overhead.
  if (n <= 16) {
    for (let i = 1; i < n; i++) {
      const r = reasons[i]!;
      let j = i - 1;
      while (j >= 0 && compareReasons(reasons[j]!, r) > 0) {
        reasons[j + 1] = reasons[j]!;
        j--;
      }
      reasons[j + 1] = r;
    }
  } else reasons.sort(compareReasons);
  let i = 1;
  while (i < n && compareReasons(reasons[i - 1]!, reasons[i]!) !== 0) i++;
  if (i === n) return reasons;
  const out: Reason[] = reasons.slice(0, i);
  for (; i < n; i++) if (compareReasons(reasons[i]!, out[out.length - 1]!) !== 0) out.push(reasons[i]!);
  return out;
}

/** Obligations as JSON, sorted by their canonical JSON and de-duplicated. */
export function sortObligations(values: readonly Value[]): Json[] {
  if (values.length === 0) return [];
  if (values.length === 1) return [toJson(values[0]!)];
  const keyed = values.map((v) => {
    const json = toJson(v);
    return { json, key: canonicalJson(json) };
  });
  keyed.sort((a, b) => compareStrings(a.key, b.key));
  const out: Json[] = [];
  let last: string | undefined;
  for (const { json, key } of keyed) {
    if (key !== last) out.push(json);
    last = key;
  }
  return out;
}
