/**
 * Replays give the same decisions (DESIGN.md §7): recorded sessions decided
 * twice, as `snapspace eval --session` decides them, give the same bytes;
 * and a ledger written by `snapspace eval --ledger` (the same code path:
 * `evaluateRecords` with a `DecisionRecorder`) replays with `replayLedger`
 * without drift — on the back end that wrote it and on the other one.
 */
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPolicies } from "../../src/api/load.js";
import type { CompiledPolicy } from "../../src/api/policy.js";
import { evaluateRecords } from "../../src/cli/eval.js";
import type { RecordedProposal } from "../../src/decision/schemas.js";
import { DecisionRecorder } from "../../src/ledger/recorder.js";
import { replayLedger } from "../../src/ledger/replay.js";
import { recordLine } from "../../src/testing/counterexample.js";
import { checkIdempotentReplay, mutatedSessionsArb, readRecordsFile } from "../../src/testing/index.js";
import { propertySettings } from "./settings.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "snapspace-replay-props-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let records: RecordedProposal[];
let interpreter: CompiledPolicy;
let compiled: CompiledPolicy;
beforeAll(async () => {
  records = await readRecordsFile(`${ROOT}fixtures/sessions/`);
  interpreter = await loadPolicies([`${ROOT}policies/`], { backend: "interpreter" });
  compiled = await loadPolicies([`${ROOT}policies/`], { backend: "compiled" });
});

describe("recorded sessions replay to the same decisions", () => {
  it("on the interpreter", () => {
    checkIdempotentReplay(interpreter, records, propertySettings(30));
  });

  it("on the compiled back end", () => {
    checkIdempotentReplay(compiled, records, propertySettings(30));
  });
});

/** Run `eval --session --ledger` over `lines` (as a records file) and return the ledger's path. */
async function evalWithLedger(lines: readonly string[], policy: CompiledPolicy): Promise<string> {
  const name = `run-${Math.random().toString(36).slice(2)}`;
  const file = join(dir, `${name}.jsonl`);
  const ledger = join(dir, `${name}.ledger.jsonl`);
  writeFileSync(file, lines.join("\n") + "\n");
  const recorder = await DecisionRecorder.open(ledger);
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  try {
    const code = await evaluateRecords([file], policy, undefined, { format: "jsonl", session: true, failOn: new Set(), recorder }, { stdout: sink, stderr: sink, stdin: process.stdin });
    expect(code).toBe(0);
  } finally {
    await recorder.finish();
  }
  return ledger;
}

describe("a ledger written by eval --ledger replays without drift", () => {
  it("the recorded sessions, replayed on both back ends", async () => {
    const ledger = await evalWithLedger(records.map(recordLine), interpreter);
    for (const policy of [interpreter, compiled]) {
      const report = replayLedger(ledger, policy);
      expect(report.records).toBe(records.length);
      expect(report.other_policies).toEqual([]);
      expect(report.drift).toEqual([]);
    }
  });

  it("mutated sessions, several to a ledger, written by one back end and replayed on the other", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedSessionsArb(records), { minLength: 1, maxLength: 3 }), fc.boolean(), async (sessions, compiledWrites) => {
        const lines = sessions.flat().map(recordLine);
        const [writer, reader] = compiledWrites ? [compiled, interpreter] : [interpreter, compiled];
        const ledger = await evalWithLedger(lines, writer);
        for (const policy of [writer, reader]) {
          const report = replayLedger(ledger, policy);
          expect(report.records).toBe(lines.length);
          expect(report.drift).toEqual([]);
        }
      }),
      propertySettings(15),
    );
  });
});
