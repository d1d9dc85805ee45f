// The CLI with an OPA Wasm bundle as `--policy`: `eval` decides recorded proposals through the same
// pipeline (records, expectations, reporters) as for `.snap` policies, and `query` answers entrypoint refs.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateRecords, runEval } from "../../src/cli/eval.js";
import { runQuery } from "../../src/cli/query.js";
import { loadOpaWasmPaths } from "../../src/opa/index.js";
import { paymentsBundle } from "./modules.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "snapspace-opa-eval-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function streams() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  return { streams: { stdout, stderr, stdin: new PassThrough() }, out: () => out, err: () => err };
}

const record = (id: string, tool: string, amount: number, expect: string) =>
  JSON.stringify({ proposal: { id, agent: "billing-bot", tool, args: { amount } }, expect });

describe("eval with a bundle as --policy", () => {
  it("decides every record and meets the expectations (exit 0)", async () => {
    const bundle = join(dir, "bundle.tar.gz");
    writeFileSync(bundle, await paymentsBundle({ limits: { max_amount: 500 } }));
    const records = join(dir, "records.jsonl");
    writeFileSync(
      records,
      [record("p-1", "payments.charge", 20, "allow"), record("p-2", "payments.charge", 740, "escalate"), record("p-3", "payments.refund", 5, "deny")].join("\n") + "\n",
    );
    const policy = await loadOpaWasmPaths([bundle]);
    const io = streams();
    const code = await evaluateRecords([records], policy, undefined, { format: "jsonl", session: false, failOn: new Set(), color: false }, io.streams);
    expect(io.err()).toBe("");
    expect(code).toBe(0);
    const decisions = io.out().trim().split("\n").map((l) => JSON.parse(l) as { proposal_id: string; effect: string; policy_hash: string });
    expect(decisions.map((d) => [d.proposal_id, d.effect])).toEqual([
      ["p-1", "allow"],
      ["p-2", "escalate"],
      ["p-3", "deny"],
    ]);
    expect(new Set(decisions.map((d) => d.policy_hash))).toEqual(new Set([policy.policyHash]));
  });

  it("exits 1 when a decision does not match its expectation", async () => {
    const records = join(dir, "wrong.jsonl");
    writeFileSync(records, record("p-9", "payments.refund", 5, "allow") + "\n");
    const bundle = join(dir, "b2.tar.gz");
    writeFileSync(bundle, await paymentsBundle({}));
    const io = streams();
    const code = await evaluateRecords([records], await loadOpaWasmPaths([bundle]), undefined, { format: "jsonl", session: false, failOn: new Set(), color: false }, io.streams);
    expect(code).toBe(1);
  });
});

describe("the commands", () => {
  it("`eval --policy bundle.tar.gz --data limits.json` merges the data file over the bundle's", async () => {
    const bundle = join(dir, "cmd.tar.gz");
    writeFileSync(bundle, await paymentsBundle({ limits: { max_amount: 500 } }));
    const limits = join(dir, "limits.json");
    writeFileSync(limits, JSON.stringify({ limits: { max_amount: 1000 } }));
    const records = join(dir, "cmd.jsonl");
    writeFileSync(records, record("p-1", "payments.charge", 740, "allow") + "\n");
    const io = streams();
    const code = await runEval([records], { policy: [bundle], data: limits, format: "jsonl" }, io.streams);
    expect(io.err()).toBe("");
    expect(code).toBe(0);
    expect((JSON.parse(io.out()) as { effect: string }).effect).toBe("allow");
  });

  it("`eval` refuses a bundle mixed with .snap files", async () => {
    await expect(runEval([join(dir, "cmd.jsonl")], { policy: [join(dir, "cmd.tar.gz"), "policies/"], format: "jsonl" }, streams().streams)).rejects.toMatchObject({
      code: "policy_mix",
    });
  });

  it("`query data.agent.payments.deny --policy policy.wasm --input F` prints OPA's result JSON", async () => {
    const bundle = join(dir, "q.tar.gz");
    writeFileSync(bundle, await paymentsBundle({}));
    const input = join(dir, "input.json");
    writeFileSync(input, JSON.stringify({ proposal: { id: "p-1", agent: "billing-bot", tool: "payments.refund", args: {} } }));
    const out = new PassThrough();
    const err = new PassThrough();
    let text = "";
    out.on("data", (c: Buffer) => (text += c.toString()));
    const code = await runQuery("data.agent.payments.deny", { policy: [bundle], input, format: "json" }, out as unknown as NodeJS.WriteStream, err as unknown as NodeJS.WriteStream);
    expect(code).toBe(0);
    expect(JSON.parse(text)).toEqual({ result: [{ expressions: [["refunds are disabled"]], bindings: {} }] });
  });
});
