// A worked example: property tests for the starter payment policy with `snapspace/testing`
// (the README quotes this file). Each test states a rule of the business, generates inputs
// the policy has opinions about, and lets fast-check look for a counterexample.
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadPolicies, type Policy } from "snapspace";
import {
  checkDeterminism,
  checkIdempotentReplay,
  checkProperty,
  inputArb,
  mutatedSessionsArb,
  proposalArb,
  PropertyFailure,
  readRecordsFile,
  timestampArb,
} from "snapspace/testing";

const HARD_LIMITS: Record<string, number> = { EUR: 10_000, USD: 10_000, GBP: 8_000, JPY: 1_500_000 };

// What a billing agent may send: any amount up to twice the largest limit, in a few currencies.
const charges = proposalArb({
  tool: "payments.charge",
  agent: "billing-bot",
  args: z.object({
    customer: z.string().regex(/^c-\d{1,3}$/),
    amount: z.number().min(0).max(3_000_000),
    currency: z.enum(["EUR", "USD", "GBP", "JPY", "CHF"]),
  }),
  idempotencyKeys: ["inv-1", "inv-2"],
});

const chargesInProduction = inputArb({
  proposal: charges,
  context: timestampArb("2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z").map((now) => ({ now, env: "production" })),
});

let policy: Policy;
beforeAll(async () => {
  policy = await loadPolicies(["policies/"]);
});

describe("payments", () => {
  it("never allows a charge over the hard limit, nor in a currency without one", () => {
    checkProperty(
      policy,
      chargesInProduction,
      (decision, input) => {
        if (decision.effect !== "allow") return true;
        const { amount, currency } = input.proposal.args;
        const limit = HARD_LIMITS[currency];
        return (limit !== undefined && amount <= limit) || `a charge of ${amount} ${currency} was allowed`;
      },
      { numRuns: 300, seed: 42 },
    );
  });

  it("decides the same input the same way, whatever the key order or what came before", () => {
    checkDeterminism(policy, chargesInProduction, { numRuns: 100, seed: 42 });
  });

  it("replays recorded sessions to the same decisions, also when they are mutated", async () => {
    const records = await readRecordsFile("fixtures/sessions/");
    checkIdempotentReplay(policy, records, { numRuns: 30, seed: 42 });
  });

  it("never lets the same idempotency key through twice in a session", async () => {
    const records = await readRecordsFile("fixtures/sessions/");
    checkProperty(
      policy,
      mutatedSessionsArb(records, { amounts: [500, 10_000] }),
      (decision, input) =>
        decision.effect !== "allow" ||
        !input.history.some((h: any) => h.effect === "allow" && h.proposal.idempotency_key !== undefined && h.proposal.idempotency_key === input.proposal.idempotency_key),
      { numRuns: 300, seed: 42 },
    );
  });

  it("a failure names the smallest counterexample, ready to paste into a records file", () => {
    // A rule the policy does not keep: escalated charges exist (over 500 EUR), so this fails.
    let failure: PropertyFailure | undefined;
    try {
      checkProperty(policy, chargesInProduction, (decision) => decision.effect !== "escalate", { seed: 42 });
    } catch (e) {
      if (e instanceof PropertyFailure) failure = e;
      else throw e;
    }
    // Shrunk to the boundary: one unit over the automatic limit of its currency (500 EUR, 75,000 JPY, …).
    const AUTO_LIMITS: Record<string, number> = { EUR: 500, USD: 500, GBP: 400, JPY: 75_000 };
    const { proposal } = JSON.parse(failure!.records.lines[0]!);
    expect(proposal.args.amount).toBe(AUTO_LIMITS[proposal.args.currency]! + 1);
    expect(failure!.message).toContain("effect: escalate");
    expect(failure!.message).toContain(`charges over ${AUTO_LIMITS[proposal.args.currency]} ${proposal.args.currency} need a human to approve them`);
  });
});
