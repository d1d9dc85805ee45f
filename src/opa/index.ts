/**
 * `snapspace/opa`: OPA Wasm modules and bundles (`opa build -t wasm`) behind
 * the same `Policy` interface as `.snap` policies. See `docs/opa-wasm.md`.
 */
export { loadOpaWasm, type LoadOpaWasmOptions, type OpaWasmPolicy } from "./policy.js";
export { isOpaWasmPath } from "./bundle.js";
export { loadOpaWasmPaths } from "./paths.js";
export { opaPolicyHash, OPA_HASH_TAG } from "./hash.js";
export { isImpureBuiltin } from "./builtins.js";
