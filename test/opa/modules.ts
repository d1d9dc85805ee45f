/**
 * Test modules: `wat/payments.wat` (a hand-written OPA-ABI module, see its
 * header) assembled with wabt, with variants made by replacing its `;; @name`
 * lines, and OPA bundles built in memory with `tar`.
 */
import { readFileSync } from "node:fs";
import { Header, Pack, ReadEntry } from "tar";
import initWabt from "wabt";

const SOURCE = readFileSync(new URL("./wat/payments.wat", import.meta.url), "utf8");

/** Entrypoint ids the module implements. */
export const EP = {
  "agent/payments/deny": 0,
  "agent/payments/escalate": 1,
  "agent/payments/allow": 2,
  "agent/payments/obligations": 3,
  "agent/payments/decision": 4,
  "agent/chaos/deny": 5,
} as const;

/** The four per-rule entrypoints of `agent.payments` (what the unmodified module lists). */
export const RULE_ENTRYPOINTS = ["agent/payments/deny", "agent/payments/escalate", "agent/payments/allow", "agent/payments/obligations"] as const;

/** What to change in the module. */
export interface Variant {
  readonly abiMajor?: number;
  readonly abiMinor?: number;
  /** Entrypoint names to list (ids from `EP`, or explicit ids). */
  readonly entrypoints?: readonly (keyof typeof EP)[] | Readonly<Record<string, number>>;
  /** The `builtins` export: name → id (id 0 must stay `sprintf`, which the policy calls). */
  readonly builtins?: Readonly<Record<string, number>>;
}

let wabt: Awaited<ReturnType<typeof initWabt>> | undefined;

/** The module's WAT text with the variant's lines replaced. */
export function watSource(variant: Variant = {}): string {
  let text = SOURCE;
  const replace = (marker: string, line: string): void => {
    const re = new RegExp(`^.*;; @${marker}$`, "m");
    if (!re.test(text)) throw new Error(`no line marked @${marker} in payments.wat`);
    text = text.replace(re, `  ${line} ;; @${marker}`);
  };
  if (variant.abiMajor !== undefined) replace("abi-major", `(global (export "opa_wasm_abi_version") i32 (i32.const ${variant.abiMajor}))`);
  if (variant.abiMinor !== undefined) replace("abi-minor", `(global (export "opa_wasm_abi_minor_version") i32 (i32.const ${variant.abiMinor}))`);
  if (variant.entrypoints) {
    const map = Array.isArray(variant.entrypoints)
      ? Object.fromEntries((variant.entrypoints as (keyof typeof EP)[]).map((n) => [n, EP[n]]))
      : variant.entrypoints;
    replace("entrypoints", `(data (i32.const 2048) "${watString(JSON.stringify(map))}\\00")`);
  }
  if (variant.builtins) replace("builtins", `(data (i32.const 1024) "${watString(JSON.stringify(variant.builtins))}\\00")`);
  return text;
}

function watString(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

/** Assemble WAT text to a binary module. */
export async function assemble(text: string, name = "payments.wat"): Promise<Uint8Array> {
  wabt ??= await initWabt();
  const mod = wabt.parseWat(name, text);
  try {
    mod.validate();
    return new Uint8Array(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}

/** The payments module (or a variant of it) as `policy.wasm` bytes. */
export async function paymentsWasm(variant: Variant = {}): Promise<Uint8Array> {
  return assemble(watSource(variant));
}

/** A gzipped tarball holding `files` (path → content), built in memory as `opa build` lays bundles out. */
export async function tarGz(files: Readonly<Record<string, string | Uint8Array>>): Promise<Uint8Array> {
  const pack = new Pack({ gzip: true, portable: true });
  const chunks: Buffer[] = [];
  pack.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    pack.on("end", resolve);
    pack.on("error", reject);
  });
  for (const [path, content] of Object.entries(files)) {
    const body = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
    const header = new Header({ path, size: body.length, type: "File", mode: 0o644, mtime: new Date(0) });
    header.encode();
    const entry = new ReadEntry(header);
    entry.end(body);
    pack.add(entry);
  }
  pack.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** A bundle like `opa build -t wasm -e agent/payments/… -o bundle.tar.gz` writes, with the given data. */
export async function paymentsBundle(data: unknown, variant: Variant = {}): Promise<Uint8Array> {
  return tarGz({
    "/.manifest": JSON.stringify({ revision: "", roots: [""], wasm: RULE_ENTRYPOINTS.map((entrypoint) => ({ entrypoint, module: "/policy.wasm" })) }),
    "/data.json": JSON.stringify(data),
    "/policy.wasm": await paymentsWasm(variant),
    "/policies/payments.rego": "package agent.payments\n",
  });
}

/** A governance input (DESIGN.md §3) for a tool call. */
export function proposal(tool: string, args: Record<string, unknown> = {}, agent = "billing-bot", id = "p-1"): { proposal: Record<string, unknown> } {
  return { proposal: { id, agent, tool, args } };
}
