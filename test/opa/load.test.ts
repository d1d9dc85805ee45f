// Loading bare modules and bundles, from bytes and from paths, and what a loaded policy reports about itself.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOpaWasmPath, loadOpaWasm, loadOpaWasmPaths } from "../../src/opa/index.js";
import { paymentsBundle, paymentsWasm, proposal, RULE_ENTRYPOINTS, tarGz } from "./modules.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "snapspace-opa-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("bare modules", () => {
  it("reports the entrypoints, governed packages, kind and ABI version", async () => {
    const policy = await loadOpaWasm(await paymentsWasm({ entrypoints: [...RULE_ENTRYPOINTS, "agent/chaos/deny"] }));
    expect(policy.kind).toBe("wasm");
    expect(policy.abiVersion).toBe("1.2");
    expect(policy.entrypoints).toEqual(["agent/chaos/deny", ...[...RULE_ENTRYPOINTS].sort()]);
    expect(policy.governedPackages).toEqual(["agent.chaos", "agent.payments"]);
    expect(policy.policyHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("takes part only with the packages the caller names", async () => {
    const policy = await loadOpaWasm(await paymentsWasm({ entrypoints: [...RULE_ENTRYPOINTS, "agent/chaos/deny"] }), { packages: ["agent.payments"] });
    expect(policy.governedPackages).toEqual(["agent.payments"]);
    expect(policy.decide(proposal("payments.charge", { amount: 20 })).effect).toBe("allow");
  });

  it("ignores entrypoints that are not governed rules (they stay queryable)", async () => {
    const policy = await loadOpaWasm(await paymentsWasm({ entrypoints: { "agent/payments/deny": 0, "agent/payments/helper": 2 } }));
    expect(policy.governedPackages).toEqual(["agent.payments"]);
    // Only `deny` is governed and it is empty: nothing allows.
    expect(policy.decide(proposal("payments.charge")).effect).toBe("deny");
    expect(policy.query("data.agent.payments.helper", { input: proposal("payments.charge") })).toEqual([{ expressions: [true], bindings: {} }]);
  });

  it("loads from a path, naming reason locations after it", async () => {
    const path = join(dir, "policy.wasm");
    writeFileSync(path, await paymentsWasm());
    const policy = await loadOpaWasm(path);
    const shown = relative(process.cwd(), path).startsWith("..") ? path : relative(process.cwd(), path);
    expect(policy.name).toBe(shown);
    expect(policy.decide(proposal("payments.refund")).reasons[0]!.location).toBe(`${shown}#agent/payments/deny`);
  });

  it("uses options.name for bytes", async () => {
    const policy = await loadOpaWasm(await paymentsWasm(), { name: "build/payments.wasm" });
    expect(policy.decide(proposal("payments.refund")).reasons[0]!.location).toBe("build/payments.wasm#agent/payments/deny");
  });
});

describe("bundles", () => {
  it("loads /policy.wasm with the bundle's data.json", async () => {
    const policy = await loadOpaWasm(await paymentsBundle({ limits: { max_amount: 500 } }), { name: "bundle.tar.gz" });
    expect(policy.kind).toBe("bundle");
    expect(policy.decide(proposal("payments.charge", { amount: 740 })).effect).toBe("escalate");
    expect(policy.decide(proposal("payments.refund")).reasons[0]!.location).toBe("bundle.tar.gz#agent/payments/deny");
  });

  it("mounts nested data files at their folder's path, as OPA does", async () => {
    const bundle = await tarGz({
      "/policy.wasm": await paymentsWasm(),
      "/data.json": JSON.stringify({ other: true }),
      "/limits/data.json": JSON.stringify({ max_amount: 500 }),
    });
    const policy = await loadOpaWasm(bundle);
    expect(policy.decide(proposal("payments.charge", { amount: 740 })).effect).toBe("escalate");
  });

  it("reads data.yaml too", async () => {
    const bundle = await tarGz({ "policy.wasm": await paymentsWasm(), "limits/data.yaml": "max_amount: 500\n" });
    expect((await loadOpaWasm(bundle)).decide(proposal("payments.charge", { amount: 740 })).effect).toBe("escalate");
  });

  it("merges options.data over the bundle's data", async () => {
    const bundle = await paymentsBundle({ limits: { max_amount: 500 } });
    const policy = await loadOpaWasm(bundle, { data: { limits: { max_amount: 1000 } } });
    expect(policy.decide(proposal("payments.charge", { amount: 740 })).effect).toBe("allow");
  });

  it("loads from a .tar.gz path", async () => {
    const path = join(dir, "bundle.tar.gz");
    writeFileSync(path, await paymentsBundle({ limits: { max_amount: 500 } }));
    expect((await loadOpaWasm(path)).decide(proposal("payments.charge", { amount: 740 })).effect).toBe("escalate");
  });
});

describe("paths from --policy", () => {
  it("recognises modules and bundles by extension", () => {
    expect(["p.wasm", "b.tar.gz", "B.TGZ", "dir/x.WASM"].map(isOpaWasmPath)).toEqual([true, true, true, true]);
    expect(["p.snap", "p.rego", "b.tar", "wasm", "policies/"].map(isOpaWasmPath)).toEqual([false, false, false, false, false]);
  });

  it("loads one module with --data", async () => {
    const path = join(dir, "cli.wasm");
    writeFileSync(path, await paymentsWasm());
    const policy = await loadOpaWasmPaths([path], { data: { limits: { max_amount: 500 } } });
    expect(policy.decide(proposal("payments.charge", { amount: 740 })).effect).toBe("escalate");
  });

  it("refuses a module mixed with other policy files, or two modules", async () => {
    await expect(loadOpaWasmPaths(["a.wasm", "policies/"])).rejects.toMatchObject({ code: "policy_mix" });
    await expect(loadOpaWasmPaths(["a.wasm", "b.tar.gz"])).rejects.toMatchObject({ code: "policy_mix" });
  });
});
