/**
 * Compiling an OPA Wasm module and checking, before anything runs, that it is
 * one the SDK can drive: Wasm at all, whole, speaking OPA Wasm ABI 1.x, and
 * exporting what the SDK calls for its minor version. Every failure here is
 * a `SnapError` at load time, never at the first decision.
 */
import { SnapError } from "../source/diagnostic.js";
import { SDK_ABI_VERSIONS, SDK_MEMORY_PAGES } from "./sdk.js";
import { Wasm, type WasmExternKind, type WasmGlobal, type WasmInstance, type WasmModule } from "./wasm-api.js";

/** A compiled module that passed the ABI checks. */
export interface OpaModule {
  readonly module: WasmModule;
  readonly abi: { readonly major: number; readonly minor: number };
}

/** What the SDK imports into a module (`env.*`); anything else belongs to another host. */
const SDK_IMPORTS: ReadonlyMap<string, WasmExternKind> = new Map([
  ["memory", "memory"],
  ["opa_abort", "function"],
  ["opa_println", "function"],
  ["opa_builtin0", "function"],
  ["opa_builtin1", "function"],
  ["opa_builtin2", "function"],
  ["opa_builtin3", "function"],
  ["opa_builtin4", "function"],
]);

/** Functions `@open-policy-agent/opa-wasm` calls on every module (loading, data, results). */
const COMMON_EXPORTS = ["builtins", "entrypoints", "opa_heap_ptr_get", "opa_heap_ptr_set", "opa_json_dump", "opa_json_parse", "opa_malloc"];
/** ABI ≥ 1.2: one call per evaluation. */
const FAST_PATH_EXPORTS = ["opa_eval"];
/** ABI 1.0–1.1: an evaluation context set up call by call. */
const CONTEXT_EXPORTS = ["eval", "opa_eval_ctx_get_result", "opa_eval_ctx_new", "opa_eval_ctx_set_data", "opa_eval_ctx_set_entrypoint", "opa_eval_ctx_set_input"];
const ABI_GLOBALS = ["opa_wasm_abi_version", "opa_wasm_abi_minor_version"];

const REBUILD = "rebuild it with `opa build -t wasm -e <entrypoint>…`";

/** Compile `bytes` and check the OPA Wasm ABI; `name` names the file in messages. */
export async function compileOpaModule(bytes: Uint8Array, name: string): Promise<OpaModule> {
  checkMagic(bytes, name);
  let module: WasmModule;
  try {
    module = await Wasm.compile(bytes);
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).replace(/^WebAssembly\.\w+\(\): /, "");
    const truncated = /end of|past end|fell off|unexpected end|length/i.test(why);
    throw SnapError.of(
      "opa_wasm_malformed",
      `\`${name}\` is ${truncated ? "truncated" : "not a valid WebAssembly module"}: ${why}`,
      undefined,
      `check that the file was copied whole, or ${REBUILD}`,
    );
  }
  checkImports(module, name);
  const exported = new Map(Wasm.Module.exports(module).map((e) => [e.name, e.kind]));
  requireExports(exported, "global", ABI_GLOBALS, name);
  const abi = readAbiVersion(module, name);
  if (!SDK_ABI_VERSIONS.some((v) => v.version === abi.major) || abi.minor < Math.min(...SDK_ABI_VERSIONS.map((v) => v.minor_version))) {
    const known = SDK_ABI_VERSIONS.map((v) => `${v.version}.${v.minor_version}`).join(", ");
    throw SnapError.of(
      "opa_wasm_unsupported_abi",
      `\`${name}\` uses OPA Wasm ABI ${abi.major}.${abi.minor}, which the OPA Wasm SDK does not run (it runs ${known})`,
      undefined,
      `${REBUILD} using an OPA release whose Wasm ABI is one of ${known}`,
    );
  }
  requireExports(exported, "function", [...COMMON_EXPORTS, ...(abi.minor >= 2 ? FAST_PATH_EXPORTS : CONTEXT_EXPORTS)], name);
  return { module, abi };
}

function checkMagic(bytes: Uint8Array, name: string): void {
  const magicOk = bytes.length >= 4 && bytes[0] === 0x00 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
  if (!magicOk) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw SnapError.of(
      "opa_wasm_not_wasm",
      `\`${name}\` is not a WebAssembly module: it starts with \`${head || "nothing"}\`, not \`00 61 73 6d\` ("\\0asm")`,
      undefined,
      `pass the \`policy.wasm\` or \`bundle.tar.gz\` that \`opa build -t wasm\` wrote`,
    );
  }
}

function checkImports(module: WasmModule, name: string): void {
  const imports = Wasm.Module.imports(module);
  for (const imp of imports) {
    if (imp.module !== "env" || SDK_IMPORTS.get(imp.name) !== imp.kind) {
      throw SnapError.of(
        "opa_wasm_unsupported_abi",
        `\`${name}\` imports \`${imp.module}.${imp.name}\` (a ${imp.kind}), which the OPA Wasm ABI does not provide`,
        undefined,
        `it was not built by \`opa build -t wasm\` for this ABI: ${REBUILD}`,
      );
    }
  }
  if (!imports.some((i) => i.module === "env" && i.name === "memory")) {
    throw SnapError.of(
      "opa_wasm_not_opa_policy",
      `\`${name}\` does not import \`env.memory\`, so it is not an OPA policy module`,
      undefined,
      REBUILD,
    );
  }
}

function requireExports(exported: ReadonlyMap<string, string>, kind: string, names: readonly string[], name: string): void {
  const missing = names.filter((n) => exported.get(n) !== kind);
  if (missing.length === 0) return;
  throw SnapError.of(
    "opa_wasm_not_opa_policy",
    `\`${name}\` does not export the OPA Wasm ${kind}${missing.length > 1 ? "s" : ""} ${missing.map((m) => `\`${m}\``).join(", ")}`,
    undefined,
    `it is not an OPA policy module: ${REBUILD}`,
  );
}

/**
 * The ABI version lives in two exported globals, readable only from an
 * instance. A throwaway instance with stub imports reads them without running
 * any policy code (OPA modules have no start function; if one ran and called
 * an import, the stub's error is reported).
 */
function readAbiVersion(module: WasmModule, name: string): { major: number; minor: number } {
  const fail = (): never => {
    throw new Error("called while reading the ABI version");
  };
  const env: Record<string, unknown> = {};
  for (const imp of Wasm.Module.imports(module)) {
    env[imp.name] = imp.kind === "memory" ? new Wasm.Memory({ initial: SDK_MEMORY_PAGES }) : fail;
  }
  let instance: WasmInstance;
  try {
    instance = new Wasm.Instance(module, { env });
  } catch (e) {
    throw loadFailure(name, e);
  }
  const read = (g: string): number => Number((instance.exports[g] as WasmGlobal).value);
  return { major: read("opa_wasm_abi_version"), minor: read("opa_wasm_abi_minor_version") };
}

/** A module that compiled but could not be instantiated or prepared. */
export function loadFailure(name: string, e: unknown): SnapError {
  return SnapError.of(
    "opa_wasm_load_failed",
    `\`${name}\` could not be loaded: ${describeThrown(e)}`,
    undefined,
    `check that it was built by \`opa build -t wasm\`; ${REBUILD}`,
  );
}

/** The message of whatever a Wasm module or the SDK threw (the SDK throws strings and plain objects). */
export function describeThrown(e: unknown): string {
  if (typeof e === "string") return e;
  if (e instanceof Error) return e.message.replace(/^WebAssembly\.\w+\(\): /, "");
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}
