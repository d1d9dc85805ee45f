// `regex.match` on V8's RegExp (when `builtins/re2-on-v8.ts` translates the pattern) against re2js, the
// RE2 engine it falls back to, on the freeze policy's SQL patterns; then `decide` over all of
// `policies/` for one proposal of each kind, which is where those patterns are felt.
import { RE2JS } from "re2js";
import { loadPolicies } from "../../dist/api/index.js";
import { compileRegexTester } from "../../dist/builtins/pattern-cache.js";
import { planForV8 } from "../../dist/builtins/re2-on-v8.js";
import { fmt, measure, table } from "../timing.mjs";

const PATTERNS = [
  "(?i)^drop\\s+(table|database|schema|view|index)\\b",
  "(?i)^delete\\s+from\\b",
  "(?i)\\bwhere\\b",
  "(?is)^alter\\s+table\\b.*\\bdrop\\b",
  "(?i)^(insert|update|delete|merge|upsert|replace|create|alter|drop|truncate|grant|revoke)\\b",
];

const SQL = {
  "8 chars": "SELECT 1",
  "83 chars": "SELECT name, email FROM customers WHERE id = 42 AND status = 'active' ORDER BY name",
  "2,000 chars": `UPDATE accounts SET note = '${"x".repeat(1960)}' WHERE id = 7`,
};

export default async function run() {
  const rows = [["string", "re2js ns/match", "snapspace ns/match", "×"]];
  const re2 = PATTERNS.map((p) => RE2JS.compile(p));
  const ours = PATTERNS.map((p) => compileRegexTester(p));
  for (const [name, s] of Object.entries(SQL)) {
    const a = measure(() => {
      for (const re of re2) re.test(s);
    }, { iterations: 2000, repetitions: 7 }).nsPerOp / PATTERNS.length;
    const b = measure(() => {
      for (const re of ours) re.test(s);
    }, { iterations: 2000, repetitions: 7 }).nsPerOp / PATTERNS.length;
    rows.push([name, fmt(a, 0), fmt(b, 0), fmt(a / b, 1)]);
  }
  console.log(`the freeze policy's ${PATTERNS.length} patterns; longest string each runs on V8: ${PATTERNS.map((p) => planForV8(p)?.maxLength ?? "re2js only").join(", ")}`);
  table(rows);

  const policy = await loadPolicies(["policies/"]);
  const context = { now: "2026-11-02T10:15:00Z", env: "production" };
  const proposals = {
    "sql.query (SELECT)": { id: "p-1", agent: "ops-bot", tool: "sql.query", args: { query: SQL["83 chars"] } },
    "payments.charge": { id: "p-2", agent: "billing-bot", tool: "payments.charge", args: { customer: "c-9", amount: 120, currency: "EUR" }, idempotency_key: "k-2" },
    "email.send": { id: "p-3", agent: "billing-bot", tool: "email.send", args: { to: "billing@acme.example", subject: "receipt" } },
    "http.request": { id: "p-4", agent: "ops-bot", tool: "http.request", args: { url: "https://api.acme.example/v1/x" } },
  };
  const decideRows = [["proposal", "effect", "ns/decision (hashes: false)"]];
  for (const [name, proposal] of Object.entries(proposals)) {
    const input = { proposal, context };
    const effect = policy.decide(input).effect;
    const m = measure(() => policy.decide(input, { hashes: false }), { iterations: 2000, repetitions: 7 });
    decideRows.push([name, effect, fmt(m.nsPerOp, 0)]);
  }
  console.log("\ndecide over all of policies/ (8 governed packages):");
  table(decideRows);
}
