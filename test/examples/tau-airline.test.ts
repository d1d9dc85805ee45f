/**
 * The τ-bench airline example end to end: the policy's own tests, and the
 * policy governing the 100 recorded runs (imported from shared/datasets,
 * replayed one session per run as `snapspace eval --session` does).
 *
 * The bound on false blocks is the example's promise (README): runs that
 * ended right may have a call blocked only where the benchmark's expected
 * actions break the written policy (tasks 26 and 34), or where the blocked
 * call failed at the airline's API anyway.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import type { Decision } from "../../src/decision/contract.js";
import { importDocument } from "../../src/import/documents.js";
import type { ImportedRecord } from "../../src/import/record.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const POLICIES = join(ROOT, "examples", "tau-airline", "policies");
const RUNS = join(ROOT, "..", "shared", "datasets", "tau-bench-airline", "gpt-4o-airline-even-tasks.json");

const files = readdirSync(POLICIES).filter((f) => f.endsWith(".snap")).sort();
const sources = files.map((f) => ({ file: `policies/${f}`, source: readFileSync(join(POLICIES, f), "utf8") }));
const policy = compile({ modules: sources });

const WRITES = new Set(["book_reservation", "cancel_reservation", "send_certificate", "update_reservation_baggages", "update_reservation_flights", "update_reservation_passengers"]);

describe("the airline policy's own tests", () => {
  const tests = policy.rules.filter((r) => r.name.startsWith("test_"));

  it("has tests for every policy file", () => {
    const tested = new Set(tests.map((t) => t.file.replace(/_test\.snap$/, ".snap")));
    for (const f of files.filter((x) => !x.endsWith("_test.snap") && x !== "facts.snap")) expect(tested).toContain(`policies/${f}`);
  });

  it.each(tests.map((t) => [`${t.package}.${t.name}`]))("%s", (path) => {
    expect(policy.query(`data.${path}`)).toEqual([{ expressions: [true], bindings: {} }]);
  });
});

interface Call {
  readonly record: ImportedRecord;
  readonly decision: Decision;
}

const text = readFileSync(RUNS, "utf8");
const runs = JSON.parse(text) as { task_id: number; trial: number; reward: number }[];
const imported = importDocument("tau-bench", text, "runs.json");

/** Every run replayed as one session: each call's history is the earlier calls, with their effects and results. */
const replayed = runs.map((run) => {
  const session = `tau-${run.task_id}-${run.trial}`;
  const history: unknown[] = [];
  const calls: Call[] = imported.records
    .filter((r) => r.proposal.session === session)
    .map((record) => {
      const decision = policy.decide({ proposal: record.proposal, context: record.context, history: [...history] });
      history.push({ proposal: record.proposal, effect: decision.effect, ...(record.result !== undefined ? { result: record.result } : {}) });
      return { record, decision };
    });
  return { session, reward: run.reward, calls };
});

const blocked = (c: Call) => c.decision.effect !== "allow";
const failedAtTheApi = (c: Call) => typeof c.record.result === "string" && c.record.result.startsWith("Error");
const rulesOf = (c: Call) => c.decision.reasons.map((r) => r.details?.["rule"]);
const run = (session: string) => replayed.find((r) => r.session === session)!;

describe("the airline policy on the recorded τ-bench runs", () => {
  it("decides every call without an evaluation error", () => {
    const errors = replayed.flatMap((r) => r.calls.filter((c) => c.decision.errors.length > 0).map((c) => [r.session, c.decision.errors]));
    expect(errors).toEqual([]);
  });

  it("always allows read-only tools and the hand-off to a person", () => {
    const reads = replayed.flatMap((r) => r.calls).filter((c) => !WRITES.has(c.record.proposal.tool));
    expect(reads.length).toBeGreaterThan(400);
    expect(reads.filter(blocked).map((c) => [c.record.proposal.session, c.record.proposal.tool])).toEqual([]);
  });

  it("blocks a call that the airline carried out in at most 5% of the runs, all of them runs whose expected actions break the written policy", () => {
    const right = replayed.filter((r) => r.reward === 1);
    expect(right).toHaveLength(49);
    const falseBlocks = right.filter((r) => r.calls.some((c) => blocked(c) && !failedAtTheApi(c)));
    expect(falseBlocks.length).toBeLessThanOrEqual(5);
    // Task 26 cancels a trip whose flights left on May 13 and 14; task 34 cancels an economy
    // booking made on May 1 without insurance. The README explains both.
    for (const r of falseBlocks) expect(r.session).toMatch(/^tau-(26|34)-\d$/);
    const blockedRules = falseBlocks.flatMap((r) => r.calls.filter(blocked).filter((c) => !failedAtTheApi(c)).flatMap(rulesOf));
    expect(new Set(blockedRules)).toEqual(new Set(["cancellation.trip_not_flown", "cancellation.eligibility"]));
  });

  it("names a rule of the policy for every call it blocks", () => {
    const known = new Set([...sources.map((s) => s.source).join("\n").matchAll(/"rule": "([a-z_.]+)"/g)].map((m) => m[1]));
    const named = replayed.flatMap((r) => r.calls.filter(blocked)).flatMap(rulesOf);
    expect(named.length).toBeGreaterThan(0);
    for (const rule of named) expect(known).toContain(rule);
  });

  it("catches writes of runs that ended wrong, on rules a reader can check in the conversation", () => {
    const caught = replayed.filter((r) => r.reward !== 1 && r.calls.some((c) => blocked(c) && WRITES.has(c.record.proposal.tool)));
    expect(caught.length).toBeGreaterThan(0);
    // Read in the transcripts: a basic economy trip moved to another flight in one call;
    const basic = run("tau-22-0").calls.find((c) => c.record.proposal.tool === "update_reservation_flights")!;
    expect([basic.decision.effect, rulesOf(basic)]).toEqual(["deny", ["changes.basic_economy_flights"]]);
    // a booking paid with two travel certificates, charging a bag a gold member gets free;
    const twoCertificates = run("tau-0-1").calls.filter((c) => c.record.proposal.tool === "book_reservation")[1]!;
    expect(new Set(rulesOf(twoCertificates))).toEqual(new Set(["booking.payment_limits", "booking.checked_bag_charges"]));
    // a flight change after "I'll go with Option 2, please", with no yes to the details.
    const noYes = run("tau-6-2").calls.find((c) => c.record.proposal.tool === "update_reservation_flights")!;
    expect([noYes.decision.effect, rulesOf(noYes)]).toEqual(["deny", ["confirmation.explicit_yes"]]);
    // Two the airline's own API refused afterwards, for the reason the policy gives beforehand:
    // a booking for two passengers on a flight the search showed with one economy seat left ("not enough seats"),
    const seats = run("tau-32-0").calls.find((c) => c.record.proposal.tool === "book_reservation")!;
    expect(seats.record.result).toMatch(/^Error: not enough seats/);
    expect([seats.decision.effect, rulesOf(seats)]).toEqual(["deny", ["booking.flight_not_available"]]);
    // and a gift card asked for more than the profile showed on it ("not enough balance").
    const balance = run("tau-4-2").calls.find((c) => c.record.proposal.tool === "book_reservation")!;
    expect(balance.record.result).toMatch(/^Error: not enough balance/);
    expect(rulesOf(balance)).toContain("booking.payment_balance");
  });
});
