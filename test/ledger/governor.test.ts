import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Decision, Policy } from "../../src/decision/contract.js";
import { createGovernor } from "../../src/ledger/governor.js";
import { openLedger } from "../../src/ledger/ledger.js";
import type { LedgerRecord } from "../../src/ledger/format.js";
import { SessionHistories } from "../../src/ledger/history.js";
import { verifyLedger } from "../../src/ledger/verify.js";
import { readFileSync } from "node:fs";
import { policyDouble, proposal } from "./policy-double.js";
import { tempDir } from "./temp.js";

const ctx = { now: "2026-11-02T10:15:00Z" };
const charge = (n: number, session: string, extra: Record<string, unknown> = {}) =>
  proposal(n, { tool: "payments.charge", args: { amount: 40 }, session, ...extra });

function records(path: string): LedgerRecord[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LedgerRecord);
}

const ledgerPath = () => join(tempDir(), "ledger.jsonl");

describe("governor", () => {
  it("decides with the history of the proposal's session only, and records the input it decided", async () => {
    const path = ledgerPath();
    const governor = await createGovernor({ policies: policyDouble(), ledger: path });
    expect((await governor.govern(charge(1, "a"), ctx)).effect).toBe("allow");
    expect((await governor.govern(charge(2, "b"), ctx)).effect).toBe("allow");
    expect((await governor.govern(proposal(3, { session: "a" }), ctx)).effect).toBe("allow");
    const third = await governor.govern(charge(4, "a"), ctx);
    expect(third).toMatchObject({ effect: "escalate", reasons: [{ msg: "one charge per session" }] });
    expect(governor.history("a").map((h) => [(h.proposal as { id: string }).id, h.effect])).toEqual([
      ["p-1", "allow"],
      ["p-3", "allow"],
      ["p-4", "escalate"],
    ]);
    await governor.close();
    const recs = records(path);
    expect(recs.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    // The history is stored by reference to the session, and expands to what the policy saw.
    expect(recs[3]!.input).toEqual({ proposal: charge(4, "a"), context: ctx });
    expect(recs[3]!.history_ref).toBe("session");
    const histories = new SessionHistories();
    for (const r of recs.slice(0, 3)) histories.add(r);
    expect(histories.decidedInput(recs[3]!)).toEqual({
      proposal: charge(4, "a"),
      context: ctx,
      history: [
        { proposal: charge(1, "a"), effect: "allow" },
        { proposal: proposal(3, { session: "a" }), effect: "allow" },
      ],
    });
    expect(verifyLedger(path)).toMatchObject({ ok: true, records: 4 });
  });

  it("rebuilds the session history from the ledger after a restart", async () => {
    const path = ledgerPath();
    const first = await createGovernor({ policies: policyDouble(), ledger: path });
    await first.govern(charge(1, "a"), ctx);
    await first.close();
    const second = await createGovernor({ policies: policyDouble(), ledger: path });
    expect(second.history("a")).toHaveLength(1);
    expect((await second.govern(charge(2, "a"), ctx)).effect).toBe("escalate");
    await second.close();
  });

  it("puts proposals without a session into the default session", async () => {
    const path = ledgerPath();
    const governor = await createGovernor({ policies: policyDouble(), ledger: path, session: "s-default" });
    await governor.govern(proposal(1, { tool: "payments.charge", args: {} }), ctx);
    const second = await governor.govern(proposal(2, { tool: "payments.charge", args: {} }), ctx);
    expect(second.effect).toBe("escalate");
    await governor.close();
    const recs = records(path);
    expect(recs[1]!.input).toMatchObject({ proposal: { session: "s-default" } });
    expect(recs[1]!.history_ref).toBe("session");
    expect(recs[0]!.input).toMatchObject({ proposal: { id: "p-1", session: "s-default" } });
  });

  it("answers a retried idempotency key with the committed decision, across a restart, without deciding again", async () => {
    const path = ledgerPath();
    const first = await createGovernor({ policies: policyDouble(), ledger: path });
    const original = await first.govern(charge(1, "a", { idempotency_key: "inv-2231" }), ctx);
    expect(original.effect).toBe("allow");
    await first.close();

    const policy = policyDouble();
    const second = await createGovernor({ policies: policy, ledger: path });
    const head = second.ledger.head;
    const retry = await second.govern(charge(1, "a", { idempotency_key: "inv-2231", id: "p-1-retry" }), ctx);
    expect(retry.duplicate_of).toEqual({ seq: 1, hash: records(path)[0]!.hash });
    expect(retry).toMatchObject({ effect: "allow", proposal_id: "p-1" });
    expect(policy.calls()).toBe(0);
    expect(second.ledger.head).toEqual(head);
    await second.close();
    expect(records(path)).toHaveLength(1);
  });

  it("decides a retried key again when it was not allowed", async () => {
    const path = ledgerPath();
    const governor = await createGovernor({ policies: policyDouble(), ledger: path });
    expect((await governor.govern(charge(1, "a", { idempotency_key: "k", args: { amount: 9000 } }), ctx)).effect).toBe("escalate");
    const again = await governor.govern(charge(2, "b", { idempotency_key: "k" }), ctx);
    expect(again.duplicate_of).toBeUndefined();
    expect(again.effect).toBe("allow");
    const third = await governor.govern(charge(3, "c", { idempotency_key: "k" }), ctx);
    expect(third.duplicate_of).toEqual({ seq: 2, hash: governor.ledger.head.hash });
    await governor.close();
  });

  it("lets only one of two simultaneous proposals with one key be decided", async () => {
    const path = ledgerPath();
    const policy = policyDouble();
    const governor = await createGovernor({ policies: policy, ledger: path });
    const [a, b] = await Promise.all([
      governor.govern(charge(1, "a", { idempotency_key: "same" }), ctx),
      governor.govern(charge(2, "b", { idempotency_key: "same" }), ctx),
    ]);
    expect(a.duplicate_of).toBeUndefined();
    expect(b.duplicate_of).toMatchObject({ seq: 1 });
    expect(policy.calls()).toBe(1);
    await governor.close();
    expect(records(path)).toHaveLength(1);
  });

  it("records every decision with the policy_hash of the policy set that made it, across reloads", async () => {
    const path = ledgerPath();
    const v1 = policyDouble("v1");
    const v2 = policyDouble("v2");
    const governor = await createGovernor({ policies: v1, ledger: path });
    const big = (n: number) => proposal(n, { args: { amount: 300 }, session: `s${n}` });
    // Fired without waiting: each is decided when called, so the first 20 see v1, the rest v2.
    const pending = [];
    for (let i = 1; i <= 40; i++) {
      if (i === 21) governor.reload(v2);
      pending.push(governor.govern(big(i), ctx));
    }
    const decisions = await Promise.all(pending);
    expect(governor.policyHash).toBe(v2.policyHash);
    await governor.close();
    const recs = records(path);
    for (const r of recs) {
      const made = r.policy_hash === v1.policyHash ? v1 : v2;
      expect(r.policy_hash).toBe(r.seq <= 20 ? v1.policyHash : v2.policyHash);
      expect(r.decision.policy_hash).toBe(r.policy_hash);
      // 300 is under v1's limit (500) and over v2's (100).
      expect(r.decision.effect).toBe(made === v1 ? "allow" : "escalate");
      expect(decisions[r.seq - 1]).toEqual(r.decision);
    }
  });

  it("finishes a decision with the policy set it started with, even if reloaded meanwhile", async () => {
    const path = ledgerPath();
    const v2 = policyDouble("v2");
    const v1 = policyDouble("v1");
    let governor: Awaited<ReturnType<typeof createGovernor>> | undefined;
    // A policy set that triggers a reload while it is deciding.
    const reloading: Policy = {
      policyHash: v1.policyHash,
      decide(input, options): Decision {
        governor!.reload(v2);
        return v1.decide(input, options);
      },
      query: () => [],
    };
    governor = await createGovernor({ policies: reloading, ledger: path });
    const first = await governor.govern(proposal(1, { args: { amount: 300 } }), ctx);
    const second = await governor.govern(proposal(2, { args: { amount: 300 } }), ctx);
    expect([first.effect, first.policy_hash]).toEqual(["allow", v1.policyHash]);
    expect([second.effect, second.policy_hash]).toEqual(["escalate", v2.policyHash]);
    await governor.close();
    expect(records(path).map((r) => r.policy_hash)).toEqual([v1.policyHash, v2.policyHash]);
  });

  it("refuses something that is not a policy set", async () => {
    await expect(createGovernor({ policies: {} as Policy, ledger: ledgerPath() })).rejects.toMatchObject({ code: "governor_bad_policy" });
    const governor = await createGovernor({ policies: policyDouble(), ledger: ledgerPath() });
    expect(() => governor.reload(null as unknown as Policy)).toThrow(expect.objectContaining({ code: "governor_bad_policy" }));
    await governor.close();
  });

  it("records nothing for a context that is not JSON, and stays usable", async () => {
    const path = ledgerPath();
    const governor = await createGovernor({ policies: policyDouble(), ledger: path });
    await expect(governor.govern(charge(1, "a"), { now: new Date() })).rejects.toMatchObject({ code: "ledger_not_json" });
    expect(governor.history("a")).toEqual([]);
    expect((await governor.govern(charge(2, "a"), ctx)).effect).toBe("allow");
    await governor.close();
    expect(records(path).map((r) => r.seq)).toEqual([1]);
  });

  it("works over a ledger it did not open, seeing records appended to it directly", async () => {
    const path = ledgerPath();
    const ledger = await openLedger(path);
    const policy = policyDouble();
    const input = { proposal: charge(1, "a"), context: ctx, history: [] };
    await ledger.append({ input, decision: policy.decide(input) });
    const governor = await createGovernor({ policies: policy, ledger });
    expect((await governor.govern(charge(2, "a"), ctx)).effect).toBe("escalate");
    const input3 = { proposal: charge(3, "b"), context: ctx, history: [] };
    await ledger.append({ input: input3, decision: policy.decide(input3) });
    expect(governor.history("b")).toHaveLength(1);
    await governor.close();
    // The governor leaves a ledger it did not open to its owner.
    await ledger.append({ input: input3, decision: policy.decide(input3) });
    await ledger.close();
  });
});
