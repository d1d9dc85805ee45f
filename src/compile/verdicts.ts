/**
 * What the generated `governed` function (see `emitGoverned` in
 * `generate.ts`) builds a package's verdict with, besides the rules it
 * calls: the hits of governed rules that are not sets, the elements of
 * `obligations`, and the verdict of a package whose evaluation failed. Part
 * of the runtime (`runtime.ts` re-exports it), so standalone modules carry it.
 */
import type { PackageVerdict, RuleHit } from "../decision/contract.js";
import { isSnapError, SnapError } from "../source/diagnostic.js";
import { SetValue } from "../value/set.js";
import { typeOf } from "../value/type-of.js";
import type { Value } from "../value/types.js";

/** A governed rule's names, for its type error: `data.agent.payments.deny` and `deny`. */
export interface GovernedName {
  readonly name: string;
  readonly rule: string;
}

/** No hits, no obligations (one frozen array for every verdict that has none). */
export const NOTHING: readonly never[] = Object.freeze([]);

/** The elements of a governed set (an array is accepted too); anything else is an error. */
export function governedElements(r: GovernedName, v: Value | undefined): readonly Value[] {
  if (v === undefined) return NOTHING;
  if (v instanceof SetValue) return [...v.sorted()];
  if (Array.isArray(v)) return [...v];
  throw SnapError.of("governed_rule_type", `\`${r.name}\` must be a set, but it is ${typeOf(v)}`, undefined, `define it as a set, e.g. \`${r.rule} contains msg if …\``);
}

/** The hits of a governed complete rule (`deny := {…}`): the elements of its value, at the definition that produced it. */
export function completeHits(r: GovernedName, hit: RuleHit): readonly RuleHit[] {
  return governedElements(r, hit.value).map((value) => ({ value, location: hit.location }));
}

/** The hits of a governed rule that is neither a set nor a complete rule: the elements of its value, at the rule's name. */
export function valueHits(r: GovernedName, v: Value | undefined): readonly RuleHit[] {
  return governedElements(r, v).map((value) => ({ value, location: r.name }));
}

/** The verdict of a package whose evaluation failed. */
export function failedVerdict(pkg: string, e: unknown): PackageVerdict {
  return { package: pkg, deny: [], escalate: [], allow: false, obligations: [], error: asSnapError(stackOverflowAsDepth(e)) };
}

function asSnapError(e: unknown): SnapError {
  if (isSnapError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return SnapError.of("internal_error", `internal error while evaluating: ${message}`, undefined, "this is a bug in snapspace; please report it");
}

/** A JS stack overflow as the typed depth error; anything else as it is. */
export function stackOverflowAsDepth(e: unknown): unknown {
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return SnapError.of("depth_limit_exceeded", "evaluation exceeded the maximum nesting depth", undefined, "simplify deeply nested data or rules");
  }
  return e;
}
