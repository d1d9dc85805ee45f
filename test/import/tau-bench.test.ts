/**
 * The τ-bench importer on the real recorded runs (shared/datasets, beside the
 * repository). Expected values are read from the raw JSON directly, not from
 * the importer: counts of tool calls, their ids, and the tool message that
 * follows each call.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateRecord } from "../../src/decision/validate.js";
import { importDocument } from "../../src/import/documents.js";

const FILE = fileURLToPath(new URL("../../../shared/datasets/tau-bench-airline/gpt-4o-airline-even-tasks.json", import.meta.url));
const text = readFileSync(FILE, "utf8");

interface RawCall {
  id: string;
  function: { name: string; arguments: string };
}
interface RawMessage {
  role: string;
  content: string | null;
  tool_calls?: RawCall[];
  tool_call_id?: string;
}
interface RawRun {
  task_id: number;
  trial: number;
  reward: number;
  traj: RawMessage[];
}
const runs = JSON.parse(text) as RawRun[];
const out = importDocument("tau-bench", text, "gpt-4o-airline-even-tasks.json");

/** Every tool call of a run with the content of the tool message right after it (τ-bench answers each call at once). */
function rawCalls(run: RawRun): { call: RawCall; content: string }[] {
  const found: { call: RawCall; content: string }[] = [];
  run.traj.forEach((m, i) => {
    (m.tool_calls ?? []).forEach((call, j) => {
      const answer = run.traj[i + 1 + j]!;
      expect(answer).toMatchObject({ role: "tool", tool_call_id: call.id });
      found.push({ call, content: answer.content ?? "" });
    });
  });
  return found;
}

describe("τ-bench import of the recorded airline runs", () => {
  it("reads 100 runs, 49 that succeeded and 51 that failed, without any diagnostic", () => {
    expect(runs).toHaveLength(100);
    expect(runs.filter((r) => r.reward === 1)).toHaveLength(49);
    expect(out.diagnostics).toEqual([]);
  });

  it("writes one record per tool call, in order, one session per run that made a call", () => {
    const expected = runs.flatMap((run) => rawCalls(run).map(({ call }) => [`tau-${run.task_id}-${run.trial}`, call.function.name]));
    expect(out.records.map((r) => [r.proposal.session, r.proposal.tool])).toEqual(expected);
    expect(out.records).toHaveLength(577);
    // 9 runs ended without any tool call (the agent only talked), so they have no records.
    const withCalls = runs.filter((r) => rawCalls(r).length > 0);
    expect(new Set(out.records.map((r) => r.proposal.session)).size).toBe(withCalls.length);
    expect(withCalls).toHaveLength(91);
  });

  it("uses the tool call's id, made distinct within a session where the recording repeats one", () => {
    for (const run of runs) {
      const session = `tau-${run.task_id}-${run.trial}`;
      const ids = out.records.filter((r) => r.proposal.session === session).map((r) => r.proposal.id);
      expect(new Set(ids).size).toBe(ids.length);
      const seen = new Map<string, number>();
      const expected = rawCalls(run).map(({ call }) => {
        const n = (seen.get(call.id) ?? 0) + 1;
        seen.set(call.id, n);
        return n === 1 ? call.id : `${call.id}#${n}`;
      });
      expect(ids).toEqual(expected);
    }
  });

  it("parses arguments, takes each call's own result, and keeps the reward and the τ-bench clock", () => {
    let i = 0;
    for (const run of runs) {
      for (const { call, content } of rawCalls(run)) {
        const r = out.records[i++]!;
        expect(r.proposal.args).toEqual(JSON.parse(call.function.arguments));
        let expected: unknown = content;
        try {
          expected = JSON.parse(content);
        } catch {
          // not JSON: the text itself
        }
        expect(r.result).toEqual(expected);
        expect(r.proposal.meta).toEqual({ reward: run.reward });
        expect(r.proposal.agent).toBe("tau-bench-agent");
        expect(r.context.now).toBe("2024-05-15T15:00:00-05:00");
      }
    }
  });

  it("writes records that the record schema of DESIGN.md §4 accepts", () => {
    const rejected = out.records.map((r) => validateRecord(r)).filter((v) => !v.ok);
    expect(rejected).toEqual([]);
  });

  it("gives the first call the user's opening words and never a system prompt", () => {
    const first = out.records[0]!;
    expect(first.context.messages[0]).toEqual({ role: "user", content: runs[0]!.traj[1]!.content });
    expect(out.records.every((r) => r.context.messages.every((m) => m.role === "user" || m.role === "assistant"))).toBe(true);
  });
});
