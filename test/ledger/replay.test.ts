import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Decision, Policy } from "../../src/decision/contract.js";
import { createGovernor } from "../../src/ledger/governor.js";
import { replayLedger } from "../../src/ledger/replay.js";
import { policyDouble, proposal } from "./policy-double.js";
import { tempDir } from "./temp.js";

const ctx = { now: "2026-11-02T10:15:00Z" };

/** A ledger decided by v1: amounts 50, 300, 300, 900 and a charge pair in one session. */
async function v1Ledger(): Promise<string> {
  const path = join(tempDir(), "ledger.jsonl");
  const governor = await createGovernor({ policies: policyDouble("v1"), ledger: path });
  for (const [i, amount] of [50, 300, 300, 900].entries()) await governor.govern(proposal(i + 1, { args: { amount }, session: `s${i}` }), ctx);
  await governor.govern(proposal(5, { tool: "payments.charge", args: {}, session: "pay" }), ctx);
  await governor.govern(proposal(6, { tool: "payments.charge", args: {}, session: "pay" }), ctx);
  await governor.close();
  return path;
}

describe("replay", () => {
  it("finds no drift with the policy set that decided", async () => {
    const path = await v1Ledger();
    const v1 = policyDouble("v1");
    expect(replayLedger(path, v1)).toEqual({ file: path, policy_hash: v1.policyHash, records: 6, drift: [], other_policies: [] });
  });

  it("re-decides the recorded input, history included", async () => {
    const path = await v1Ledger();
    // Seq 6 was escalated only because of its history (a second charge in the session); replay must see that history.
    const recorded = JSON.parse(readFileSync(path, "utf8").split("\n")[5]!) as { decision: Decision };
    expect(recorded.decision.effect).toBe("escalate");
    expect(replayLedger(path, policyDouble("v1")).drift).toEqual([]);
  });

  it("reports the decisions a policy change flips, and the records decided under the other policy", async () => {
    const path = await v1Ledger();
    const v1 = policyDouble("v1");
    const v2 = policyDouble("v2");
    const report = replayLedger(path, v2);
    // v2's limit is 100: the two 300s flip from allow to escalate; 900 stays escalated but for another reason.
    expect(report.drift.map((d) => [d.seq, d.recorded.effect, d.replayed.effect, d.fields])).toEqual([
      [2, "allow", "escalate", ["effect", "reasons"]],
      [3, "allow", "escalate", ["effect", "reasons"]],
      [4, "escalate", "escalate", ["reasons"]],
    ]);
    expect(report.drift.every((d) => !d.same_policy && d.recorded_policy_hash === v1.policyHash)).toBe(true);
    expect(report.drift[0]).toMatchObject({ proposal_id: "p-2", replayed: { reasons: [{ msg: "amounts over 100 need a human" }] } });
    expect(report.other_policies).toEqual([{ policy_hash: v1.policyHash, records: 6, first_seq: 1, last_seq: 6 }]);
  });

  it("flags drift under the same policy_hash as a determinism problem", async () => {
    const path = await v1Ledger();
    const v1 = policyDouble("v1");
    const v2 = policyDouble("v2");
    // Claims to be v1 but decides like v2: what a non-deterministic evaluator would look like.
    const impostor: Policy = { policyHash: v1.policyHash, decide: (i, o) => ({ ...v2.decide(i, o), policy_hash: v1.policyHash }), query: () => [] };
    const report = replayLedger(path, impostor);
    expect(report.other_policies).toEqual([]);
    expect(report.drift.map((d) => [d.seq, d.same_policy])).toEqual([
      [2, true],
      [3, true],
      [4, true],
    ]);
  });

  it("reports obligations that differ", async () => {
    const path = await v1Ledger();
    const v1 = policyDouble("v1");
    const noObligations: Policy = {
      policyHash: v1.policyHash,
      decide: (i, o): Decision => ({ ...v1.decide(i, o), obligations: [] }),
      query: () => [],
    };
    expect(replayLedger(path, noObligations).drift.map((d) => [d.seq, d.fields])).toEqual([[5, ["obligations"]]]);
  });

  it("does not count a reason's moved location as drift", async () => {
    const path = await v1Ledger();
    const v1 = policyDouble("v1");
    // The same rules with a comment added above them: every location moves one line down.
    const moved: Policy = {
      policyHash: v1.policyHash,
      decide: (i, o): Decision => {
        const d = v1.decide(i, o);
        return { ...d, reasons: d.reasons.map((r) => ({ ...r, location: "double.snap:2" })) };
      },
      query: () => [],
    };
    expect(replayLedger(path, moved).drift).toEqual([]);
  });

  it("refuses a ledger whose chain is broken", async () => {
    const path = await v1Ledger();
    const lines = readFileSync(path, "utf8").split("\n");
    lines[2] = lines[2]!.replace('"amount":300', '"amount":30');
    writeFileSync(path, lines.join("\n"));
    expect(() => replayLedger(path, policyDouble("v1"))).toThrow(expect.objectContaining({ code: "ledger_corrupt", message: expect.stringContaining("seq 3") }));
  });

  it("says so when the ledger cannot be read", () => {
    expect(() => replayLedger(join(tempDir(), "missing.jsonl"), policyDouble())).toThrow(expect.objectContaining({ code: "ledger_unreadable" }));
  });
});
