// The mutating arbitraries: what they generate is valid, reaches every mutation, stays recognisably the
// recorded traffic, and shrinks back toward it.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedProposal } from "../../src/decision/schemas.js";
import { validateInput, validateRecord } from "../../src/decision/validate.js";
import { mutatedRecordsArb, mutatedSessionsArb, readRecordsFile, type Session } from "../../src/testing/index.js";

let records: RecordedProposal[];
beforeAll(async () => {
  records = await readRecordsFile(new URL("../../fixtures/sessions/", import.meta.url).pathname);
});

/** The recorded record a generated one was made from: same proposal id. */
const original = (r: RecordedProposal) => records.find((x) => x.proposal.id === r.proposal.id)!;

describe("mutatedSessionsArb", () => {
  it("generates sessions of valid records, one session id, without `expect`", () => {
    fc.assert(
      fc.property(mutatedSessionsArb(records), (session) => {
        expect(session.length).toBeGreaterThan(0);
        for (const r of session) {
          expect(validateRecord(r).ok).toBe(true);
          expect("expect" in r).toBe(false);
          expect(original(r)).toBeDefined();
        }
        expect(new Set(session.map((r) => r.proposal.session)).size).toBe(1);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it("without mutations, a session is a recorded session up to some record", () => {
    fc.assert(
      fc.property(mutatedSessionsArb(records, { mutations: [] }), (session) => {
        const id = session[0]!.proposal.session;
        const recorded = records.filter((r) => r.proposal.session === id).map(({ expect: _, ...r }) => r);
        expect(session).toEqual(recorded.slice(0, session.length));
      }),
      { numRuns: 200, seed: 12 },
    );
  });

  it("reaches every kind of mutation", () => {
    const seen = new Set<string>();
    for (const session of fc.sample(mutatedSessionsArb(records), { numRuns: 2000, seed: 13 })) {
      const target = session[session.length - 1]!;
      const was = original(target);
      const p = target.proposal;
      const q = was.proposal;
      if (p.args?.["amount"] !== q.args?.["amount"]) seen.add("amount");
      if (p.args?.["currency"] !== q.args?.["currency"]) seen.add("currency");
      if (p.tool !== q.tool) seen.add("tool");
      if (p.agent !== q.agent) seen.add("agent");
      if (p.idempotency_key !== q.idempotency_key) seen.add("idempotency_key");
      if (target.context?.now !== was.context?.now) seen.add("now");
      const recorded = records.filter((r) => r.proposal.session === p.session);
      const ids = session.slice(0, -1).map((r) => r.proposal.id);
      const before = recorded.slice(0, recorded.indexOf(was)).map((r) => r.proposal.id);
      if (ids.length < before.length) seen.add("drop");
      if (new Set(ids).size < ids.length) seen.add("duplicate");
      const order = ids.filter((id, i) => ids.indexOf(id) === i);
      if (order.some((id, i) => i > 0 && before.indexOf(id) < before.indexOf(order[i - 1]!))) seen.add("reorder");
    }
    expect([...seen].sort()).toEqual(["agent", "amount", "currency", "drop", "duplicate", "idempotency_key", "now", "reorder", "tool"]);
  });

  it("keeps `context.now` RFC 3339 when it shifts it", () => {
    for (const session of fc.sample(mutatedSessionsArb(records, { mutations: ["now"] }), { numRuns: 300, seed: 14 })) {
      for (const r of session) if (r.context?.now !== undefined) expect(validateRecord(r).ok).toBe(true);
    }
  });

  it("shrinks to the recorded record with only the change that matters, and no history", () => {
    // Fails whenever the record under test is a charge in a currency the recordings never use.
    const recorded = new Set(records.map((r) => r.proposal.args?.["currency"]));
    const r = fc.check(
      fc.property(mutatedSessionsArb(records), (session: Session) => {
        const t = session[session.length - 1]!;
        return !(t.proposal.tool === "payments.charge" && !recorded.has(t.proposal.args?.["currency"]));
      }),
      { seed: 15, numRuns: 1000 },
    );
    expect(r.failed).toBe(true);
    const session = r.counterexample![0];
    expect(session).toHaveLength(1);
    const t = session[0]!;
    const { expect: _, ...was } = original(t);
    // Everything but the currency is as recorded.
    expect({ ...t, proposal: { ...t.proposal, args: { ...t.proposal.args, currency: was.proposal.args?.["currency"] } } }).toEqual(was);
  });

  it("uses the given extra values", () => {
    const tools = new Set(fc.sample(mutatedSessionsArb(records, { mutations: ["tool"], tools: ["vault.read"] }), { numRuns: 3000, seed: 16 }).flatMap((s) => s.map((r) => r.proposal.tool)));
    expect(tools.has("vault.read")).toBe(true);
  });
});

describe("mutatedRecordsArb", () => {
  it("generates valid inputs whose history comes from the session, with recorded effects unless flipped", () => {
    let flipped = 0;
    let withHistory = 0;
    fc.assert(
      fc.property(mutatedRecordsArb(records), (input) => {
        expect(validateInput(input).ok).toBe(true);
        if (input.history.length > 0) withHistory++;
        for (const h of input.history) {
          expect(h.proposal.session).toBe(input.proposal.session);
          if (h.effect !== (original({ proposal: h.proposal } as RecordedProposal).expect ?? "allow")) flipped++;
        }
      }),
      { numRuns: 500, seed: 17 },
    );
    expect(withHistory).toBeGreaterThan(100);
    expect(flipped).toBeGreaterThan(0);
  });

  it("never flips without the `flip` mutation", () => {
    for (const input of fc.sample(mutatedRecordsArb(records, { mutations: ["drop", "amount"] }), { numRuns: 300, seed: 18 })) {
      for (const h of input.history) expect(h.effect).toBe(original({ proposal: h.proposal } as RecordedProposal).expect ?? "allow");
    }
  });

  it("refuses an empty list of records", () => {
    expect(() => mutatedRecordsArb([])).toThrow(/no records to mutate|there are no records/);
  });
});
