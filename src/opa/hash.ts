/**
 * `policy_hash` of an OPA Wasm policy:
 *
 * ```text
 * "sha256:" + hex(SHA-256(
 *     "snapspace-opa-wasm\n"                          19 ASCII bytes, so it never equals a `.snap` set's hash
 *   ‖ uint64_be(byte length of policy.wasm)         8 bytes, so module and data cannot trade bytes
 *   ‖ policy.wasm                                    the module's bytes, exactly as built
 *   ‖ UTF-8(RFC 8785 canonical JSON of the data)))  the base documents the module runs with
 * ```
 *
 * The module's bytes stand for its meaning (a Wasm module has no formatting
 * to normalise); the data is canonical, so key order and whitespace in
 * `data.json` do not change the hash, but any change of value does.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../decision/canonical.js";
import type { PlainObject } from "../value/types.js";

/** The domain tag that starts the hashed bytes. */
export const OPA_HASH_TAG = "snapspace-opa-wasm\n";

/** `sha256:` + the SHA-256 of the layout above. */
export function opaPolicyHash(wasm: Uint8Array, data: PlainObject): string {
  const length = Buffer.alloc(8);
  length.writeBigUInt64BE(BigInt(wasm.byteLength));
  const hash = createHash("sha256");
  hash.update(OPA_HASH_TAG, "utf8");
  hash.update(length);
  hash.update(wasm);
  hash.update(canonicalJson(data), "utf8");
  return `sha256:${hash.digest("hex")}`;
}
