/**
 * Canonical JSON (RFC 8785, the JSON Canonicalization Scheme) and SHA-256,
 * for `input_hash`, `policy_hash`, decision serialisation and the ledger.
 *
 * The text is written by our own single-pass writer (`canonical-writer.ts`),
 * proved byte-identical to the `canonicalize` package (by the RFC's
 * co-author) on arbitrary JSON by a property test. Two kinds of value RFC
 * 8785 cannot represent, and what we do:
 *
 * - integers beyond 2^53 (`bigint` in the value model): RFC 8785 would print
 *   the nearest IEEE double, so two different amounts could hash the same;
 *   we print their exact digits instead (what the JSON text said);
 * - strings with a lone UTF-16 surrogate (RFC 8785 requires I-JSON, which
 *   forbids them; `canonicalize` throws): we print them as
 *   `JSON.stringify` does, with the surrogate escaped (`"\ud800"`).
 *
 * For every I-JSON document the output is exactly RFC 8785. Sets and objects
 * with non-string keys are first converted as OPA's JSON API prints them
 * (`toJson`).
 */
import * as crypto from "node:crypto";
import { writeCanonical } from "./canonical-writer.js";

/**
 * The RFC 8785 canonical JSON text of a JSON value or `Value` (see the module
 * comment for big integers and lone surrogates). Object properties whose
 * value is `undefined` are left out and `undefined` array elements are
 * `null`, as `JSON.stringify` does. Throws `NotJsonError` for anything else
 * that is not JSON (a function, a symbol, a non-finite number, a `Date`, a cycle).
 *
 * @example canonicalJson({ b: 1, a: [true, "x"] }) === '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return writeCanonical(value, false, toText)!;
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  return sha256(text);
}

/** `sha256:` + the SHA-256 of the canonical JSON of `value`: the form of `input_hash` and `policy_hash`. */
export function canonicalHash(value: unknown): string {
  return writeCanonical(value, false, toHash)!;
}

/**
 * `canonicalHash(value)` when `value` is plain JSON exactly as `fromJs`
 * returns it unchanged (plain objects and arrays, finite numbers with
 * integers within 2^53, no `undefined`, nesting within 200 levels), else
 * `undefined`. One walk both checks and hashes: `decide`'s fast path.
 */
export function plainCanonicalHash(value: unknown): string | undefined {
  return writeCanonical(value, true, toHash);
}

function toText(bytes: Buffer): string {
  return bytes.toString("utf8");
}

function toHash(bytes: Buffer): string {
  return `sha256:${sha256(bytes)}`;
}

// `crypto.hash` (Node ≥ 20.12) hashes in one call, without a `Hash` object: ~2× faster for small inputs.
const oneShot: ((algorithm: string, data: crypto.BinaryLike, encoding: "hex") => string) | undefined = typeof crypto.hash === "function" ? crypto.hash : undefined;

function sha256(data: string | Buffer): string {
  return oneShot ? oneShot("sha256", data, "hex") : crypto.createHash("sha256").update(data).digest("hex");
}
