// The checks: they pass on policies that keep their promises, and on a planted bug they throw a
// PropertyFailure with the smallest counterexample, as JSON and as records `snapspace eval` reads.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { compile } from "../../src/api/compile.js";
import { loadPolicies } from "../../src/api/load.js";
import type { CompiledPolicy } from "../../src/api/policy.js";
import { SessionHistories } from "../../src/cli/records/session.js";
import { canonicalJson } from "../../src/decision/canonical.js";
import type { Decision, DecideOptions, Policy, QueryResult } from "../../src/decision/contract.js";
import type { RecordedProposal } from "../../src/decision/schemas.js";
import { validateRecord } from "../../src/decision/validate.js";
import { caseRecords } from "../../src/testing/counterexample.js";
import {
  checkDeterminism,
  checkIdempotentReplay,
  checkProperty,
  decideCase,
  inputArb,
  mutatedRecordsArb,
  mutatedSessionsArb,
  PropertyFailure,
  proposalArb,
  readRecordsFile,
  replaySession,
} from "../../src/testing/index.js";

const ROOT = new URL("../../", import.meta.url).pathname;
let library: CompiledPolicy;
let records: RecordedProposal[];
beforeAll(async () => {
  library = await loadPolicies([`${ROOT}policies/`]);
  records = await readRecordsFile(`${ROOT}fixtures/sessions/`);
});

// Charges up to 500 allowed, a duplicate of an allowed key denied; nothing else allowed.
const SMALL = `package shop

allow if {
  input.proposal.tool == "charge"
  input.proposal.args.amount <= 500
}

deny contains "duplicate" if {
  some h in input.history
  h.effect == "allow"
  h.proposal.idempotency_key == input.proposal.idempotency_key
}
`;
const small = compile({ modules: [{ file: "shop.snap", source: SMALL }] });
const charges = inputArb({
  proposal: proposalArb({ tool: "charge", agent: "bot", args: z.object({ amount: z.number().int().min(0).max(2000) }), idempotencyKeys: ["k-1"] }),
});

function failure(fn: () => unknown): PropertyFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof PropertyFailure) return e;
    throw e;
  }
  throw new Error("the check passed");
}

describe("checkProperty", () => {
  it("returns what it tried when the property holds", () => {
    const s = checkProperty(small, charges, (d, input) => d.effect !== "allow" || input.proposal.args.amount <= 500, { numRuns: 200, seed: 1 });
    expect(s.runs).toBe(200);
    expect(s.seed).toBe(1);
    expect(s.effects.allow + s.effects.deny + s.effects.escalate).toBe(200);
    expect(s.effects.allow).toBeGreaterThan(0);
    expect(s.effects.deny).toBeGreaterThan(0);
  });

  it("throws the smallest counterexample: the first amount over the limit", () => {
    const e = failure(() => checkProperty(small, charges, (d, input) => d.effect !== "allow" || input.proposal.args.amount < 300, { seed: 2 }));
    // Shrinking finds the boundary: 300 is the smallest amount allowed that breaks `< 300`.
    expect((e.counterexample.input as { proposal: { args: { amount: number } } }).proposal.args.amount).toBe(300);
    expect(e.counterexample.decision.effect).toBe("allow");
    expect(e.records.lines).toHaveLength(1);
    expect(e.records.reproducible).toBe(true);
    expect(validateRecord(JSON.parse(e.records.lines[0]!)).ok).toBe(true);
    expect(e.message).toContain("seed 2");
    expect(e.message).toContain("the predicate returned false");
    expect(e.message).toContain(e.records.lines[0]!);
    expect(e.message).toContain("effect: allow");
    expect(e.message).toContain("reasons: none");
  });

  it("gives the same counterexample for the same seed", () => {
    const run = () => failure(() => checkProperty(small, charges, (d) => d.effect !== "deny", { seed: 3 })).message;
    expect(run()).toBe(run());
  });

  it("uses the predicate's own words: a returned string, or what it threw", () => {
    const said = failure(() => checkProperty(small, charges, (d) => d.effect !== "allow" || "an allow", { seed: 4 }));
    expect(said.violations).toEqual(["an allow"]);
    const threw = failure(() =>
      checkProperty(
        small,
        charges,
        (d) => {
          expect(d.effect).toBe("allow");
        },
        { seed: 4 },
      ),
    );
    expect(threw.violations[0]).toMatch(/expected 'deny' to be 'allow'/);
    // The reasons of the decision are shown with their package and location.
    expect(threw.message).toContain("deny snapspace: no policy allows this proposal (<default>)");
  });

  it("decides a session's last record after the earlier ones, and prints the whole session", () => {
    const first = { proposal: { id: "p-1", agent: "bot", tool: "charge", args: { amount: 10 }, idempotency_key: "k-1", session: "s" } };
    const again = { proposal: { ...first.proposal, id: "p-2" } };
    const sessions = fc.constantFrom<RecordedProposal[]>([first], [first, again]);
    const e = failure(() => checkProperty(small, sessions, (d) => d.effect === "allow", { seed: 5 }));
    expect(e.counterexample.decision.reasons.map((r) => r.msg)).toEqual(["duplicate"]);
    expect(e.records.lines.map((l) => JSON.parse(l))).toEqual([first, again]);
    expect(e.message).toContain("as a session for `snapspace eval --session` (2 records");
  });
});

