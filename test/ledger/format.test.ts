import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { EMPTY_HEAD, GENESIS_HASH, parseRecordLine, recordBody, recordLine } from "../../src/ledger/format.js";
import { sealRecord } from "../../src/ledger/format.js";
import { SessionHistories } from "../../src/ledger/history.js";
import { policyDouble, proposal } from "./policy-double.js";

const policy = policyDouble();
const entry = (n: number) => {
  const input = { proposal: proposal(n), context: { now: "2026-11-02T10:15:00Z" }, history: [] };
  return { input, decision: policy.decide(input) };
};

describe("record format", () => {
  it("starts the chain at the documented genesis hash", () => {
    expect(GENESIS_HASH).toBe("sha256:0000000000000000000000000000000000000000000000000000000000000000");
    expect(sealRecord(entry(1), EMPTY_HEAD)).toMatchObject({ seq: 1, prev_hash: GENESIS_HASH });
  });

  it("hashes the RFC 8785 canonical JSON of the record without `hash`", () => {
    const r = sealRecord(entry(1), EMPTY_HEAD);
    // Independently: the reference canonicaliser and node's SHA-256, over every field but `hash`.
    const body = { seq: r.seq, prev_hash: r.prev_hash, policy_hash: r.policy_hash, input: r.input, decision: r.decision };
    const expected = "sha256:" + createHash("sha256").update(canonicalize(body)!, "utf8").digest("hex");
    expect(r.hash).toBe(expected);
    expect(r.policy_hash).toBe(policy.policyHash);
  });

  it("links each record to the one before", () => {
    const first = sealRecord(entry(1), EMPTY_HEAD);
    const second = sealRecord(entry(2), first);
    expect(second.seq).toBe(2);
    expect(second.prev_hash).toBe(first.hash);
    expect(second.hash).not.toBe(first.hash);
  });

  it("writes one line, newline last, seq first, that parses back to the same record", () => {
    const r = sealRecord({ ...entry(1), input: { proposal: proposal(1, { args: { text: "two\nlines\r\u2028" } }) } }, EMPTY_HEAD);
    const line = recordLine(r);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.indexOf("\n")).toBe(line.length - 1);
    expect(line.startsWith(`{"seq":1,"prev_hash":"${GENESIS_HASH}","hash":"${r.hash}"`)).toBe(true);
    const parsed = parseRecordLine(line.slice(0, -1));
    expect(parsed.ok && parsed.record).toEqual(r);
  });

  it("keeps integers beyond 2^53 exact through a write and a read", () => {
    const big = 2n ** 70n + 1n;
    const r = sealRecord({ ...entry(1), input: { proposal: proposal(1, { args: { amount: big, unsafe: 2 ** 60 } }) } }, EMPTY_HEAD);
    const line = recordLine(r);
    expect(line).toContain(`"amount":${big.toString()}`);
    expect(line).toContain(`"unsafe":${(2n ** 60n).toString()}`);
    const parsed = parseRecordLine(line.slice(0, -1));
    if (!parsed.ok) throw new Error(parsed.fault);
    // The verifier's recomputation matches the writer's.
    expect(sealRecord({ input: parsed.record.input, decision: parsed.record.decision }, EMPTY_HEAD).hash).toBe(r.hash);
  });

  it("covers unknown fields with the hash too", () => {
    const r = sealRecord({ ...entry(1), result: { ok: true } }, EMPTY_HEAD);
    expect(r.result).toEqual({ ok: true });
    expect(Object.keys(recordBody(r as unknown as Record<string, unknown>)).sort()).toEqual(["decision", "input", "policy_hash", "prev_hash", "result", "seq"]);
    const parsed = parseRecordLine(recordLine(r).slice(0, -1));
    expect(parsed.ok && parsed.record.result).toEqual({ ok: true });
  });

  it("refuses what is not JSON, naming where it is", () => {
    expect(() => sealRecord({ ...entry(1), input: { proposal: proposal(1), context: { now: new Date(0) } } }, EMPTY_HEAD)).toThrow(
      expect.objectContaining({ code: "ledger_not_json", message: expect.stringContaining("input.context.now") }),
    );
    expect(() => sealRecord({ input: [1], decision: entry(1).decision }, EMPTY_HEAD)).toThrow(expect.objectContaining({ code: "ledger_not_json" }));
  });

  it("refuses a decision without an effect or a policy_hash", () => {
    const { input, decision } = entry(1);
    expect(() => sealRecord({ input, decision: { ...decision, policy_hash: "" } }, EMPTY_HEAD)).toThrow(expect.objectContaining({ code: "ledger_bad_decision" }));
    expect(() => sealRecord({ input, decision: { ...decision, effect: "maybe" as "allow" } }, EMPTY_HEAD)).toThrow(
      expect.objectContaining({ code: "ledger_bad_decision" }),
    );
  });

  it("says why a line is not a record", () => {
    expect(parseRecordLine("{not json")).toMatchObject({ ok: false, fault: expect.stringContaining("not JSON") });
    expect(parseRecordLine('{"seq":0}')).toMatchObject({ ok: false, fault: expect.stringContaining("`seq`") });
  });
});

describe("history by reference", () => {
  const first = sealRecord({ ...entry(1), input: { proposal: proposal(1, { session: "a" }), history: [] } }, EMPTY_HEAD);
  const other = sealRecord({ ...entry(2), input: { proposal: proposal(2, { session: "b" }), history: [] }, result: { id: 7 } }, first);

  it("stores the reference instead of the history, and expands back to the input decided", () => {
    const input = { proposal: proposal(3, { session: "a" }), context: { now: "x" }, history: [{ proposal: proposal(1, { session: "a" }), effect: "allow" }] };
    const r = sealRecord({ input, decision: policy.decide(input), historyRef: "session" }, other);
    expect(r.input).toEqual({ proposal: proposal(3, { session: "a" }), context: { now: "x" } });
    expect(r.history_ref).toBe("session");
    expect(recordLine(r)).toContain(`"history_ref":"session","decision":`);
    const histories = new SessionHistories();
    histories.add(first);
    histories.add(other);
    expect(histories.decidedInput(r)).toEqual(input);
    // The other session's item carries its result.
    expect(histories.historyFor("b")).toEqual([{ proposal: proposal(2, { session: "b" }), effect: "allow", result: { id: 7 } }]);
  });

  it("keeps an inline history as it is", () => {
    const histories = new SessionHistories();
    expect(histories.decidedInput(first)).toBe(first.input);
  });

  it("refuses a reference it does not know", () => {
    const input = { proposal: proposal(2), history: [] };
    expect(() => sealRecord({ input, decision: policy.decide(input), historyRef: "all" as "session" }, first)).toThrow(expect.objectContaining({ code: "ledger_bad_history" }));
  });
});
