// The decision layer, in one run and on the same inputs:
// - the hand-written baseline (bench/handwritten/payments.mjs) against `decide` over the same two
//   packages (payments, idempotency): the compiled back end (the default of `loadPolicies`) with hashes
//   off and on, and the reference interpreter; each with its ratio to the hand-written function (the
//   median of the ratios of five alternating rounds, so that a noisy machine skews both sides alike);
// - loading and compiling `policies/` (read, parse, check, generate, instantiate), in a fresh process
//   and warm;
// - the fixed cost of `decide` alone (a back end that answers at once), for a 2 KB input with 0–2 reasons;
// - `input_hash` for that input (our writer, the `canonicalize` package it replaced, and
//   `JSON.stringify` + SHA-256, which neither sorts keys nor checks anything: a lower bound);
// - `snapspace eval` on a generated one-million-record JSONL file with 1 and 2 workers: records per
//   second and peak RSS. SNAPSPACE_BENCH_RECORDS=200000 makes that part shorter.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import canonicalize from "canonicalize";
import { loadPolicies } from "../../dist/api/index.js";
import { canonicalHash, canonicalJson } from "../../dist/decision/canonical.js";
import { decide } from "../../dist/decision/decide.js";
import { isWellFormedInput } from "../../dist/decision/shape.js";
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

function readdirCount(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".snap")).length;
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

/** Median of `xs`. */
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * Measure each of `fns` (name → [fn, iterations]) in `rounds` alternating rounds; each one's median
 * ns/op, its median ratio to the first, and `ratioTo(name)`, its median ratio to another.
 */
function alternate(fns, rounds = 5) {
  const names = Object.keys(fns);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const n of names) samples[n].push(measure(fns[n][0], { iterations: fns[n][1], repetitions: 3 }).nsPerOp);
  }
  const ratioTo = (n, base) => median(samples[n].map((x, i) => x / samples[base][i]));
  return Object.fromEntries(names.map((n) => [n, { nsPerOp: median(samples[n]), ratio: ratioTo(n, names[0]), ratioTo: (base) => ratioTo(n, base) }]));
}

// Loading `policies/` in a child process: its first run (nothing compiled by V8 yet, as when the CLI
// starts), then the median of 15 more (warm); stage by stage (argument "stages") or through
// `loadPolicies` followed by the first decision (argument "load"). Prints one JSON line.
const LOAD_SCRIPT = `
import { readFileSync } from "node:fs";
const dist = process.argv[1];
const mode = process.argv[2];
const t0 = performance.now();
const { loadPolicies } = await import(dist + "api/index.js");
const { discoverFiles, displayPath } = await import(dist + "source/discover.js");
const { SourceFile } = await import(dist + "source/source-file.js");
const { parseModule } = await import(dist + "syntax/index.js");
const { checkModules } = await import(dist + "check/index.js");
const { decisionNodes, generateProgram } = await import(dist + "compile/generate.js");
const { instantiate } = await import(dist + "compile/evaluator.js");
const importMs = performance.now() - t0;
const files = await discoverFiles(["policies/"]);
function stages() {
  const T = {};
  let t = performance.now();
  const sources = files.map((p) => new SourceFile(displayPath(p), readFileSync(p, "utf8")));
  const data = JSON.parse(readFileSync("policies/data.json", "utf8"));
  T.read = performance.now() - t; t = performance.now();
  const modules = sources.map((s) => parseModule(s, { regoVersion: 1 }).value);
  T.parse = performance.now() - t; t = performance.now();
  const checked = checkModules(modules, { data });
  T.check = performance.now() - t; t = performance.now();
  const generated = generateProgram(checked.program, { only: decisionNodes(checked.program) });
  T.generate = performance.now() - t; t = performance.now();
  instantiate(generated);
  T.instantiate = performance.now() - t;
  return T;
}
async function whole() {
  const t = performance.now();
  const p = await loadPolicies(["policies/"]);
  const load = performance.now() - t;
  const t2 = performance.now();
  p.decide({ proposal: { id: "p-1", agent: "billing-bot", tool: "payments.charge", args: { amount: 1, currency: "EUR" } } }, { hashes: false });
  return { load, firstDecide: performance.now() - t2 };
}
const once = async () => (mode === "stages" ? stages() : await whole());
const first = await once();
const runs = [];
for (let i = 0; i < 15; i++) runs.push(await once());
const warm = Object.fromEntries(Object.keys(first).map((k) => [k, runs.map((r) => r[k]).sort((a, b) => a - b)[7]]));
console.log(JSON.stringify({ importMs, first, warm }));
`;

