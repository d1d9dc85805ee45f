/**
 * One running instance of a module, through the SDK, with the guarantees
 * snapspace needs: every evaluation starts from the same state.
 *
 * - The heap: the SDK resets it before each evaluation (ABI 1.1: it calls
 *   `opa_heap_ptr_set` back to just after the data; ABI 1.2: it passes that
 *   address to `opa_eval`, which starts its heap there), so evaluations
 *   neither see nor accumulate each other's allocations.
 * - A failed evaluation (an `opa_abort`, a trap, a built-in that threw) may
 *   stop the module half-way through updating its own state, which the heap
 *   reset does not undo; the instance is then discarded, and the next
 *   evaluation runs in a fresh one.
 * - Inputs and data go in as JSON text that snapspace writes (keys sorted,
 *   big integers exact), so the bytes a module sees never depend on the key
 *   order of the caller's objects.
 */
import { toJson, type Json } from "../value/json.js";
import { KeyedObject } from "../value/keyed-object.js";
import { formatNumber } from "../value/number.js";
import { SetValue } from "../value/set.js";
import type { Value } from "../value/types.js";
import { checkBuiltins } from "./builtins.js";
import type { Entrypoint } from "./entrypoints.js";
import { describeThrown, loadFailure } from "./module.js";
import { SDK, SDK_MEMORY_PAGES, type SdkPolicy } from "./sdk.js";
import type { WasmModule } from "./wasm-api.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** JSON text of a value as a standalone `ArrayBuffer` (what the SDK copies into the module). Throws for a non-finite number. */
export function encodeJson(value: Value | Json): ArrayBuffer {
  const bytes = encoder.encode(writeJson(value));
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
}

/**
 * Compact JSON with object keys sorted, in one walk: this runs on every
 * decision, where `stringifyJson`'s check-then-write (two walks) cost as
 * much again as `JSON.stringify`. Sets and keyed objects, which inputs
 * rarely hold, go through `toJson`.
 */
function writeJson(v: Value | Json | undefined): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      if (!Number.isFinite(v)) throw new RangeError(`${v} is not a JSON number`);
      return formatNumber(v);
    case "bigint":
      return formatNumber(v);
    case "boolean":
      return v ? "true" : "false";
  }
  // `undefined` as an array element is `null` and as a property is left out, as in `JSON.stringify` and `canonicalJson`.
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) {
    let out = "[";
    for (let i = 0; i < v.length; i++) out += (i === 0 ? "" : ",") + writeJson(v[i] as Value);
    return out + "]";
  }
  if (v instanceof SetValue || v instanceof KeyedObject) return writeJson(toJson(v));
  const o = v as { readonly [k: string]: Value };
  const keys = Object.keys(o).sort();
  let out = "{";
  for (const key of keys) {
    const x = o[key];
    if (x !== undefined) out += (out.length === 1 ? "" : ",") + JSON.stringify(key) + ":" + writeJson(x);
  }
  return out + "}";
}

/** An evaluation failed inside the module or the SDK; `message` says why. */
export class EvaluationFailure extends Error {
  override readonly name = "EvaluationFailure";
}

/** A module instance plus what it takes to replace it. */
export class WasmRunner {
  private constructor(
    private readonly module: WasmModule,
    private policy: SdkPolicy | undefined,
    private data: ArrayBuffer,
    /** The module's entrypoints, sorted by name. */
    readonly entrypoints: readonly Entrypoint[],
  ) {}

  /** Instantiate `module`, check its built-ins and read its entrypoints, then load `data` (JSON text). */
  static async start(module: WasmModule, name: string, data: ArrayBuffer): Promise<WasmRunner> {
    let policy: SdkPolicy;
    let builtins: string[];
    let entrypoints: Entrypoint[];
    try {
      policy = await SDK.loadPolicy(module, { initial: SDK_MEMORY_PAGES });
      // Read before `setData`, which resets the heap to before these allocations.
      builtins = readBuiltins(policy);
      entrypoints = readEntrypoints(policy.entrypoints);
    } catch (e) {
      throw loadFailure(name, e);
    }
    checkBuiltins(builtins, name);
    try {
      policy.setData(data);
    } catch (e) {
      throw loadFailure(name, e);
    }
    return new WasmRunner(module, policy, data, entrypoints);
  }

  /**
   * Evaluate one entrypoint: its value, or `undefined` when it is undefined
   * for this input. Throws `EvaluationFailure`, after which the instance is
   * replaced before the next evaluation.
   */
  evaluate(entrypoint: Entrypoint, input: ArrayBuffer | undefined): Json | undefined {
    try {
      return resultValue(this.ensure().evaluate(input, entrypoint.id), entrypoint);
    } catch (e) {
      this.policy = undefined;
      throw e instanceof EvaluationFailure ? e : new EvaluationFailure(describeThrown(e));
    }
  }

  /** Run `fn` with other base documents loaded, then put the usual ones back. */
  withData<T>(data: ArrayBuffer, fn: () => T): T {
    const saved = this.data;
    this.load(data);
    try {
      return fn();
    } finally {
      this.load(saved);
    }
  }

  private load(data: ArrayBuffer): void {
    this.data = data;
    if (this.policy) {
      try {
        this.policy.setData(data);
      } catch {
        this.policy = undefined; // the fresh instance made at the next evaluation loads `this.data`
      }
    }
  }

  /** The instance, made afresh (with the current data) when the last evaluation failed. */
  private ensure(): SdkPolicy {
    if (!this.policy) {
      const policy = SDK.loadPolicySync(this.module, { initial: SDK_MEMORY_PAGES });
      policy.setData(this.data);
      this.policy = policy;
    }
    return this.policy;
  }
}

function readBuiltins(policy: SdkPolicy): string[] {
  const exports = policy.wasmInstance.exports as Record<string, (...args: number[]) => number>;
  const addr = exports["opa_json_dump"]!(exports["builtins"]!());
  const bytes = new Uint8Array(policy.mem.buffer);
  let end = addr;
  while (end < bytes.length && bytes[end] !== 0) end++;
  const parsed: unknown = JSON.parse(decoder.decode(bytes.subarray(addr, end)));
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("its `builtins` export is not a JSON object");
  return Object.keys(parsed);
}

function readEntrypoints(raw: unknown): Entrypoint[] {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new Error("its `entrypoints` export is not a JSON object");
  const out: Entrypoint[] = [];
  for (const [name, id] of Object.entries(raw)) {
    if (!Number.isInteger(id)) throw new Error(`its entrypoint \`${name}\` has the id \`${JSON.stringify(id)}\`, not an integer`);
    out.push({ name, id: id as number });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** OPA's result set for one entrypoint: `[]` when undefined, `[{"result": value}]` otherwise. */
function resultValue(resultSet: unknown, entrypoint: Entrypoint): Json | undefined {
  if (Array.isArray(resultSet)) {
    if (resultSet.length === 0) return undefined;
    const first: unknown = resultSet[0];
    if (resultSet.length === 1 && first && typeof first === "object" && Object.hasOwn(first, "result")) return (first as { result: Json }).result;
  }
  throw new EvaluationFailure(`entrypoint \`${entrypoint.name}\` returned \`${JSON.stringify(resultSet)?.slice(0, 200)}\`, not an OPA result set`);
}
