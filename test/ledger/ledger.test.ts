import { spawnSync } from "node:child_process";
import { appendFileSync, closeSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GENESIS_HASH, parseRecordLine, recordLine, sealRecord, type LedgerRecord } from "../../src/ledger/format.js";
import { openLedger, type Ledger, type LedgerWarning } from "../../src/ledger/ledger.js";
import { DecisionRecorder } from "../../src/ledger/recorder.js";
import { lockPath } from "../../src/ledger/lock.js";
import { verifyLedger } from "../../src/ledger/verify.js";
import { policyDouble, proposal } from "./policy-double.js";
import { tempDir } from "./temp.js";

const policy = policyDouble();
const entry = (n: number) => {
  const input = { proposal: proposal(n), context: { now: "2026-11-02T10:15:00Z" }, history: [] };
  return { input, decision: policy.decide(input) };
};

function fileRecords(path: string): LedgerRecord[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => {
      const p = parseRecordLine(l);
      if (!p.ok) throw new Error(p.fault);
      return p.record;
    });
}

async function ledgerWith(n: number, dir = tempDir()): Promise<{ path: string; ledger: Ledger; warnings: LedgerWarning[] }> {
  const path = join(dir, "ledger.jsonl");
  const warnings: LedgerWarning[] = [];
  const ledger = await openLedger(path, { onWarning: (w) => warnings.push(w) });
  for (let i = 1; i <= n; i++) await ledger.append(entry(i));
  return { path, ledger, warnings };
}