export default async function run() {
  // --- The hand-written baseline against decide, on the same inputs. ---
  const cwd = process.cwd();
  process.chdir(ROOT); // reason locations are relative to the working folder, as in the baseline
  const payments = await loadPolicies(HANDWRITTEN_POLICY_FILES);
  const interpreter = await loadPolicies(HANDWRITTEN_POLICY_FILES, { backend: "interpreter" });
  process.chdir(cwd);
  const inputs = paymentInputs();
  for (const input of inputs) {
    const expected = canonicalJson(decideHandwritten(input));
    if (expected !== canonicalJson(payments.decide(input, { hashes: false }))) throw new Error(`the hand-written baseline disagrees with decide on ${input.proposal.id}`);
    if (expected !== canonicalJson(interpreter.decide(input, { hashes: false }))) throw new Error(`the hand-written baseline disagrees with the interpreter on ${input.proposal.id}`);
  }
  const n = inputs.length;
  const r = alternate({
    hand: [(i) => decideHandwritten(inputs[i % n]), 50_000],
    checked: [(i) => isWellFormedInput(inputs[i % n]) && decideHandwritten(inputs[i % n]), 50_000],
    noHash: [(i) => payments.decide(inputs[i % n], { hashes: false }), 20_000],
    withHash: [(i) => payments.decide(inputs[i % n]), 10_000],
    interp: [(i) => interpreter.decide(inputs[i % n], { hashes: false }), 2_000],
  });
  const latHand = percentiles((i) => decideHandwritten(inputs[i % n]), { calls: 20_000 });
  const latDecide = percentiles((i) => payments.decide(inputs[i % n], { hashes: false }), { calls: 20_000 });
  // Two baselines: the hand-written function as it is, which trusts its input, and the same after the
  // input check that DESIGN.md §3 requires of every decision ("all of it is validated"), which is what a
  // hand-written function honouring the contract would have to do too.
  const row = (name, m) => [name, fmt(m.nsPerOp), fmt(1e9 / m.nsPerOp), fmt(m.ratio, 2), fmt(m.ratioTo("checked"), 2)];
  console.log(`payments + idempotency (${HANDWRITTEN_POLICY_FILES.join(", ")}), ${n} inputs in rotation:`);
  table([
    ["measure", "ns/decision", "decisions/s", "× hand-written", "× hand-written + check"],
    row("hand-written function", r.hand),
    row("  the same, after decide's input check (isWellFormedInput)", r.checked),
    row("compiled decide, hashes: false", r.noHash),
    row("compiled decide, with input_hash", r.withHash),
    row("interpreter decide, hashes: false", r.interp),
  ]);
  console.log(`the compiled back end is ${fmt(r.interp.nsPerOp / r.noHash.nsPerOp, 1)}× faster than the interpreter (hashes: false)`);
  console.log(`latency, ns: hand-written p50 ${fmt(latHand.p50)}, p99 ${fmt(latHand.p99)}; decide (hashes: false) p50 ${fmt(latDecide.p50)}, p99 ${fmt(latDecide.p99)}`);

  // --- Loading and compiling policies/. ---
  const loadIn = (mode) => {
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", LOAD_SCRIPT, pathToFileURL(join(ROOT, "dist/")).href, mode], { cwd: ROOT, encoding: "utf8" });
    if (child.status !== 0) throw new Error(`the load-time child failed: ${child.stderr}`);
    return JSON.parse(child.stdout.trim().split("\n").pop());
  };
  const stages = loadIn("stages");
  const load = loadIn("load");
  const stagesOf = (t) => t.read + t.parse + t.check + t.generate + t.instantiate;
  console.log(`\nloading policies/ (${readdirCount(join(ROOT, "policies"))} files, tests included, as \`--policy policies/\` loads them), ms;`);
  console.log(`first run in a fresh process (after ${fmt(load.importMs)} ms of module imports), then warm (median of 15); generate = the decision's rules only:`);
  table([
    ["stage", "first run", "warm"],
    ...["read", "parse", "check", "generate", "instantiate"].map((k) => [k, fmt(stages.first[k], 1), fmt(stages.warm[k], 1)]),
    ["read + parse + check + generate + instantiate", fmt(stagesOf(stages.first), 1), fmt(stagesOf(stages.warm), 1)],
    ["loadPolicies(['policies/']) end to end (another process)", fmt(load.first.load, 1), fmt(load.warm.load, 1)],
    ["  then the first decide (policy_hash formats every module)", fmt(load.first.firstDecide, 1), fmt(load.warm.firstDecide, 1)],
  ]);

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
  const lowerBound = measure(() => `sha256:${createHash("sha256").update(JSON.stringify(big)).digest("hex")}`, { iterations: 20_000 });
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
    ["  JSON.stringify + createHash (no key order, no checks: a lower bound)", fmt(lowerBound.nsPerOp)],
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
