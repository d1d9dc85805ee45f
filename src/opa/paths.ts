/** Loading OPA Wasm from `--policy` paths, for the CLI's policy loader. */
import { SnapError } from "../source/diagnostic.js";
import { isOpaWasmPath } from "./bundle.js";
import { loadOpaWasm, type OpaWasmPolicy } from "./policy.js";

/**
 * Load the OPA Wasm module or bundle named by `paths` (as given to
 * `--policy`). A compiled module is the whole policy set, so it must be the
 * only path: mixing it with `.snap` files or a second module is a `SnapError`.
 */
export async function loadOpaWasmPaths(paths: readonly string[], options: { readonly data?: unknown } = {}): Promise<OpaWasmPolicy> {
  const wasm = paths.filter(isOpaWasmPath);
  const others = paths.filter((p) => !isOpaWasmPath(p));
  if (wasm.length !== 1 || others.length > 0) {
    const listed = paths.map((p) => `\`${p}\``).join(", ");
    throw SnapError.of(
      "policy_mix",
      wasm.length === 0 ? `none of ${listed} is an OPA Wasm module or bundle` : `an OPA Wasm module or bundle must be the only \`--policy\`, got ${listed}`,
      undefined,
      "pass one `policy.wasm` or `bundle.tar.gz` alone; build every package into that one bundle with `opa build -t wasm -e …`",
    );
  }
  return loadOpaWasm(wasm[0]!, options.data === undefined ? {} : { data: options.data });
}
