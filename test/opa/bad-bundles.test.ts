// Bad modules and bundles fail at load, with a SnapError saying which file and why — never at the first decision.
import { describe, expect, it } from "vitest";
import { loadOpaWasm } from "../../src/opa/index.js";
import { assemble, paymentsBundle, paymentsWasm, RULE_ENTRYPOINTS, tarGz } from "./modules.js";

/** The SnapError `loadOpaWasm` rejects with. */
async function loadError(source: string | Uint8Array, options: Parameters<typeof loadOpaWasm>[1] = {}) {
  try {
    await loadOpaWasm(source, options);
  } catch (e) {
    expect((e as Error).name).toBe("SnapError");
    return e as { code: string; message: string; help?: string; diagnostics: readonly { code: string; message: string }[] };
  }
  throw new Error("expected loadOpaWasm to fail");
}

describe("not a module", () => {
  it("bad magic", async () => {
    const err = await loadError(new TextEncoder().encode("hello world"), { name: "policy.wasm" });
    expect(err.code).toBe("opa_wasm_not_wasm");
    expect(err.message).toBe('`policy.wasm` is not a WebAssembly module: it starts with `68 65 6c 6c`, not `00 61 73 6d` ("\\0asm")');
    expect(err.help).toContain("opa build -t wasm");
  });

  it("empty file", async () => {
    expect((await loadError(new Uint8Array(0))).code).toBe("opa_wasm_not_wasm");
  });

  it("truncated", async () => {
    const wasm = await paymentsWasm();
    const err = await loadError(wasm.subarray(0, Math.floor(wasm.length / 2)));
    expect(err.code).toBe("opa_wasm_malformed");
    expect(err.message).toMatch(/^`policy\.wasm` is truncated: /);
  });

  it("a missing file", async () => {
    expect((await loadError("no/such/policy.wasm")).code).toBe("file_not_found");
  });
});

describe("bad bundles", () => {
  it("a tarball without /policy.wasm (Rego sources only)", async () => {
    const err = await loadError(await tarGz({ "/.manifest": "{}", "/policies/payments.rego": "package agent.payments\n" }), { name: "bundle.tar.gz" });
    expect(err.code).toBe("opa_bundle_no_wasm");
    expect(err.message).toBe("`bundle.tar.gz` has no `/policy.wasm`");
    expect(err.help).toContain("Rego sources only");
  });

  it("a truncated tarball", async () => {
    const bundle = await paymentsBundle({});
    const err = await loadError(bundle.subarray(0, bundle.length - 40), { name: "bundle.tar.gz" });
    expect(err.code).toBe("opa_bundle_malformed");
    expect(err.message).toMatch(/^`bundle\.tar\.gz` is not a readable bundle: /);
  });

  it("a .tar.gz that is not gzip", async () => {
    const err = await loadError(new TextEncoder().encode("not a tarball"), { name: "bundle.tar.gz" });
    expect(err).toMatchObject({ code: "opa_bundle_malformed", message: "`bundle.tar.gz` is not a gzip-compressed tarball" });
  });

  it("a data.json that is not JSON", async () => {
    const err = await loadError(await tarGz({ "/policy.wasm": await paymentsWasm(), "/data.json": "{nope" }), { name: "b.tar.gz" });
    expect(err.code).toBe("opa_bundle_bad_data");
    expect(err.message).toMatch(/^`b\.tar\.gz`: `\/data\.json` is not valid JSON/);
  });

  it("two data files that set the same value", async () => {
    const err = await loadError(
      await tarGz({ "/policy.wasm": await paymentsWasm(), "/data.json": '{"limits":{"max_amount":1}}', "/limits/data.json": '{"max_amount":2}' }),
    );
    expect(err.code).toBe("opa_bundle_bad_data");
    expect(err.message).toContain("`data.limits.max_amount`");
  });

  it("a manifest that is not JSON", async () => {
    expect((await loadError(await tarGz({ "/policy.wasm": await paymentsWasm(), "/.manifest": "{" }))).code).toBe("opa_bundle_bad_manifest");
  });

  it("a manifest mapping entrypoints to another module", async () => {
    const manifest = JSON.stringify({ wasm: [{ entrypoint: "agent/payments/deny", module: "/other.wasm" }] });
    const err = await loadError(await tarGz({ "/policy.wasm": await paymentsWasm(), "/.manifest": manifest }));
    expect(err.code).toBe("opa_bundle_unsupported");
    expect(err.message).toContain("`/other.wasm`");
  });
});

