// The decision layer: `decide` on the starter library (with and without `input_hash`), the cost of
// validation and of `input_hash` alone for a typical 2 KB input, and `snapspace eval` streaming a
// generated one-million-record JSONL file (records per second, peak RSS), with and without --session.
// SNAPSPACE_BENCH_RECORDS=200000 makes the streaming part shorter.
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPolicies } from "../../dist/api/index.js";
import { canonicalHash, canonicalJson } from "../../dist/decision/canonical.js";
import { validateInput } from "../../dist/decision/validate.js";
import { fmt, measure, percentiles, table } from "../timing.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RECORDS = Number(process.env.SNAPSPACE_BENCH_RECORDS) || 1_000_000;

/** Inputs the library has opinions about: the recorded fixtures, with the history `--session` would build. */
function fixtureInputs() {
  const text = readFileSync(join(ROOT, "fixtures/sessions/billing.jsonl"), "utf8") + readFileSync(join(ROOT, "fixtures/sessions/ops-freeze.jsonl"), "utf8") + readFileSync(join(ROOT, "fixtures/sessions/research-exfiltration.jsonl"), "utf8");
  const histories = new Map();
  const inputs = [];
  for (const line of text.split("\n").filter(Boolean)) {
    const r = JSON.parse(line);
    const h = histories.get(r.proposal.session) ?? [];
    histories.set(r.proposal.session, h);
    inputs.push({ proposal: r.proposal, context: r.context, history: [...h] });
    h.push({ proposal: r.proposal, effect: r.expect, ...(r.result ? { result: r.result } : {}) });
  }
  return inputs;
}

/** A realistic input of about 2 KB: a charge with a conversation and five earlier proposals. */
function twoKilobyteInput() {
  const p = (i) => ({ id: `p-${i}`, agent: "billing-bot", tool: "payments.charge", args: { customer: "c-9", invoice: `inv-22${i}`, amount: 120 + i, currency: "EUR" }, idempotency_key: `inv-22${i}`, session: "s-17" });
  return {
    proposal: p(9),
    context: { now: "2026-11-02T10:15:00Z", env: "production", approvals: [], messages: [{ role: "user", content: "Please settle my open invoices and send me the receipts when you are done, thanks." }] },
    history: [1, 2, 3, 4, 5].map((i) => ({ proposal: p(i), effect: "allow", result: { charge: `ch_8Kd${i}`, status: "succeeded", created: `2026-11-02T10:0${i}:00Z` } })),
  };
}

async function generateRecords(file, n) {
  const out = createWriteStream(file);
  const tools = ["payments.charge", "crm.lookup", "email.send", "sql.query", "http.request"];
  for (let i = 0; i < n; i++) {
    const session = `s-${Math.floor(i / 10)}`;
    const tool = tools[i % tools.length];
    const args = tool === "payments.charge" ? { customer: `c-${i % 977}`, amount: (i % 900) + 1, currency: "EUR" } : tool === "email.send" ? { to: "billing@acme.example", subject: "receipt" } : tool === "sql.query" ? { query: "SELECT 1" } : tool === "http.request" ? { url: "https://api.acme.example/v1/x" } : { customer: `c-${i % 977}` };
    const agent = tool === "sql.query" || tool === "http.request" ? "ops-bot" : "billing-bot";
    const line = JSON.stringify({ proposal: { id: `p-${i}`, agent, tool, args, idempotency_key: `k-${i}`, session }, context: { now: "2026-11-02T10:15:00Z", env: "production" } });
    if (!out.write(line + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Run the CLI on `file`, output to /dev/null; wall time and peak RSS (VmHWM, polled from /proc). */
async function runEval(file, extra) {
  const devnull = openSync("/dev/null", "w");
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, "bin/snapspace"), "eval", file, "--policy", join(ROOT, "policies"), "--format", "jsonl", ...extra], { stdio: ["ignore", devnull, "inherit"] });
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // The process has exited.
    }
  }, 100);
  const [code] = await once(child, "exit");
  clearInterval(poll);
  return { code, seconds: (performance.now() - t0) / 1000, peakMb: peakKb / 1024 };
}

export default async function run() {
  const policy = await loadPolicies([join(ROOT, "policies")]);
  const inputs = fixtureInputs();
  const big = twoKilobyteInput();
  const bigBytes = Buffer.byteLength(canonicalJson(big));

  const withHash = measure((i) => policy.decide(inputs[i % inputs.length]), { iterations: 5_000 });
  const noHash = measure((i) => policy.decide(inputs[i % inputs.length], { hashes: false }), { iterations: 5_000 });
  const lat = percentiles((i) => policy.decide(inputs[i % inputs.length], { hashes: false }), { calls: 10_000 });
  const validate = measure(() => validateInput(big), { iterations: 50_000 });
  const hash = measure(() => canonicalHash(big), { iterations: 20_000 });
  const decideBig = measure(() => policy.decide(big), { iterations: 5_000 });
  const decideBigNoHash = measure(() => policy.decide(big, { hashes: false }), { iterations: 5_000 });

  console.log(`decide over the starter library (${policy.evaluator.governedPackages.length} governed packages), ${inputs.length} recorded inputs in rotation:`);
  table([
    ["measure", "ns/op", "ops/s"],
    ["decide, with input_hash", fmt(withHash.nsPerOp), fmt(withHash.opsPerSec)],
    ["decide, hashes: false", fmt(noHash.nsPerOp), fmt(noHash.opsPerSec)],
    [`decide, ${fmt(bigBytes)}-byte input, with hash`, fmt(decideBig.nsPerOp), fmt(decideBig.opsPerSec)],
    [`decide, ${fmt(bigBytes)}-byte input, no hash`, fmt(decideBigNoHash.nsPerOp), fmt(decideBigNoHash.opsPerSec)],
    [`validateInput (${fmt(bigBytes)} bytes, valid)`, fmt(validate.nsPerOp), fmt(validate.opsPerSec)],
    [`input_hash alone (${fmt(bigBytes)} bytes)`, fmt(hash.nsPerOp), fmt(hash.opsPerSec)],
  ]);
  console.log(`latency of decide (hashes: false), ns: p50 ${fmt(lat.p50)}, p90 ${fmt(lat.p90)}, p99 ${fmt(lat.p99)}, max ${fmt(lat.max)}`);

  const dir = mkdtempSync(join(tmpdir(), "snapspace-bench-eval-"));
  try {
    const file = join(dir, "records.jsonl");
    const g0 = performance.now();
    await generateRecords(file, RECORDS);
    const mb = statSync(file).size / 1e6;
    console.log(`\nsnapspace eval, ${fmt(RECORDS)} generated records (${fmt(mb)} MB, sessions of 10), --format jsonl to /dev/null (generated in ${fmt((performance.now() - g0) / 1000, 1)} s):`);
    const rows = [["run", "seconds", "records/s", "peak RSS MB", "exit"]];
    for (const [name, extra] of [["streamed", []], ["--session", ["--session"]]]) {
      const r = await runEval(file, extra);
      rows.push([name, fmt(r.seconds, 1), fmt(RECORDS / r.seconds), fmt(r.peakMb), r.code]);
    }
    table(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
