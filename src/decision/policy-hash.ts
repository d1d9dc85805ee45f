/**
 * `policy_hash`: what identifies a policy set's meaning (DESIGN.md §3).
 *
 * It is `sha256:` + SHA-256 over the canonical JSON of
 * `{"data": DATA, "format": "snapspace-policy/1", "modules": [TEXT…]}`, the
 * modules' formatted texts sorted by code point. Callers pass formatted
 * text, so whitespace and comments do not change the hash; any change of a
 * rule or of the data does.
 *
 * File names are not part of it, on purpose: a policy set means the same
 * wherever its files are and whatever they are called (Rego's meaning comes
 * from packages, not files), and the same checkout loaded as `policies/` or
 * as `/srv/app/policies/` must give the same hash, or a ledger replayed on
 * another machine would report every record as decided by another policy.
 * The price: reason locations (`file:line`) can differ under one hash when a
 * file is renamed or reformatted; replay compares them separately.
 */
import type { Value } from "../value/types.js";
import { compareStrings } from "../value/strings.js";
import { canonicalHash } from "./canonical.js";

/** Tag of the hashed document's layout; a change of layout changes it, so old and new hashes never collide. */
export const POLICY_HASH_FORMAT = "snapspace-policy/1";

/** One module of a policy set: its file name and its *formatted* source text. */
export interface PolicySource {
  readonly file: string;
  readonly text: string;
}

/** The `sha256:…` policy hash of formatted module texts and a data document. */
export function computePolicyHash(sources: readonly PolicySource[], data: Value): string {
  const modules = sources.map((s) => s.text).sort(compareStrings);
  return canonicalHash({ data, format: POLICY_HASH_FORMAT, modules });
}
