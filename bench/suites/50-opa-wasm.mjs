// The OPA Wasm path: cost per decision through @open-policy-agent/opa-wasm (input written as JSON,
// result set read back with JSON.parse, once per entrypoint), next to the compiled `.snap` path on a
// policy of the same logic when `compile` is built, and resident memory over a million evaluations.
// The module is test/opa/wat/payments.wat (hand-written to the OPA Wasm ABI; its header gives the
// Rego it stands for), assembled with wabt. Its evaluation scans the input text, so its own cost is
// small next to the SDK's per-call serialisation; a module compiled by `opa build` evaluates Rego
// over parsed values and costs more inside Wasm.
import { readFileSync } from "node:fs";
import initWabt from "wabt";
import { loadOpaWasm } from "../../dist/opa/index.js";
import { fmt, measure, percentiles, table } from "../timing.mjs";

const SNAP = `package agent.payments

deny contains "refunds are disabled" if input.proposal.tool == "payments.refund"

escalate contains {"amount": a, "msg": sprintf("charge of %d needs a human", [a])} if {
	a := input.proposal.args.amount
	a > data.limits.max_amount
}

allow if input.proposal.agent != "intern-bot"

obligations contains {"type": "compensate", "tool": "payments.refund"} if input.proposal.tool == "payments.charge"
`;

const DATA = { limits: { max_amount: 500 } };
const EVALUATIONS = 1_000_000;

function watModule(wabt, entrypoints) {
  let text = readFileSync(new URL("../../test/opa/wat/payments.wat", import.meta.url), "utf8");
  if (entrypoints) {
    const json = JSON.stringify(entrypoints).replace(/"/g, '\\"');
    text = text.replace(/^.*;; @entrypoints$/m, `  (data (i32.const 2048) "${json}\\00")`);
  }
  const mod = wabt.parseWat("payments.wat", text);
  const bytes = new Uint8Array(mod.toBinary({}).buffer);
  mod.destroy();
  return bytes;
}

// Inputs like an agent's: most small charges allowed, some escalated, a few refunds denied.
const inputs = Array.from({ length: 64 }, (_, i) => ({
  proposal: {
    id: `p-${i}`,
    agent: "billing-bot",
    tool: i % 16 === 0 ? "payments.refund" : "payments.charge",
    args: { customer: `c-${i % 7}`, amount: (i * 37) % 900, currency: "EUR" },
    idempotency_key: `inv-${i}`,
    session: "s-1",
  },
  context: { now: "2026-11-02T10:15:00Z", env: "production", approvals: [] },
}));

async function loadCompiled() {
  try {
    const lib = await import("../../dist/index.js");
    if (typeof lib.compile !== "function") return undefined;
    return lib.compile({ modules: [{ file: "payments.snap", source: SNAP }], data: DATA });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function rssMiB() {
  globalThis.gc?.();
  return process.memoryUsage().rss / 2 ** 20;
}

export default async function run() {
  const wabt = await initWabt();
  const rules = await loadOpaWasm(watModule(wabt), { data: DATA });
  const single = await loadOpaWasm(watModule(wabt, { "agent/payments/decision": 4 }), { data: DATA });
  const compiled = await loadCompiled();

  // Same decisions on both paths before timing anything.
  if (compiled && !compiled.error) {
    for (const input of inputs) {
      const a = rules.decide(input, { hashes: false });
      const b = compiled.decide(input, { hashes: false });
      if (a.effect !== b.effect) throw new Error(`the Wasm and .snap paths disagree on ${input.proposal.id}: ${a.effect} vs ${b.effect}`);
    }
  }

  const rows = [["path", "decisions/s", "µs/decision", "p50 µs", "p99 µs"]];
  const add = (label, fn) => {
    const m = measure((i) => fn(inputs[i & 63]), { iterations: 20_000, repetitions: 5 });
    const p = percentiles((i) => fn(inputs[i & 63]), { calls: 20_000 });
    rows.push([label, fmt(m.opsPerSec), fmt(m.nsPerOp / 1000, 2), fmt(p.p50 / 1000, 2), fmt(p.p99 / 1000, 2)]);
    return { mean: m.nsPerOp, p50: p.p50 };
  };
  const wasmNs = add("wasm: 4 entrypoints, decide(hashes: false)", (x) => rules.decide(x, { hashes: false }));
  add("wasm: 4 entrypoints, decide()", (x) => rules.decide(x));
  add("wasm: 1 `decision` entrypoint, decide(hashes: false)", (x) => single.decide(x, { hashes: false }));
  add("wasm: query one entrypoint (SDK call alone)", (x) => rules.query("data.agent.payments.deny", { input: x }));
  let snapNs;
  if (compiled && !compiled.error) {
    snapNs = add("compiled .snap: decide(hashes: false)", (x) => compiled.decide(x, { hashes: false }));
    add("compiled .snap: decide()", (x) => compiled.decide(x));
  }
  table(rows);
  // Both ratios: on a shared machine the median of single calls is the steadier of the two.
  if (snapNs) console.log(`wasm (4 entrypoints) / compiled .snap: ${fmt(wasmNs.mean / snapNs.mean, 1)}× mean, ${fmt(wasmNs.p50 / snapNs.p50, 1)}× p50`);
  else console.log(`compiled .snap path: not available (${compiled?.error ?? "dist/index.js has no compile yet"})`);

  // Memory over a million evaluations: one `decision` entrypoint evaluation per decide.
  const samples = [["evaluations", "RSS MiB"]];
  samples.push(["0", fmt(rssMiB(), 1)]);
  const before = rssMiB();
  let last;
  for (let i = 1; i <= EVALUATIONS; i++) {
    last = single.decide(inputs[i & 63], { hashes: false });
    if (i % 250_000 === 0) samples.push([fmt(i), fmt(rssMiB(), 1)]);
  }
  table(samples);
  console.log(`RSS change over ${fmt(EVALUATIONS)} evaluations: ${fmt(rssMiB() - before, 1)} MiB (last effect: ${last.effect})`);
}
