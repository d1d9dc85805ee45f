// The decision layer, in one run and on the same inputs:
// - the hand-written baseline (bench/handwritten/payments.mjs) against `decide` over the same two
//   packages (payments, idempotency) with the default back end of `loadPolicies`, hashes off and on;
// - the fixed cost of `decide` alone (a back end that answers at once), for a 2 KB input with 0–2 reasons;
// - `input_hash` for that input (our writer, and the `canonicalize` package it replaced, for comparison);
// - `snapspace eval` on a generated one-million-record JSONL file with 1 and 2 workers: records per
//   second and peak RSS. SNAPSPACE_BENCH_RECORDS=200000 makes that part shorter.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, mkdtempSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import canonicalize from "canonicalize";
import { loadPolicies } from "../../dist/api/index.js";
import { canonicalHash, canonicalJson } from "../../dist/decision/canonical.js";
import { decide } from "../../dist/decision/decide.js";
import { validateInput } from "../../dist/decision/validate.js";
import { paymentInputs, twoKilobyteInput } from "../handwritten/inputs.mjs";
import { decideHandwritten, HANDWRITTEN_POLICY_FILES } from "../handwritten/payments.mjs";
import { fmt, measure, percentiles, table } from "../timing.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RECORDS = Number(process.env.SNAPSPACE_BENCH_RECORDS) || 1_000_000;

/** A back end that answers at once with the same verdicts: what is left is `decide`'s own cost. */
function answering(verdicts) {
  return { governedPackages: verdicts.map((v) => v.package), evaluateGoverned: () => verdicts };
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

/** Run the CLI on `file`, output to /dev/null; wall time and peak RSS of the process (VmHWM, polled from /proc; worker threads share it). */
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
  // --- The hand-written baseline against decide, on the same inputs. ---
  const cwd = process.cwd();
  process.chdir(ROOT); // reason locations are relative to the working folder, as in the baseline
  const payments = await loadPolicies(HANDWRITTEN_POLICY_FILES);
  process.chdir(cwd);
  const inputs = paymentInputs();
  for (const input of inputs) {
    if (canonicalJson(decideHandwritten(input)) !== canonicalJson(payments.decide(input, { hashes: false }))) throw new Error(`the hand-written baseline disagrees with decide on ${input.proposal.id}`);
  }
  const n = inputs.length;
  const hand = measure((i) => decideHandwritten(inputs[i % n]), { iterations: 50_000 });
  const noHash = measure((i) => payments.decide(inputs[i % n], { hashes: false }), { iterations: 10_000 });
  const withHash = measure((i) => payments.decide(inputs[i % n]), { iterations: 10_000 });
  const latHand = percentiles((i) => decideHandwritten(inputs[i % n]), { calls: 20_000 });
  const latDecide = percentiles((i) => payments.decide(inputs[i % n], { hashes: false }), { calls: 20_000 });
  console.log(`payments + idempotency (${HANDWRITTEN_POLICY_FILES.join(", ")}), ${n} inputs in rotation:`);
  table([
    ["measure", "ns/op", "ops/s", "× hand-written"],
    ["hand-written function", fmt(hand.nsPerOp), fmt(hand.opsPerSec), "1.0"],
    ["decide, hashes: false", fmt(noHash.nsPerOp), fmt(noHash.opsPerSec), fmt(noHash.nsPerOp / hand.nsPerOp, 1)],
    ["decide, with input_hash", fmt(withHash.nsPerOp), fmt(withHash.opsPerSec), fmt(withHash.nsPerOp / hand.nsPerOp, 1)],
  ]);
  console.log(`latency, ns: hand-written p50 ${fmt(latHand.p50)}, p99 ${fmt(latHand.p99)}; decide (hashes: false) p50 ${fmt(latDecide.p50)}, p99 ${fmt(latDecide.p99)}`);

  // --- decide's own cost, and input_hash, for a 2 KB input. ---
  const big = twoKilobyteInput();
  const bytes = Buffer.byteLength(canonicalJson(big));
  const hash = `sha256:${"0".repeat(64)}`;
  const none = answering([{ package: "agent.a", deny: [], escalate: [], allow: true, obligations: [] }]);
  const one = answering([{ package: "agent.a", deny: [], escalate: [{ value: "charges over 500 EUR need a human to approve them", location: "policies/payments.snap:73" }], allow: true, obligations: [{ type: "compensate", tool: "payments.refund" }] }]);
  const two = answering([
    { package: "agent.idempotency", deny: [{ value: { msg: "this action already ran", idempotency_key: "inv-2231", earlier_proposal: "p-3" }, location: "policies/idempotency.snap:19" }], escalate: [], allow: false, obligations: [] },
    { package: "agent.payments", deny: [], escalate: [{ value: { msg: "charges over 500 EUR need a human to approve them", amount: 740, currency: "EUR", limit: 500 }, location: "policies/payments.snap:73" }], allow: true, obligations: [] },
  ]);
  const fixed0 = measure(() => decide(none, hash, big, { hashes: false }), { iterations: 100_000 });
  const fixed1 = measure(() => decide(one, hash, big, { hashes: false }), { iterations: 100_000 });
  const fixed2 = measure(() => decide(two, hash, big, { hashes: false }), { iterations: 100_000 });
  const fixedHash = measure(() => decide(none, hash, big), { iterations: 20_000 });
  const inputHash = measure(() => canonicalHash(big), { iterations: 20_000 });
  const oldHash = measure(() => `sha256:${createHash("sha256").update(canonicalize(big)).digest("hex")}`, { iterations: 5_000 });
  const validate = measure(() => validateInput(big), { iterations: 50_000 });
  console.log(`\ndecide's fixed cost (a back end that answers at once), ${fmt(bytes)}-byte input with a 5-entry history:`);
  table([
    ["measure", "ns/op"],
    ["decide, hashes: false, 0 reasons", fmt(fixed0.nsPerOp)],
    ["decide, hashes: false, 1 reason + 1 obligation", fmt(fixed1.nsPerOp)],
    ["decide, hashes: false, 2 object reasons", fmt(fixed2.nsPerOp)],
    ["decide, with input_hash, 0 reasons", fmt(fixedHash.nsPerOp)],
    [`input_hash alone (${fmt(bytes)} bytes)`, fmt(inputHash.nsPerOp)],
    ["  the same with the canonicalize package + createHash", fmt(oldHash.nsPerOp)],
    ["validateInput (the records reader's full check)", fmt(validate.nsPerOp)],
  ]);

  // --- snapspace eval, streaming a generated file, with 1 and 2 workers. ---
  const dir = mkdtempSync(join(tmpdir(), "snapspace-bench-eval-"));
  try {
    const file = join(dir, "records.jsonl");
    const g0 = performance.now();
    await generateRecords(file, RECORDS);
    const mb = statSync(file).size / 1e6;
    console.log(`\nsnapspace eval over the starter library, ${fmt(RECORDS)} generated records (${fmt(mb)} MB, sessions of 10), --format jsonl to /dev/null (generated in ${fmt((performance.now() - g0) / 1000, 1)} s):`);
    const rows = [["run", "seconds", "records/s", "peak RSS MB", "exit"]];
    for (const [name, extra] of [
      ["streamed, 1 worker", []],
      ["streamed, --workers 2", ["--workers", "2"]],
      ["--session, 1 worker", ["--session"]],
      ["--session, --workers 2", ["--session", "--workers", "2"]],
    ]) {
      const r = await runEval(file, extra);
      rows.push([name, fmt(r.seconds, 1), fmt(RECORDS / r.seconds), fmt(r.peakMb), r.code]);
    }
    table(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
