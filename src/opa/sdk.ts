/**
 * What the installed `@open-policy-agent/opa-wasm` SDK supports, read from
 * the SDK itself so that an SDK upgrade needs no change here: the ABI
 * versions its `capabilities.json` declares, and the built-ins it implements
 * in JavaScript (`src/builtins/`). The package's `exports` map does not
 * expose those files, so they are read by path next to its entry point.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { WasmInstance, WasmMemory, WasmMemoryDescriptor, WasmModule } from "./wasm-api.js";

const require = createRequire(import.meta.url);
const SDK_ENTRY = require.resolve("@open-policy-agent/opa-wasm"); // …/opa-wasm/src/index.cjs

interface Capabilities {
  readonly wasm_abi_versions: readonly { readonly version: number; readonly minor_version: number }[];
}

const capabilities = JSON.parse(readFileSync(join(dirname(SDK_ENTRY), "..", "capabilities.json"), "utf8")) as Capabilities;

/** OPA Wasm ABI versions the SDK runs (`{version: 1, minor_version: 1}`, …). */
export const SDK_ABI_VERSIONS = capabilities.wasm_abi_versions;

/** Built-ins the SDK implements for modules that import them through `opa_builtin*`. */
export const SDK_BUILTINS: ReadonlySet<string> = new Set(Object.keys(require(join(dirname(SDK_ENTRY), "builtins", "index.js")) as object));

/** The SDK's default memory (5 pages of 64 KiB), which snapspace keeps; it grows as a module needs. */
export const SDK_MEMORY_PAGES = 5;

/** The part of the SDK's `LoadedPolicy` snapspace drives (the SDK's own typings do not match its ESM build). */
export interface SdkPolicy {
  readonly minorVersion: number;
  readonly mem: WasmMemory;
  readonly wasmInstance: WasmInstance;
  /** Entrypoint name → id, as the module's `entrypoints` export lists them. */
  readonly entrypoints: unknown;
  /** Evaluate one entrypoint; JSON text input is written into the module as is. Throws whatever the module or SDK throws. */
  evaluate(input: ArrayBuffer | undefined, entrypoint: number): unknown;
  /** Load the base documents (JSON text), resetting the heap to just after them. */
  setData(data: ArrayBuffer): void;
}

interface Sdk {
  loadPolicy(module: WasmModule, memory: WasmMemoryDescriptor): Promise<SdkPolicy>;
  loadPolicySync(module: WasmModule, memory: WasmMemoryDescriptor): SdkPolicy;
}

/** The SDK, through its CommonJS build (its ESM build exports only `loadPolicy`). */
export const SDK = require("@open-policy-agent/opa-wasm") as Sdk;
