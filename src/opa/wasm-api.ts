/**
 * The slice of the JavaScript WebAssembly API snapspace uses. Node 20 has
 * the API, but neither TypeScript's `ES2023` lib nor `@types/node` 20 types
 * it (it lives in the DOM lib), so it is typed here instead of adding the
 * whole DOM to the project.
 */

/** A compiled module (opaque). */
export interface WasmModule {
  readonly __wasmModule: unique symbol;
}

/** Kinds of imports and exports. */
export type WasmExternKind = "function" | "table" | "memory" | "global" | "tag";

/** One import or export of a module. */
export interface WasmExternDescriptor {
  readonly name: string;
  readonly kind: WasmExternKind;
}

/** One import of a module. */
export interface WasmImportDescriptor extends WasmExternDescriptor {
  readonly module: string;
}

/** A linear memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** A global. */
export interface WasmGlobal {
  readonly value: unknown;
}

/** An instance: its exports by name. */
export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

/** Initial and maximum size of a memory, in 64 KiB pages. */
export interface WasmMemoryDescriptor {
  initial: number;
  maximum?: number;
}

interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Module: { imports(m: WasmModule): WasmImportDescriptor[]; exports(m: WasmModule): WasmExternDescriptor[] };
  Instance: new (m: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  Memory: new (descriptor: WasmMemoryDescriptor) => WasmMemory;
}

/** The engine's `WebAssembly` object. */
export const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
