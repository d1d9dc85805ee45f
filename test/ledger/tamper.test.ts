/**
 * Tampering with a ledger file by hand, as an attacker or an accident
 * would, and checking that `verifyLedger` names the right record.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hashBody, parseRecordLine, recordBody, recordLine, sealRecord, type LedgerRecord } from "../../src/ledger/format.js";
import { openLedger } from "../../src/ledger/ledger.js";
import { verifyLedger } from "../../src/ledger/verify.js";
import { policyDouble, proposal } from "./policy-double.js";
import { tempDir } from "./temp.js";

const policy = policyDouble();
const entry = (n: number, extra: Record<string, unknown> = {}) => {
  const input = { proposal: proposal(n, extra), context: { now: "2026-11-02T10:15:00Z" }, history: [] };
  return { input, decision: policy.decide(input) };
};

let original: string[] = [];
let dir = "";

beforeAll(async () => {
  dir = tempDir();
  const path = join(dir, "original.jsonl");
  const ledger = await openLedger(path);
  for (let i = 1; i <= 8; i++) await ledger.append(entry(i, i === 4 ? { tool: "shell.rm" } : {}));
  await ledger.close();
  original = readFileSync(path, "utf8").split("\n").slice(0, -1);
});

let n = 0;
function verifyLines(lines: readonly string[]) {
  const path = join(dir, `tampered-${++n}.jsonl`);
  writeFileSync(path, lines.map((l) => l + "\n").join(""));
  return verifyLedger(path);
}

const rec = (line: string): LedgerRecord => {
  const p = parseRecordLine(line);
  if (!p.ok) throw new Error(p.fault);
  return p.record;
};

/** Re-serialise a record after changing it, with its own hash recomputed. */
function rehashed(r: Record<string, unknown>): string {
  const hash = hashBody(recordBody(r));
  return recordLine({ ...(r as unknown as LedgerRecord), hash }).slice(0, -1);
}

