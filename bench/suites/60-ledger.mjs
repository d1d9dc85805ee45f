// Governed decisions per second with the ledger on local disk: every append
// written and fdatasync'ed before it is answered. Sequential callers pay one
// sync each; concurrent callers share syncs through group commit.
// SNAPSPACE_BENCH_DIR picks the folder (default: the OS temp folder; make
// sure it is a real disk, not tmpfs, or the syncs cost nothing).
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createGovernor, openLedger, verifyLedger } from "../../dist/ledger/index.js";
import { fmt, table } from "../timing.mjs";

const policyHash = `sha256:${createHash("sha256").update("bench-policy").digest("hex")}`;
// A hand-written policy, so the figures are the ledger's and the governor's cost, not the evaluator's.
const policy = {
  policyHash,
  decide(input) {
    const p = input.proposal;
    const deny = p.tool === "shell.rm";
    return {
      proposal_id: p.id,
      effect: deny ? "deny" : "allow",
      reasons: deny ? [{ effect: "deny", package: "bench", msg: "no deletions", location: "bench.snap:1" }] : [],
      obligations: [],
      policy_hash: policyHash,
      errors: [],
    };
  },
  query: () => [],
};

const proposal = (i) => ({
  id: `p-${i}`,
  agent: "bench-bot",
  tool: i % 10 === 0 ? "shell.rm" : "payments.charge",
  args: { customer: `c-${i % 97}`, amount: i % 1000, currency: "EUR", note: "x".repeat(400) },
  idempotency_key: `k-${i}`,
  session: `s-${i % 50}`,
});
const context = { now: "2026-11-02T10:15:00Z", env: "production", approvals: [] };

export default async function run() {
  const base = mkdtempSync(join(process.env.SNAPSPACE_BENCH_DIR ?? tmpdir(), "snapspace-bench-ledger-"));
  let fileNo = 0;
  const fresh = () => join(base, `ledger-${++fileNo}.jsonl`);
  const rows = [["case", "decisions/s", "µs/decision", "records"]];
  const timeIt = async (label, n, body) => {
    const t0 = performance.now();
    await body();
    const ms = performance.now() - t0;
    rows.push([label, fmt((n * 1000) / ms), fmt((ms * 1000) / n, 1), fmt(n)]);
  };
  try {
    console.log(`ledger folder: ${base}`);

    // Ledger alone: append a decided record, one caller waiting for each.
    {
      const ledger = await openLedger(fresh());
      const n = 1500;
      await timeIt("ledger.append, 1 caller (fsync each)", n, async () => {
        for (let i = 0; i < n; i++) {
          const input = { proposal: proposal(i), context, history: [] };
          await ledger.append({ input, decision: policy.decide(input) });
        }
      });
      await ledger.close();
    }

    for (const [label, groupCommit, callers] of [
      ["governor, 1 caller (fsync each)", true, 1],
      ["governor, 16 callers, group commit", true, 16],
      ["governor, 64 callers, group commit", true, 64],
      ["governor, 16 callers, no group commit", false, 16],
    ]) {
      const governor = await createGovernor({ policies: policy, ledger: fresh(), ledgerOptions: { groupCommit } });
      const n = callers === 1 || !groupCommit ? 1500 : 20000;
      let next = 0;
      await timeIt(label, n, async () => {
        await Promise.all(
          Array.from({ length: callers }, async () => {
            while (next < n) {
              const i = next++;
              await governor.govern(proposal(i), context);
            }
          }),
        );
      });
      await governor.close();
    }
    table(rows);

    // Opening (which checks the whole chain and rebuilds the governor's index) and verifying.
    const path = fresh();
    {
      const governor = await createGovernor({ policies: policy, ledger: path });
      let next = 0;
      await Promise.all(Array.from({ length: 64 }, async () => { while (next < 50000) await governor.govern(proposal(next++), context); }));
      await governor.close();
    }
    const t0 = performance.now();
    const report = verifyLedger(path);
    const verifyMs = performance.now() - t0;
    const t1 = performance.now();
    const governor = await createGovernor({ policies: policy, ledger: path });
    const openMs = performance.now() - t1;
    await governor.close();
    console.log();
    table([
      ["50,000-record ledger", "ms", "records/s"],
      ["ledger verify", fmt(verifyMs), fmt((report.records * 1000) / verifyMs)],
      ["createGovernor (open + index)", fmt(openMs), fmt((report.records * 1000) / openMs)],
    ]);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
