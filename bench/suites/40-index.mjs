// Rule indexing: a policy with 1,000 `deny` rules, each guarded by a different `input.proposal.tool`,
// should decide in about the time of one with 10. For each way people write the guard (the test
// first with a `sprintf` message, through a helper rule `tool := input.proposal.tool`, through a
// local `p := input.proposal`, membership in a constant set) and for a complete rule (`allow`), this
// prints `decide` (hashes: false) with 10 and 1,000 rules, whether the rule was indexed, and the same
// policy compiled without the index and on the interpreter, for scale.
import { compile } from "../../dist/api/index.js";
import { CompiledProgram } from "../../dist/compile/evaluator.js";
import { decide } from "../../dist/decision/decide.js";
import { fmt, measure, table } from "../timing.mjs";

const SHAPES = {
  "test first, sprintf msg": (i) =>
    `deny contains msg if {\n\tinput.proposal.tool == "tool-${i}"\n\tinput.proposal.args.amount > ${i % 100}\n\tmsg := sprintf("%s: %v is over ${i % 100}", [input.proposal.tool, input.proposal.args.amount])\n}\n`,
  "helper rule (tool := …)": (i) => `deny contains msg if {\n\ttool == "tool-${i}"\n\tmsg := sprintf("%s is not allowed here", [tool])\n}\n`,
  "local (p := input.proposal)": (i) => `deny contains msg if {\n\tp := input.proposal\n\tp.tool == "tool-${i}"\n\tp.args.amount > ${i % 100}\n\tmsg := {"msg": "over the limit", "tool": p.tool}\n}\n`,
  "membership (tool in {…})": (i) => `escalate contains "tool-${i} needs a human" if input.proposal.tool in {"tool-${i}", "tool-${i}.v2"}\n`,
  "complete rule (allow if …)": (i) => `allow if {\n\tinput.proposal.tool == "tool-${i}"\n\tinput.proposal.args.amount <= ${i % 100}\n}\n`,
};

function policySource(rule, n) {
  let src = "package agent.many\n\ntool := input.proposal.tool\n\n";
  for (let i = 0; i < n; i++) src += rule(i) + "\n";
  return src;
}

const inputFor = (n) => ({ proposal: { id: "p-1", agent: "ops-bot", tool: `tool-${Math.floor(n / 2)}`, args: { amount: 42 } }, context: { now: "2026-11-02T10:15:00Z" } });

/** Median of `xs`. */
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export default async function run() {
  const rows = [["guard", "indexed", "10 rules ns", "1,000 rules ns", "1,000 / 10", "1,000 unindexed ns", "1,000 interpreter ns"]];
  for (const [name, rule] of Object.entries(SHAPES)) {
    const cases = [10, 1000].map((n) => {
      const source = policySource(rule, n);
      const policy = compile({ modules: [{ file: "many.snap", source }] });
      const input = inputFor(n);
      // Indexed or not, and on the interpreter, the decisions are the same.
      const plain = new CompiledProgram(policy.program, { ruleIndex: false }).governedEvaluator();
      const interpreter = compile({ modules: [{ file: "many.snap", source }], backend: "interpreter" });
      const expected = JSON.stringify(policy.decide(input, { hashes: false }));
      for (const other of [decide(plain, policy.policyHash, input, { hashes: false }), interpreter.decide(input, { hashes: false })]) {
        if (JSON.stringify(other) !== expected) throw new Error(`${name}, ${n} rules: the back ends disagree`);
      }
      return { policy, input, plain, interpreter, indexed: policy.compiledStats.indexedNodes > 0 };
    });
    // 10 and 1,000 rules measured in alternation, five times: the ratio is the median of the five ratios.
    const small = [];
    const large = [];
    for (let r = 0; r < 5; r++) {
      for (const [c, out] of [[cases[0], small], [cases[1], large]]) out.push(measure(() => c.policy.decide(c.input, { hashes: false }), { iterations: 10_000, repetitions: 3 }).nsPerOp);
    }
    const big = cases[1];
    const plain = measure(() => decide(big.plain, big.policy.policyHash, big.input, { hashes: false }), { iterations: 200, repetitions: 5 }).nsPerOp;
    const interp = measure(() => big.interpreter.decide(big.input, { hashes: false }), { iterations: 100, repetitions: 5 }).nsPerOp;
    const ratio = median(large.map((x, i) => x / small[i]));
    rows.push([name, cases.map((c) => (c.indexed ? "yes" : "no")).join("/"), fmt(median(small)), fmt(median(large)), fmt(ratio, 2), fmt(plain), fmt(interp)]);
  }
  console.log("decide (hashes: false) of a proposal whose tool matches one rule, with 10 and 1,000 rules (\"indexed\" for each):");
  table(rows);
}