describe("checkDeterminism", () => {
  it("passes on the starter library, over mutated recorded inputs and sessions", () => {
    expect(checkDeterminism(library, mutatedRecordsArb(records), { numRuns: 60, seed: 6 }).runs).toBe(60);
    expect(checkDeterminism(library, mutatedSessionsArb(records), { numRuns: 30, seed: 6, others: [compile({ modules: library.sources.map((s) => ({ file: s.name, source: s.text })), data: library.program.data })] }).runs).toBe(30);
  });

  /** A policy that decides by something it should not look at. */
  const fake = (decide: (input: any) => Decision["effect"]): Policy => ({
    policyHash: "sha256:fake",
    decide: (input: unknown, _o?: DecideOptions): Decision => ({ proposal_id: "p", effect: decide(input), reasons: [], obligations: [], policy_hash: "sha256:fake", errors: [] }),
    query: (): QueryResult[] => [],
  });

  it("catches a decision that depends on key order", () => {
    const e = failure(() => checkDeterminism(fake((i) => (Object.keys(i.proposal)[0] === "id" ? "allow" : "deny")), charges, { seed: 7 }));
    expect(e.violations.join("\n")).toContain("the decision differs with object keys in another order");
  });

  it("catches a decision that depends on what was decided before", () => {
    let calls = 0;
    const e = failure(() => checkDeterminism(fake(() => (++calls % 2 === 0 ? "allow" : "deny")), charges, { seed: 8 }));
    expect(e.violations.join("\n")).toContain("the decision differs decided again");
  });

  it("catches another back end that disagrees", () => {
    // The same policy set (same hash) on a "back end" whose limit is 400 instead of 500.
    const other: Policy = {
      policyHash: small.policyHash,
      decide: (input: any, o?: DecideOptions) => {
        const d = small.decide(input, o);
        return input.proposal.args.amount >= 400 ? { ...d, effect: "deny" } : d;
      },
      query: (q, o) => small.query(q, o),
    };
    const e = failure(() => checkDeterminism(small, charges, { seed: 9, others: [other] }));
    expect(e.violations.join("\n")).toContain("by the other policy #1");
    // The smallest input on which they disagree is the boundary.
    expect((e.counterexample.input as { proposal: { args: { amount: number } } }).proposal.args.amount).toBe(400);
  });
});

describe("checkIdempotentReplay", () => {
  it("passes on the starter library and its recorded sessions", () => {
    expect(checkIdempotentReplay(library, records, { numRuns: 20, seed: 10 }).runs).toBe(20);
  });

  it("catches a policy that remembers what it saw", () => {
    const seen = new Set<string>();
    const forgetful: Policy = {
      policyHash: "sha256:x",
      decide: (input: any): Decision => {
        const first = !seen.has(input.proposal.id);
        seen.add(input.proposal.id);
        return { proposal_id: input.proposal.id, effect: first ? "allow" : "deny", reasons: [], obligations: [], policy_hash: "sha256:x", errors: [] };
      },
      query: () => [],
    };
    const e = failure(() => checkIdempotentReplay(forgetful, records, { seed: 11 }));
    expect(e.violations[0]).toContain("decided differently when the records are replayed again");
  });
});

describe("sessions replay as `snapspace eval --session` does", () => {
  it("replaySession builds the same input as eval's session histories, for every recorded record", () => {
    const histories = new SessionHistories();
    const bySession = new Map<string, RecordedProposal[]>();
    for (const r of records) {
      const input = histories.inputFor(r);
      const session = [...(bySession.get(r.proposal.session!) ?? []), r];
      bySession.set(r.proposal.session!, session);
      expect(canonicalJson(replaySession(library, session).input)).toBe(canonicalJson(input));
      histories.add(r, library.decide(input).effect);
    }
  });

  it("a generated history is printed as not reproducible when the policy would decide it otherwise", () => {
    const charge = { id: "p-1", agent: "bot", tool: "charge", args: { amount: 10 }, idempotency_key: "k-1" };
    const real = decideCase(small, { proposal: { ...charge, id: "p-2" }, history: [{ proposal: charge, effect: "allow" }] });
    expect(caseRecords(small, real).reproducible).toBe(true);
    // The policy allows p-1, so a history saying it was denied cannot come out of a replay.
    const made = decideCase(small, { proposal: { ...charge, id: "p-2" }, history: [{ proposal: charge, effect: "deny" }] });
    const printed = caseRecords(small, made);
    expect(printed.reproducible).toBe(false);
    expect(printed.lines.map((l) => JSON.parse(l).proposal.session)).toEqual(["s-counterexample", "s-counterexample"]);
  });
});