describe("entrypoints", () => {
  it("a package the caller governs has no entrypoint", async () => {
    const err = await loadError(await paymentsWasm(), { packages: ["agent.payments", "agent.refunds"] });
    expect(err.code).toBe("opa_wasm_missing_entrypoint");
    expect(err.message).toBe(
      "`policy.wasm` has no governed entrypoint for package `agent.refunds`; it has `agent/payments/allow`, `agent/payments/deny`, `agent/payments/escalate`, `agent/payments/obligations`",
    );
    expect(err.help).toContain("-e agent/refunds/deny");
  });

  it("no governed entrypoint at all", async () => {
    const err = await loadError(await paymentsWasm({ entrypoints: { "agent/payments/helper": 0 } }));
    expect(err.code).toBe("opa_wasm_missing_entrypoint");
    expect(err.message).toContain("has no governed entrypoint");
    expect(err.message).toContain("`agent/payments/helper`");
  });

  it("an entrypoints export that is not an object of ids", async () => {
    const err = await loadError(await paymentsWasm({ entrypoints: { "agent/payments/deny": "zero" } as unknown as Record<string, number> }));
    expect(err.code).toBe("opa_wasm_load_failed");
    expect(err.message).toContain("`agent/payments/deny`");
  });
});

describe("ABI", () => {
  it("an unsupported major version", async () => {
    const err = await loadError(await paymentsWasm({ abiMajor: 2 }));
    expect(err.code).toBe("opa_wasm_unsupported_abi");
    expect(err.message).toBe("`policy.wasm` uses OPA Wasm ABI 2.2, which the OPA Wasm SDK does not run (it runs 1.1, 1.2)");
  });

  it("a minor version older than the SDK runs", async () => {
    expect((await loadError(await paymentsWasm({ abiMinor: 0 }))).code).toBe("opa_wasm_unsupported_abi");
  });

  it("a module without the ABI version globals", async () => {
    const err = await loadError(await assemble(`(module (import "env" "memory" (memory 1)) (func (export "eval") (param i32) (result i32) (i32.const 0)))`));
    expect(err.code).toBe("opa_wasm_not_opa_policy");
    expect(err.message).toBe("`policy.wasm` does not export the OPA Wasm globals `opa_wasm_abi_version`, `opa_wasm_abi_minor_version`");
  });

  it("a module missing functions the SDK calls", async () => {
    const err = await loadError(
      await assemble(`(module (import "env" "memory" (memory 1))
        (global (export "opa_wasm_abi_version") i32 (i32.const 1))
        (global (export "opa_wasm_abi_minor_version") i32 (i32.const 2))
        (func (export "opa_malloc") (param i32) (result i32) (i32.const 0)))`),
    );
    expect(err.code).toBe("opa_wasm_not_opa_policy");
    expect(err.message).toBe(
      "`policy.wasm` does not export the OPA Wasm functions `builtins`, `entrypoints`, `opa_heap_ptr_get`, `opa_heap_ptr_set`, `opa_json_dump`, `opa_json_parse`, `opa_eval`",
    );
  });

  it("an import the SDK does not provide", async () => {
    const err = await loadError(await assemble(`(module (import "env" "memory" (memory 1)) (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))))`));
    expect(err.code).toBe("opa_wasm_unsupported_abi");
    expect(err.message).toContain("`wasi_snapshot_preview1.fd_write`");
  });

  it("a module that does not import its memory", async () => {
    expect((await loadError(await assemble(`(module (memory 1))`))).code).toBe("opa_wasm_not_opa_policy");
  });
});

describe("built-ins", () => {
  it("an impure built-in is refused with the checker's code", async () => {
    const err = await loadError(await paymentsWasm({ builtins: { sprintf: 0, "time.now_ns": 1 } }));
    expect(err.code).toBe("impure_builtin");
    expect(err.message).toBe("`policy.wasm` calls `time.now_ns`, whose result depends on more than its arguments, so decisions would not be reproducible");
    expect(err.help).toContain("input.context");
  });

  it("lists every bad built-in, impure first", async () => {
    const err = await loadError(await paymentsWasm({ builtins: { sprintf: 0, "http.send": 1, "custom.magic": 2 } }));
    expect(err.diagnostics.map((d) => d.code)).toEqual(["impure_builtin", "opa_wasm_unsupported_builtin"]);
    expect(err.diagnostics[0]!.message).toContain("`http.send`");
    expect(err.diagnostics[1]!.message).toBe("`policy.wasm` needs the built-in `custom.magic`, which the OPA Wasm SDK does not implement");
  });

  it("a built-in the SDK implements is fine", async () => {
    const policy = await loadOpaWasm(await paymentsWasm({ builtins: { sprintf: 0, "json.is_valid": 1, "yaml.marshal": 2 } }));
    expect(policy.entrypoints).toEqual([...RULE_ENTRYPOINTS].sort());
  });
});

describe("data", () => {
  it("options.data that is not JSON, or not an object", async () => {
    const wasm = await paymentsWasm();
    expect(await loadError(wasm, { data: { f: () => 1 } })).toMatchObject({ code: "invalid_data" });
    expect(await loadError(wasm, { data: [1, 2] })).toMatchObject({ code: "invalid_data", message: "`data` must be a JSON object" });
  });
});
