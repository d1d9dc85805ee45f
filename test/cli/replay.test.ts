/**
 * `snapspace replay` end to end with real policies: a ledger written by the
 * governor under one version of a `.snap` policy, replayed with the same
 * files and with a changed version.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { loadPolicies } from "../../src/api/load.js";
import { runReplay } from "../../src/cli/replay.js";
import { createGovernor } from "../../src/ledger/governor.js";

const dir = mkdtempSync(join(tmpdir(), "snapspace-cli-replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const policyText = (limit: number) => `package agent.payments

default allow := true

escalate contains "charges over ${limit} EUR need a human" if {
  input.proposal.tool == "payments.charge"
  input.proposal.args.amount > ${limit}
}

deny contains "a second charge in one session" if {
  input.proposal.tool == "payments.charge"
  some h in input.history
  h.proposal.tool == "payments.charge"
  h.effect == "allow"
}
`;

const charge = (id: string, amount: number, session: string) => ({ id, agent: "billing-bot", tool: "payments.charge", args: { amount, currency: "EUR" }, session });

async function ledgerUnder(policyFile: string): Promise<string> {
  const path = join(dir, `ledger-${Math.random().toString(36).slice(2)}.jsonl`);
  const governor = await createGovernor({ policies: await loadPolicies([policyFile]), ledger: path });
  const ctx = { now: "2026-11-02T10:15:00Z" };
  expect((await governor.govern(charge("p-1", 100, "a"), ctx)).effect).toBe("allow");
  expect((await governor.govern(charge("p-2", 300, "b"), ctx)).effect).toBe("allow");
  expect((await governor.govern(charge("p-3", 50, "a"), ctx)).effect).toBe("deny"); // because of its history
  expect((await governor.govern(charge("p-4", 900, "c"), ctx)).effect).toBe("escalate");
  await governor.close();
  return path;
}

async function replay(ledger: string, policy: string, format: "pretty" | "json" = "pretty"): Promise<{ code: number; out: string }> {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  try {
    return { code: await runReplay(ledger, { policy: [policy], format }), out };
  } finally {
    spy.mockRestore();
  }
}

describe("snapspace replay", () => {
  const v1 = join(dir, "v1.snap");
  const v2 = join(dir, "v2.snap");
  writeFileSync(v1, policyText(500));
  writeFileSync(v2, policyText(200));

  it("exits 0 with no drift when replayed with the policy that decided", async () => {
    const ledger = await ledgerUnder(v1);
    const r = await replay(ledger, v1);
    expect(r.code).toBe(0);
    expect(r.out).toContain("replayed 4 records");
    expect(r.out).toContain("no drift");
    expect(r.out).not.toContain("another policy_hash");
  });

  it("exits 1 and lists what a policy change flips, and the records decided under the old policy_hash", async () => {
    const ledger = await ledgerUnder(v1);
    const old = (await loadPolicies([v1])).policyHash;
    const r = await replay(ledger, v2, "json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    // Lowering the limit to 200 turns the 300 EUR charge into an escalation; the 900 one escalates for another reason.
    expect(report.drift.map((d: { seq: number; recorded: { effect: string }; replayed: { effect: string }; fields: string[] }) => [d.seq, d.recorded.effect, d.replayed.effect, d.fields])).toEqual([
      [2, "allow", "escalate", ["effect", "reasons"]],
      [4, "escalate", "escalate", ["reasons"]],
    ]);
    expect(report.other_policies).toEqual([{ policy_hash: old, records: 4, first_seq: 1, last_seq: 4 }]);
    const pretty = await replay(ledger, v2);
    expect(pretty.out).toContain("seq 2 (p-2): allow → escalate");
    expect(pretty.out).toContain('replayed reasons: escalate "charges over 200 EUR need a human"');
    expect(pretty.out).toContain(`4 records were decided under another policy_hash`);
  });
});
