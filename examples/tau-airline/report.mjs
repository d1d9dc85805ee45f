#!/usr/bin/env node
/**
 * The τ-bench airline report: imports the recorded runs, decides every tool
 * call with the airline policy as `snapspace eval --session` does (each
 * call's history is the earlier calls of its run, with their effects and
 * results), and prints Markdown tables of
 *
 * - runs that ended right (reward 1) with any call denied or escalated (false blocks), and
 * - runs that ended wrong (reward 0) with a write denied or escalated (catches).
 *
 * Run from the repository root after `npm run build`:
 *
 *     node examples/tau-airline/report.mjs [RUNS.json] > report.md
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const { loadPolicies } = await import(join(root, "dist", "index.js"));
const { importDocument } = await import(join(root, "dist", "import", "index.js"));

/** The recorded runs, read from shared/ beside the repository (never copied into it). */
export const RUNS_FILE = join(root, "..", "shared", "datasets", "tau-bench-airline", "gpt-4o-airline-even-tasks.json");
const WRITES = new Set([
  "book_reservation",
  "cancel_reservation",
  "send_certificate",
  "update_reservation_baggages",
  "update_reservation_flights",
  "update_reservation_passengers",
]);

/** Decide every record of every run, replaying each run as one session. */
export async function evaluate(file = RUNS_FILE) {
  const text = readFileSync(file, "utf8");
  const runs = JSON.parse(text);
  const imported = importDocument("tau-bench", text, relative(process.cwd(), file));
  if (imported.diagnostics.some((d) => d.severity === "error")) throw new Error(`the import of ${file} has errors`);
  const policy = await loadPolicies([join(here, "policies")]);
  const bySession = new Map();
  for (const record of imported.records) {
    const list = bySession.get(record.proposal.session) ?? [];
    list.push(record);
    bySession.set(record.proposal.session, list);
  }
  return runs.map((run) => {
    const session = `tau-${run.task_id}-${run.trial}`;
    const history = [];
    const calls = (bySession.get(session) ?? []).map((record) => {
      const decision = policy.decide({ proposal: record.proposal, context: record.context, history: [...history] }, { hashes: false });
      history.push({ proposal: record.proposal, effect: decision.effect, ...(record.result !== undefined ? { result: record.result } : {}) });
      return { record, decision };
    });
    return { session, reward: run.reward, calls };
  });
}

const failedAtTheApi = (record) => typeof record.result === "string" && record.result.startsWith("Error");
const rulesOf = (decision) => [...new Set(decision.reasons.map((r) => r.details?.rule ?? r.msg))];
const blocked = (call) => call.decision.effect !== "allow";
const cell = (s) => String(s).replaceAll("|", "\\|").replaceAll("\n", " ");

/** The report as Markdown. */
export function report(results) {
  const right = results.filter((r) => r.reward === 1);
  const wrong = results.filter((r) => r.reward !== 1);
  const calls = results.flatMap((r) => r.calls);
  const reads = calls.filter((c) => !WRITES.has(c.record.proposal.tool));
  const falseBlocks = right.filter((r) => r.calls.some(blocked));
  const falseBlocksOfWorkingCalls = right.filter((r) => r.calls.some((c) => blocked(c) && !failedAtTheApi(c.record)));
  const catches = wrong.filter((r) => r.calls.some((c) => blocked(c) && WRITES.has(c.record.proposal.tool)));
  const out = [];
  out.push(`| | runs | with a call denied or escalated |`);
  out.push(`|---|---:|---:|`);
  out.push(`| ended right (reward 1) | ${right.length} | ${falseBlocks.length} (false blocks; ${falseBlocksOfWorkingCalls.length} of them on calls the airline's API carried out) |`);
  out.push(`| ended wrong (reward 0) | ${wrong.length} | ${catches.length} (catches: a write denied or escalated) |`);
  out.push("");
  const byEffect = (list, effect) => list.filter((c) => c.decision.effect === effect).length;
  out.push(`${calls.length} tool calls decided: ${byEffect(calls, "allow")} allowed, ${byEffect(calls, "deny")} denied, ${byEffect(calls, "escalate")} escalated; ` +
    `all ${reads.length} calls of read-only tools and hand-offs ${reads.every((c) => c.decision.effect === "allow") ? "allowed" : "NOT all allowed"}.`);
  out.push("");
  out.push("### False blocks: runs that ended right with a call denied or escalated");
  out.push("");
  out.push("| run | call | effect | rule | the API's answer to the call |");
  out.push("|---|---|---|---|---|");
  for (const run of falseBlocks) {
    for (const c of run.calls.filter(blocked)) {
      const answer = failedAtTheApi(c.record) ? cell(c.record.result) : "carried out";
      out.push(`| ${run.session} | \`${c.record.proposal.tool}\` ${callTarget(c.record)} | ${c.decision.effect} | ${rulesOf(c.decision).map((r) => `\`${r}\``).join(", ")} | ${answer} |`);
    }
  }
  out.push("");
  out.push("### Catches: runs that ended wrong with a write denied or escalated");
  out.push("");
  out.push("| run | first write blocked | effect | rule | reason |");
  out.push("|---|---|---|---|---|");
  for (const run of catches) {
    const c = run.calls.find((x) => blocked(x) && WRITES.has(x.record.proposal.tool));
    const more = run.calls.filter((x) => blocked(x) && WRITES.has(x.record.proposal.tool)).length - 1;
    out.push(
      `| ${run.session} | \`${c.record.proposal.tool}\` ${callTarget(c.record)}${more > 0 ? ` (+${more} more)` : ""} | ${c.decision.effect} | ${rulesOf(c.decision).map((r) => `\`${r}\``).join(", ")} | ${cell(c.decision.reasons[0]?.msg ?? "")} |`,
    );
  }
  out.push("");
  out.push("### Blocked calls by rule");
  out.push("");
  out.push("| rule | calls | in runs that ended right | in runs that ended wrong |");
  out.push("|---|---:|---:|---:|");
  const perRule = new Map();
  for (const run of results) {
    for (const c of run.calls.filter(blocked)) {
      for (const rule of rulesOf(c.decision)) {
        const n = perRule.get(rule) ?? { calls: 0, right: new Set(), wrong: new Set() };
        n.calls++;
        (run.reward === 1 ? n.right : n.wrong).add(run.session);
        perRule.set(rule, n);
      }
    }
  }
  for (const [rule, n] of [...perRule].sort(([a], [b]) => (a < b ? -1 : 1))) out.push(`| \`${rule}\` | ${n.calls} | ${n.right.size} | ${n.wrong.size} |`);
  return out.join("\n");
}

function callTarget(record) {
  const a = record.proposal.args;
  const target = a.reservation_id ?? a.user_id;
  return target ? `(${target})` : "";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(report(await evaluate(process.argv[2] ?? RUNS_FILE)) + "\n");
}