describe("ledger verify finds", () => {
  it("nothing wrong in the untouched ledger", () => {
    const head = rec(original[7]!);
    expect(verifyLines(original)).toMatchObject({ ok: true, records: 8, head: { seq: 8, hash: head.hash }, problem: null });
  });

  it("an edited field, at its seq", () => {
    const lines = [...original];
    lines[3] = lines[3]!.replace('"effect":"deny"', '"effect":"allow"');
    expect(lines[3]).not.toBe(original[3]);
    expect(verifyLines(lines)).toMatchObject({ ok: false, records: 3, head: { seq: 3 }, problem: { kind: "modified", seq: 4, line: 4 } });
  });

  it("an edited field whose own hash was recomputed, at the next link", () => {
    const lines = [...original];
    const r = rec(lines[3]!) as unknown as Record<string, unknown>;
    lines[3] = rehashed({ ...r, decision: { ...(r["decision"] as object), effect: "allow", reasons: [] } });
    const report = verifyLines(lines);
    expect(report).toMatchObject({ ok: false, records: 4, problem: { kind: "broken_link", seq: 5, line: 5 } });
    expect(report.problem!.message).toContain("seq 4 was rewritten");
  });

  it("a deleted line, as the first missing seq", () => {
    const lines = original.filter((_, i) => i !== 4);
    expect(verifyLines(lines)).toMatchObject({ ok: false, records: 4, problem: { kind: "removed", seq: 5, line: 5 } });
  });

  it("several deleted lines", () => {
    const lines = original.filter((_, i) => i < 2 || i > 4);
    expect(verifyLines(lines).problem).toMatchObject({ kind: "removed", seq: 3, message: expect.stringContaining("seq 3 to 5 are missing") });
  });

  it("a deleted first line", () => {
    expect(verifyLines(original.slice(1)).problem).toMatchObject({ kind: "removed", seq: 1, line: 1 });
  });

  it("two swapped neighbours, at the first seq out of place", () => {
    const lines = [...original];
    [lines[2], lines[3]] = [lines[3]!, lines[2]!];
    expect(verifyLines(lines)).toMatchObject({ ok: false, records: 2, problem: { kind: "reordered", seq: 3, line: 3 } });
  });

  it("two swapped distant lines", () => {
    const lines = [...original];
    [lines[1], lines[6]] = [lines[6]!, lines[1]!];
    expect(verifyLines(lines).problem).toMatchObject({ kind: "reordered", seq: 2, message: expect.stringContaining("line 7") });
  });

  it("a line moved back", () => {
    const lines = [...original];
    const [moved] = lines.splice(6, 1);
    lines.splice(2, 0, moved!);
    // seq 7 now sits where seq 3 belongs.
    expect(verifyLines(lines).problem).toMatchObject({ kind: "reordered", seq: 3, line: 3 });
  });

  it("a forged line appended with a wrong prev_hash", () => {
    const last = rec(original[7]!);
    const forged = rehashed({ ...(sealRecord(entry(9, { tool: "payments.charge" }), last) as unknown as Record<string, unknown>), prev_hash: rec(original[5]!).hash });
    expect(verifyLines([...original, forged])).toMatchObject({ ok: false, records: 8, problem: { kind: "broken_link", seq: 9, line: 9 } });
  });

  it("a forged line appended whose hash was not recomputed", () => {
    const last = rec(original[7]!);
    const genuine = sealRecord(entry(9), last);
    // The content changed, the hash left as the genuine record's.
    const forged = recordLine({ ...genuine, input: { ...genuine.input, proposal: { ...(genuine.input["proposal"] as object), tool: "payments.charge" } } }).slice(0, -1);
    expect(verifyLines([...original, forged])).toMatchObject({ ok: false, records: 8, problem: { kind: "modified", seq: 9 } });
  });

  it("a forged line inserted with its own hash recomputed, as inserted at its seq", () => {
    const lines = [...original];
    const forged = recordLine(sealRecord(entry(99), rec(lines[2]!))).slice(0, -1); // claims seq 4, links to seq 3
    lines.splice(3, 0, forged);
    expect(verifyLines(lines)).toMatchObject({
      ok: false,
      problem: { kind: "inserted", seq: 4, line: 5, message: expect.stringContaining("the one on line 4 was inserted") },
    });
  });

  it("a duplicated line", () => {
    const lines = [...original];
    lines.splice(5, 0, lines[5]!);
    expect(verifyLines(lines).problem).toMatchObject({ kind: "inserted", seq: 6 });
  });

  it("a line that is not a record", () => {
    const lines = [...original];
    lines[5] = lines[5]!.slice(0, 40);
    expect(verifyLines(lines)).toMatchObject({ ok: false, records: 5, problem: { kind: "malformed", seq: 6, line: 6 } });
  });

  it("a first record that does not start from the genesis hash", () => {
    const lines = [...original];
    const r = rec(lines[0]!) as unknown as Record<string, unknown>;
    lines[0] = rehashed({ ...r, prev_hash: `sha256:${"1".repeat(64)}` });
    expect(verifyLines(lines).problem).toMatchObject({ kind: "broken_link", seq: 1, message: expect.stringContaining("genesis") });
  });

  it("an edited seq field, blaming the position", () => {
    const lines = [...original];
    lines[4] = lines[4]!.replace('{"seq":5,', '{"seq":6,');
    expect(verifyLines(lines).problem).toMatchObject({ kind: "modified", seq: 5, line: 5 });
  });
});

describe("ledger verify cannot find, by design", () => {
  it("a truncated end or a fully recomputed forged tail: only the head tells", () => {
    // A hash chain without a secret proves integrity up to a head you trust; these keep a valid chain.
    const truncated = verifyLines(original.slice(0, 6));
    expect(truncated).toMatchObject({ ok: true, records: 6 });
    expect(truncated.head.hash).not.toBe(rec(original[7]!).hash);
    const forged = recordLine(sealRecord(entry(9), rec(original[7]!))).slice(0, -1);
    const extended = verifyLines([...original, forged]);
    expect(extended).toMatchObject({ ok: true, records: 9 });
    expect(extended.head.hash).not.toBe(rec(original[7]!).hash);
  });
});
