// policy_hash of an OPA Wasm policy: the byte layout documented in src/opa/hash.ts and docs/opa-wasm.md.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { loadOpaWasm } from "../../src/opa/index.js";
import { paymentsWasm, proposal, tarGz } from "./modules.js";

/** The layout, written out from the documentation. */
function expectedHash(wasm: Uint8Array, canonicalData: string): string {
  const length = Buffer.alloc(8);
  length.writeBigUInt64BE(BigInt(wasm.length));
  const bytes = Buffer.concat([Buffer.from("snapspace-opa-wasm\n", "ascii"), length, wasm, Buffer.from(canonicalData, "utf8")]);
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

describe("policy hash", () => {
  let wasm: Uint8Array;
  beforeAll(async () => {
    wasm = await paymentsWasm();
  });

  it("is SHA-256 over the tag, the module's length and bytes, and the canonical JSON of the data", async () => {
    const policy = await loadOpaWasm(wasm, { data: { limits: { max_amount: 500, currency: "EUR" } } });
    expect(policy.policyHash).toBe(expectedHash(wasm, '{"limits":{"currency":"EUR","max_amount":500}}'));
    expect((await loadOpaWasm(wasm)).policyHash).toBe(expectedHash(wasm, "{}"));
  });

  it("is the hash every decision carries", async () => {
    const policy = await loadOpaWasm(wasm);
    expect(policy.decide(proposal("payments.charge")).policy_hash).toBe(policy.policyHash);
  });

  it("does not depend on the bundle's packaging, key order or whitespace", async () => {
    const bundle = await tarGz({ "/policy.wasm": wasm, "/data.json": '{\n  "limits": { "currency": "EUR", "max_amount": 500 }\n}\n', "/.manifest": "{}" });
    const fromBundle = await loadOpaWasm(bundle);
    const bare = await loadOpaWasm(wasm, { data: { limits: { max_amount: 500, currency: "EUR" } } });
    expect(fromBundle.policyHash).toBe(bare.policyHash);
  });

  it("changes with any change of data or module", async () => {
    const base = (await loadOpaWasm(wasm, { data: { limits: { max_amount: 500 } } })).policyHash;
    expect((await loadOpaWasm(wasm, { data: { limits: { max_amount: 501 } } })).policyHash).not.toBe(base);
    expect((await loadOpaWasm(await paymentsWasm({ abiMinor: 1 }), { data: { limits: { max_amount: 500 } } })).policyHash).not.toBe(base);
  });
});
