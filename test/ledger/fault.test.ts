/**
 * Fault injection: a writer process appends in a loop and is killed with
 * SIGKILL at random moments, six times over each ledger. After each kill the
 * chain must verify, every append the writer saw acknowledged must be in the
 * ledger with the hash it was told, and the next writer must take over the
 * stale lock, set aside any torn tail, and continue the chain.
 *
 * The writer runs against the built `dist/` (CI builds before testing).
 * `SNAPSPACE_FAULT_RUNS` sets the number of kills (default 24).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseRecordLine, type LedgerRecord } from "../../src/ledger/format.js";
import { openLedger, type LedgerWarning } from "../../src/ledger/ledger.js";
import { verifyLedger } from "../../src/ledger/verify.js";
import { policyDouble, proposal } from "./policy-double.js";
import { tempDir } from "./temp.js";

const APPENDER = fileURLToPath(new URL("./fixtures/appender.mjs", import.meta.url));
const RUNS = Number(process.env["SNAPSPACE_FAULT_RUNS"] ?? 24);

interface Writer {
  readonly child: ChildProcess;
  readonly committed: Map<number, string>;
  readonly ready: Promise<number>;
  readonly exited: Promise<number | null>;
  /** Resolves when the writer prints a line starting with `word`. */
  saw(word: string): Promise<void>;
  stderr: string;
}

function startWriter(path: string, mode: string): Writer {
  const child = spawn(process.execPath, [APPENDER, path, mode], { stdio: ["ignore", "pipe", "pipe"] });
  const committed = new Map<number, string>();
  const watchers: { word: string; resolve: () => void }[] = [];
  const writer: Writer = {
    child,
    committed,
    stderr: "",
    saw: (word) => new Promise((resolve) => watchers.push({ word, resolve })),
    ready: new Promise((resolve, reject) => {
      let buffer = "";
      child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf("\n")) !== -1) {
          const [word, a, b] = buffer.slice(0, nl).split(" ");
          buffer = buffer.slice(nl + 1);
          if (word === "ready") resolve(Number(a));
          if (word === "committed") committed.set(Number(a), b!);
          for (const w of watchers.splice(0)) {
            if (w.word === word) w.resolve();
            else watchers.push(w);
          }
        }
      });
      child.on("exit", (code) => reject(new Error(`writer exited (${code}) before it was ready: ${writer.stderr}`)));
    }),
    exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))),
  };
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (writer.stderr += chunk));
  return writer;
}

function fileRecords(path: string): LedgerRecord[] {
  const text = readFileSync(path, "utf8");
  return text
    .slice(0, text.lastIndexOf("\n") + 1)
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const p = parseRecordLine(l);
      if (!p.ok) throw new Error(p.fault);
      return p.record;
    });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const policy = policyDouble();

describe("a writer killed at random moments", () => {
  it(`loses no acknowledged append and never breaks the chain (${RUNS} kills)`, async () => {
    const dir = tempDir();
    // Random moments in plain, group-commit and governor writers; aimed moments (while a 1–2 MB line
    // is being written) in `big`; and `tear`, which leaves a cut-short line itself, so every run of
    // this test sets aside at least a few torn tails whatever the timing.
    const modes = ["append", "burst", "governor", "big", "tear", "big"];
    let torn = 0;
    let acknowledged = 0;
    for (let run = 0; run < RUNS; run++) {
      const mode = modes[run % modes.length]!;
      // A new ledger for each round of modes keeps the files (and the test) small: each sees six crashes.
      const path = join(dir, `ledger-${Math.floor(run / modes.length)}.jsonl`);
      const writer = startWriter(path, mode);
      await writer.ready;
      if (mode === "big") {
        // A 1–2 MB write into the page cache takes about a millisecond: kill somewhere inside or just after it
        // (a busy wait, as timers are not that fine).
        await writer.saw("writing");
        const until = performance.now() + Math.random();
        while (performance.now() < until);
      } else if (mode === "tear") await writer.saw("torn");
      else await sleep(Math.random() * 120);
      writer.child.kill("SIGKILL");
      await writer.exited;
      acknowledged += writer.committed.size;

      const report = verifyLedger(path);
      expect(report.ok, `run ${run}: ${report.problem?.message}`).toBe(true);
      if (report.incompleteTail) torn++;
      if (mode === "tear") expect(report.incompleteTail, `run ${run}`).not.toBeNull();
      const records = fileRecords(path);
      expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
      for (const [seq, hash] of writer.committed) {
        expect(records[seq - 1]?.hash, `run ${run}: acknowledged seq ${seq}`).toBe(hash);
      }

      // The next writer: takes over the stale lock, sets aside a torn tail, continues the chain.
      const warnings: LedgerWarning[] = [];
      const ledger = await openLedger(path, { onWarning: (w) => warnings.push(w) });
      expect(warnings.map((w) => w.code)).toContain("ledger_stale_lock");
      expect(warnings.some((w) => w.code === "ledger_torn_tail")).toBe(report.incompleteTail !== null);
      expect(ledger.head).toEqual(report.head);
      const input = { proposal: proposal(run), context: {}, history: [] };
      const next = await ledger.append({ input, decision: policy.decide(input) });
      expect(next).toMatchObject({ seq: report.head.seq + 1, prev_hash: report.head.hash });
      await ledger.close();
      expect(verifyLedger(path)).toMatchObject({ ok: true, incompleteTail: null, records: report.head.seq + 1 });
    }
    console.info(`${RUNS} kills: ${acknowledged} acknowledged appends, ${torn} torn tails set aside, ${readdirSync(dir).filter((f) => f.endsWith(".jsonl")).length} ledgers`);
    // Every torn tail went to a side file; none was dropped.
    expect(readdirSync(dir).filter((f) => f.includes(".torn-"))).toHaveLength(torn);
    expect(acknowledged).toBeGreaterThan(0);
  }, 300_000);
});

describe("two writer processes", () => {
  it("refuses the second while the first lives, never interleaving, and takes over once it is dead", async () => {
    const dir = tempDir();
    const path = join(dir, "ledger.jsonl");
    const first = startWriter(path, "append");
    const pid = await first.ready;
    await sleep(50);

    const second = startWriter(path, "append");
    await expect(second.ready).rejects.toThrow(/exited/);
    expect(await second.exited).toBe(3);
    expect(second.stderr).toContain("ledger_locked");
    expect(second.stderr).toContain(`pid ${pid}`);
    await expect(openLedger(path)).rejects.toMatchObject({ code: "ledger_locked", message: expect.stringContaining(`pid ${pid}`) });

    first.child.kill("SIGKILL");
    await first.exited;
    const warnings: LedgerWarning[] = [];
    const ledger = await openLedger(path, { onWarning: (w) => warnings.push(w) });
    expect(warnings.find((w) => w.code === "ledger_stale_lock")?.message).toContain(`pid ${pid}`);
    await ledger.close();
    const report = verifyLedger(path);
    expect(report.ok).toBe(true);
    // Only the first writer's records: every proposal id carries its pid.
    for (const r of fileRecords(path)) expect(String((r.input["proposal"] as { id: string }).id)).toMatch(new RegExp(`^p-${pid}-`));
  }, 60_000);
});
