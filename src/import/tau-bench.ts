/**
 * τ-bench runs → recorded sessions. A run is `{task_id, trial, reward, info,
 * traj}` with `traj` in OpenAI chat-completions form; each run becomes one
 * session, `tau-<task_id>-<trial>`, whose records carry the run's reward in
 * `proposal.meta.reward` so a report can set decisions beside outcomes.
 */
import type { JsonPath } from "./json-locate.js";
import { importConversation } from "./openai-chat.js";
import { field, isJsonRecord, type ConversationImport, type ImportSettings } from "./record.js";

/** The clock of every τ-bench airline and retail task: 2024-05-15 15:00 EST. */
export const TAU_BENCH_NOW = "2024-05-15T15:00:00-05:00";

/** `proposal.agent` of τ-bench records unless `--agent` says otherwise. */
export const TAU_BENCH_AGENT = "tau-bench-agent";

/** The session name of a run: `tau-<task_id>-<trial>` (`--session` replaces the `tau` prefix). */
export function tauSessionName(taskId: string | number, trial: string | number, prefix = "tau"): string {
  return `${prefix}-${taskId}-${trial}`;
}

/**
 * Turn one τ-bench run into records, one per tool call, in one session.
 * `path` is where the run sits in its document, for issue locations.
 */
export function importTauBenchRun(run: unknown, settings: ImportSettings = {}, path: JsonPath = []): ConversationImport {
  const help = "a τ-bench run is `{\"task_id\": 0, \"trial\": 0, \"reward\": 1.0, \"traj\": [messages…]}`";
  if (!isJsonRecord(run)) {
    return { records: [], issues: [{ code: "malformed_run", severity: "error", message: "a τ-bench run must be an object", help, path }] };
  }
  const taskId = field(run, "task_id");
  const trial = field(run, "trial") ?? 0;
  const traj = field(run, "traj");
  const reward = field(run, "reward");
  const problem =
    !isKey(taskId) ? "`task_id`" : !isKey(trial) ? "`trial`" : !Array.isArray(traj) ? "`traj`" : reward !== undefined && typeof reward !== "number" ? "`reward`" : undefined;
  if (problem !== undefined) {
    const at = problem === "`task_id`" ? path : [...path, problem.slice(1, -1)];
    const message = `τ-bench run ${describeIndex(path)}has no valid ${problem}`;
    return { records: [], issues: [{ code: "malformed_run", severity: "error", message, help, path: at }] };
  }
  return importConversation(traj, {
    session: tauSessionName(taskId as string | number, trial as string | number, settings.session ?? "tau"),
    agent: settings.agent ?? TAU_BENCH_AGENT,
    now: settings.now ?? TAU_BENCH_NOW,
    ...(typeof reward === "number" ? { meta: { reward } } : {}),
    path: [...path, "traj"],
  });
}

function isKey(x: unknown): x is string | number {
  return (typeof x === "number" && Number.isFinite(x)) || (typeof x === "string" && x !== "");
}

function describeIndex(path: JsonPath): string {
  const last = path[path.length - 1];
  return typeof last === "number" ? `${last} ` : "";
}
