import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runVerify } from "../../src/cli/ledger.js";
import { openLedger } from "../../src/ledger/ledger.js";
import { policyDouble, proposal } from "../ledger/policy-double.js";

const BIN = fileURLToPath(new URL("../../bin/snapspace", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "snapspace-cli-ledger-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function ledgerOf(count: number): Promise<{ path: string; head: { seq: number; hash: string } }> {
  const path = join(dir, `ledger-${++n}.jsonl`);
  const ledger = await openLedger(path);
  const policy = policyDouble();
  for (let i = 1; i <= count; i++) {
    const input = { proposal: proposal(i), context: {}, history: [] };
    await ledger.append({ input, decision: policy.decide(input) });
  }
  const head = ledger.head;
  await ledger.close();
  return { path, head };
}

/** Run `ledger verify` in-process, capturing what it prints. */
function verify(path: string, format: "pretty" | "json" = "pretty"): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: runVerify(path, format), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("snapspace ledger verify", () => {
  it("exits 0 with the count and the head hash for an intact chain", async () => {
    const { path, head } = await ledgerOf(5);
    const r = verify(path);
    expect(r.code).toBe(0);
    expect(r.out).toContain("chain intact, 5 records");
    expect(r.out).toContain(`head: seq 5 ${head.hash}`);
    expect(r.err).toBe("");
  });

  it("exits 1 naming the first tampered record and its line", async () => {
    const { path } = await ledgerOf(5);
    const lines = readFileSync(path, "utf8").split("\n");
    lines.splice(2, 1);
    writeFileSync(path, lines.join("\n"));
    const r = verify(path);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${path}:3: record seq 3 is missing`);
    expect(r.out).toContain("intact up to seq 2 (2 records)");
  });

  it("prints one JSON object with --format json", async () => {
    const { path, head } = await ledgerOf(3);
    const lines = readFileSync(path, "utf8").split("\n");
    [lines[0], lines[1]] = [lines[1]!, lines[0]!];
    writeFileSync(path, lines.join("\n"));
    const r = verify(path, "json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      file: path,
      ok: false,
      records: 0,
      head: { seq: 0, hash: `sha256:${"0".repeat(64)}` },
      problem: { kind: "reordered", seq: 1, line: 1, message: expect.stringContaining("records were reordered") },
      incomplete_tail: null,
    });
    const clean = await ledgerOf(2);
    expect(JSON.parse(verify(clean.path, "json").out)).toMatchObject({ ok: true, records: 2, head: clean.head, problem: null });
    expect(head.seq).toBe(3);
  });

  it("warns about an incomplete last line but still passes", async () => {
    const { path } = await ledgerOf(2);
    appendFileSync(path, '{"seq":3,"prev_');
    const r = verify(path);
    expect(r.code).toBe(0);
    expect(r.err).toContain("incomplete last line (15 bytes after seq 2)");
    expect(r.err).toContain(`${path}.torn-3`);
    expect(JSON.parse(verify(path, "json").out)).toMatchObject({ ok: true, incomplete_tail: { after_seq: 2, line: 3, bytes: 15 } });
  });

  it("throws a SnapError for a file it cannot read", () => {
    expect(() => verify(join(dir, "nope.jsonl"))).toThrow(expect.objectContaining({ code: "ledger_unreadable" }));
  });
});

describe("snapspace ledger verify, the built executable", () => {
  // Needs dist/ (CI builds before testing): checks the command is registered and sets the exit codes.
  it("exits 0, 1 and 2", async () => {
    const { path } = await ledgerOf(2);
    const ok = spawnSync(process.execPath, [BIN, "ledger", "verify", path], { encoding: "utf8" });
    expect([ok.status, ok.stdout]).toEqual([0, expect.stringContaining("chain intact, 2 records")]);
    writeFileSync(path, readFileSync(path, "utf8").replace('"files.read"', '"files.write"'));
    const bad = spawnSync(process.execPath, [BIN, "ledger", "verify", path, "--format", "json"], { encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, problem: { kind: "modified", seq: 1 } });
    const missing = spawnSync(process.execPath, [BIN, "ledger", "verify", join(dir, "missing.jsonl")], { encoding: "utf8" });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("cannot read the ledger");
  });
});