/** The pid of a process that has exited (so certainly not running). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("appending", () => {
  it("writes one chained line per append, on disk when the append resolves", async () => {
    const { path, ledger } = await ledgerWith(0);
    const first = await ledger.append(entry(1));
    expect(fileRecords(path)).toEqual([first]);
    const second = await ledger.append(entry(2));
    expect(fileRecords(path)).toEqual([first, second]);
    expect(first).toMatchObject({ seq: 1, prev_hash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prev_hash: first.hash });
    expect(ledger.head).toEqual({ seq: 2, hash: second.hash });
    await ledger.close();
    expect(verifyLedger(path)).toMatchObject({ ok: true, records: 2, head: { seq: 2, hash: second.hash } });
  });

  it("continues the chain after closing and reopening", async () => {
    const { path, ledger } = await ledgerWith(3);
    const head = ledger.head;
    await ledger.close();
    const again = await openLedger(path);
    expect(again.head).toEqual(head);
    const next = await again.append(entry(4));
    expect(next).toMatchObject({ seq: 4, prev_hash: head.hash });
    await again.close();
    expect(verifyLedger(path)).toMatchObject({ ok: true, records: 4 });
  });

  it.each([true, false])("keeps order and the chain under concurrent appends (group commit %s)", async (groupCommit) => {
    const dir = tempDir();
    const path = join(dir, "ledger.jsonl");
    const ledger = await openLedger(path, { groupCommit });
    const resolved: number[] = [];
    const all = Array.from({ length: 120 }, (_, i) =>
      ledger.append(entry(i + 1)).then((r) => {
        // Answered only once on disk: the record is already in the file.
        expect(ledger.syncedHead.seq).toBeGreaterThanOrEqual(r.seq);
        resolved.push(r.seq);
        return r;
      }),
    );
    const records = await Promise.all(all);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(resolved).toEqual(records.map((r) => r.seq));
    expect(fileRecords(path)).toEqual(records);
    await ledger.close();
    expect(verifyLedger(path)).toMatchObject({ ok: true, records: 120 });
  });

  it("lists every record, synced and pending, in order", async () => {
    const { ledger } = await ledgerWith(3);
    const pending = ledger.append(entry(4));
    const seen: number[] = [];
    ledger.forEachRecord((r) => seen.push(r.seq));
    expect(seen).toEqual([1, 2, 3, 4]);
    await pending;
    await ledger.close();
  });

  it("refuses an entry that is not JSON and leaves the head where it was", async () => {
    const { ledger } = await ledgerWith(1);
    const head = ledger.head;
    await expect(ledger.append({ input: { proposal: proposal(2), context: { f: () => 1 } }, decision: entry(2).decision })).rejects.toMatchObject({
      code: "ledger_not_json",
    });
    expect(ledger.head).toEqual(head);
    await ledger.close();
  });

  it("refuses appends after close", async () => {
    const { ledger } = await ledgerWith(1);
    await ledger.close();
    await expect(ledger.append(entry(2))).rejects.toMatchObject({ code: "ledger_closed" });
  });

  it("fails every pending append when the disk write fails, and refuses later ones", async () => {
    const { ledger } = await ledgerWith(1);
    // Pull the file out from under the writer, as a dying disk would.
    closeSync((ledger as unknown as { fd: number }).fd);
    const a = ledger.append(entry(2));
    const b = ledger.append(entry(3));
    await expect(a).rejects.toMatchObject({ code: "ledger_write_failed" });
    await expect(b).rejects.toMatchObject({ code: "ledger_write_failed" });
    await expect(ledger.append(entry(4))).rejects.toMatchObject({ code: "ledger_write_failed" });
    (ledger as unknown as { fd: number; lock: { release(): void } }).lock.release();
  });
});

describe("an interrupted append", () => {
  it("is reported by verify, set aside on open, and the chain goes on", async () => {
    const { path, ledger } = await ledgerWith(3);
    const head = ledger.head;
    await ledger.close();
    // What a crash in the middle of the fourth append leaves: the start of its line, no newline.
    const fourth = recordLine(sealRecord(entry(4), head));
    const torn = fourth.slice(0, 57);
    appendFileSync(path, torn);

    const report = verifyLedger(path);
    expect(report).toMatchObject({ ok: true, records: 3, head, incompleteTail: { afterSeq: 3, line: 4, bytes: Buffer.byteLength(torn) } });

    const warnings: LedgerWarning[] = [];
    const again = await openLedger(path, { onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => w.code)).toEqual(["ledger_torn_tail"]);
    expect(again.recovered).toEqual({ seq: 4, bytes: Buffer.byteLength(torn), movedTo: `${path}.torn-4` });
    expect(readFileSync(`${path}.torn-4`, "utf8")).toBe(torn);
    expect(readFileSync(path, "utf8").endsWith("\n")).toBe(true);
    const next = await again.append(entry(4));
    expect(next).toMatchObject({ seq: 4, prev_hash: head.hash });
    await again.close();
    expect(verifyLedger(path)).toMatchObject({ ok: true, records: 4, incompleteTail: null });
  });

  it("never overwrites an earlier side file", async () => {
    const { path, ledger } = await ledgerWith(1);
    await ledger.close();
    for (const piece of ["first torn", "second torn"]) {
      appendFileSync(path, piece);
      await (await openLedger(path, { onWarning: () => undefined })).close();
    }
    expect(readFileSync(`${path}.torn-2`, "utf8")).toBe("first torn");
    expect(readFileSync(`${path}.torn-2.2`, "utf8")).toBe("second torn");
    expect(verifyLedger(path)).toMatchObject({ ok: true, records: 1, incompleteTail: null });
  });

  it("refuses to append to a chain broken before its end, and releases the lock", async () => {
    const { path, ledger } = await ledgerWith(3);
    await ledger.close();
    const lines = readFileSync(path, "utf8").split("\n");
    lines[1] = lines[1]!.replace('"files.read"', '"files.write"');
    writeFileSync(path, lines.join("\n"));
    await expect(openLedger(path)).rejects.toMatchObject({ code: "ledger_corrupt", message: expect.stringContaining("seq 2 was modified") });
    expect(existsSync(lockPath(path))).toBe(false);
  });
});

describe("one writer at a time", () => {
  it("refuses a second writer in the same process, naming the pid", async () => {
    const { path, ledger } = await ledgerWith(1);
    await expect(openLedger(path)).rejects.toMatchObject({
      code: "ledger_locked",
      message: expect.stringContaining(`pid ${process.pid}`),
    });
    expect(readFileSync(lockPath(path), "utf8").trim()).toBe(String(process.pid));
    await ledger.close();
    expect(existsSync(lockPath(path))).toBe(false);
    await (await openLedger(path)).close();
  });

  it("takes over a lock whose pid is not running, with a warning", async () => {
    const dir = tempDir();
    const path = join(dir, "ledger.jsonl");
    const dead = deadPid();
    writeFileSync(lockPath(path), `${dead}\n`);
    const warnings: LedgerWarning[] = [];
    const ledger = await openLedger(path, { onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([{ code: "ledger_stale_lock", message: expect.stringContaining(`pid ${dead}`) }]);
    expect(readFileSync(lockPath(path), "utf8").trim()).toBe(String(process.pid));
    await ledger.append(entry(1));
    await ledger.close();
    expect(readdirSync(dir).sort()).toEqual(["ledger.jsonl"]);
  });

  it("takes over a lock file that holds no pid", async () => {
    const dir = tempDir();
    const path = join(dir, "ledger.jsonl");
    writeFileSync(lockPath(path), "");
    const warnings: LedgerWarning[] = [];
    await (await openLedger(path, { onWarning: (w) => warnings.push(w) })).close();
    expect(warnings.map((w) => w.code)).toEqual(["ledger_stale_lock"]);
  });
});

describe("recording a batch run", () => {
  it("appends every decision in order, with its result, and has them all on disk after finish", async () => {
    const path = join(tempDir(), "run.jsonl");
    const recorder = await DecisionRecorder.open(path);
    for (let i = 1; i <= 300; i++) {
      const { input, decision } = entry(i);
      await recorder.record(input, decision, i % 2 ? { ok: i } : undefined);
    }
    await recorder.finish();
    const records = fileRecords(path);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(records[0]!.result).toEqual({ ok: 1 });
    expect("result" in records[1]!).toBe(false);
    expect(verifyLedger(path)).toMatchObject({ ok: true, records: 300 });
    expect(existsSync(lockPath(path))).toBe(false);
  });
});
