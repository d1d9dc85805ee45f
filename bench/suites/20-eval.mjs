// The reference interpreter: compile time of the large admission policy (fixtures/large/, ~65 KB of
// v0 Rego, 300+ rules), then queries per second and latency percentiles for a simple `allow`, the
// partial-set `deny` of the large policy, and a comprehension-heavy rule.
import { readFileSync } from "node:fs";
import { compile } from "../../dist/api/index.js";
import { SourceFile } from "../../dist/source/index.js";
import { parseModule } from "../../dist/syntax/index.js";
import { checkModules } from "../../dist/check/index.js";
import { fmt, measure, percentiles, table } from "../timing.mjs";

const LARGE = new URL("../../fixtures/large/", import.meta.url);
const read = (name) => readFileSync(new URL(name, LARGE), "utf8");

const SIMPLE = `package agent.payments

default allow := false

allow if {
	input.proposal.tool == "payments.charge"
	input.proposal.args.amount <= 500
	input.proposal.args.currency in {"EUR", "USD"}
}
`;

const COMPREHENSIONS = `package report

import rego.v1

by_tool := {tool: count(ps) |
	some h in input.history
	tool := h.proposal.tool
	ps := [p | some p in input.history; p.proposal.tool == tool]
}

totals := {cur: sum([a | some h in input.history; h.proposal.args.currency == cur; a := h.proposal.args.amount]) |
	some h in input.history
	cur := h.proposal.args.currency
}

large := [h.proposal.id | some h in input.history; h.proposal.args.amount > 500]
`;

function history(n) {
  const tools = ["payments.charge", "payments.refund", "crm.update", "mail.send", "files.read"];
  const currencies = ["EUR", "USD", "GBP"];
  return Array.from({ length: n }, (_, i) => ({
    proposal: { id: `p-${i}`, agent: "bot", tool: tools[i % tools.length], args: { amount: (i * 37) % 1000, currency: currencies[i % 3] } },
    effect: "allow",
  }));
}

export default async function run() {
  const modules = [
    { file: "core.rego", source: read("core.rego") },
    { file: "teams.rego", source: read("teams.rego") },
  ];
  const data = JSON.parse(read("data.json"));
  const bytes = modules.reduce((n, m) => n + m.source.length, 0);

  // Compile time: parse + check + build the policy object (the interpreter compiles rules lazily, on first use).
  const files = modules.map((m) => new SourceFile(m.file, m.source));
  const parsed = files.map((f) => parseModule(f, { regoVersion: 0 }).value);
  const parse = measure(() => files.map((f) => parseModule(f, { regoVersion: 0 })), { iterations: 1, repetitions: 9 });
  const check = measure(() => checkModules(parsed, { data }), { iterations: 1, repetitions: 9 });
  const whole = measure(() => compile({ modules, data, regoVersion: 0 }), { iterations: 1, repetitions: 9 });
  const large = compile({ modules, data, regoVersion: 0 });
  const firstEval = measure(() => compile({ modules, data, regoVersion: 0 }).evaluatePath("k8s.admission.deny", { input: {} }), { iterations: 1, repetitions: 5 });
  console.log(`large policy: ${fmt(bytes / 1024, 1)} KB, ${large.rules.length} rule definitions`);
  table([
    ["compile stage", "median ms"],
    ["parse", fmt(parse.nsPerOp / 1e6, 1)],
    ["check", fmt(check.nsPerOp / 1e6, 1)],
    ["compile (parse + check)", fmt(whole.nsPerOp / 1e6, 1)],
    ["compile + first evaluation", fmt(firstEval.nsPerOp / 1e6, 1)],
  ]);

  const simple = compile({ modules: [{ file: "pay.snap", source: SIMPLE }] });
  const payInput = { proposal: { id: "p-1", agent: "bot", tool: "payments.charge", args: { amount: 120, currency: "EUR" } } };
  const risky = JSON.parse(read("inputs/risky-deployment.json"));
  const compliant = JSON.parse(read("inputs/compliant-pod.json"));
  const report = compile({ modules: [{ file: "report.snap", source: COMPREHENSIONS }] });
  const reportInput = { history: history(100) };

  const cases = [
    ["simple allow (data.agent.payments.allow)", () => simple.evaluatePath("agent.payments.allow", { input: payInput }), 20_000],
    ["simple allow via decide()", () => simple.decide(payInput, { hashes: false }), 20_000],
    ["large deny, risky deployment (15 msgs)", () => large.evaluatePath("k8s.admission.deny", { input: risky }), 500],
    ["large deny, compliant pod (0 msgs)", () => large.evaluatePath("k8s.admission.deny", { input: compliant }), 500],
    ["large deny via query()", () => large.query("data.k8s.admission.deny", { input: risky }), 500],
    ["comprehensions over 100 history items", () => report.evaluatePath("report", { input: reportInput }), 200],
  ];
  const rows = [["query", "ops/s", "p50 µs", "p99 µs"]];
  for (const [name, fn, n] of cases) {
    const m = measure(fn, { iterations: n, repetitions: 5 });
    const p = percentiles(fn, { calls: n * 2 });
    rows.push([name, fmt(m.opsPerSec), fmt(p.p50 / 1000, 1), fmt(p.p99 / 1000, 1)]);
  }
  table(rows);
}
