// The built module (`snapspace build`), in one run and on the same inputs as 30-decide:
// - the starter payment + idempotency policies (HANDWRITTEN_POLICY_FILES) built into a standalone module,
//   imported from a temporary folder, against the hand-written baseline and the compiled policy they
//   were built from: ns per decision (`decide(input, { hashes: false })`), decisions per second, ratios;
// - the module built from all of `policies/`: size (and gzipped), build time, and the time a fresh
//   `node` process takes to import it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { loadPolicies } from "../../dist/api/index.js";
import { buildModule } from "../../dist/build/index.js";
import { canonicalJson } from "../../dist/decision/canonical.js";
import { paymentInputs } from "../handwritten/inputs.mjs";
import { decideHandwritten, HANDWRITTEN_POLICY_FILES } from "../handwritten/payments.mjs";
import { fmt, measure, percentiles, table } from "../timing.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), "snapspace-bench-built-"));
  try {
    // --- The payment + idempotency module against the hand-written baseline. ---
    const cwd = process.cwd();
    process.chdir(ROOT); // reason locations are relative to the working folder, as in the baseline
    const payments = await loadPolicies(HANDWRITTEN_POLICY_FILES);
    process.chdir(cwd);
    const paymentsFile = join(dir, "payments.mjs");
    writeFileSync(paymentsFile, (await buildModule(payments)).code);
    const built = await import(pathToFileURL(paymentsFile).href);
    const inputs = paymentInputs();
    for (const input of inputs) {
      const expected = canonicalJson(decideHandwritten(input));
      if (canonicalJson(built.decide(input, { hashes: false })) !== expected) throw new Error(`the built module disagrees with the hand-written baseline on ${input.proposal.id}`);
      if (canonicalJson(payments.decide(input, { hashes: false })) !== expected) throw new Error(`decide disagrees with the hand-written baseline on ${input.proposal.id}`);
    }
    const n = inputs.length;
    const hand = measure((i) => decideHandwritten(inputs[i % n]), { iterations: 50_000 });
    const mod = measure((i) => built.decide(inputs[i % n], { hashes: false }), { iterations: 10_000 });
    const lib = measure((i) => payments.decide(inputs[i % n], { hashes: false }), { iterations: 10_000 });
    const modHash = measure((i) => built.decide(inputs[i % n]), { iterations: 10_000 });
    const latMod = percentiles((i) => built.decide(inputs[i % n], { hashes: false }), { calls: 20_000 });
    console.log(`built module of ${HANDWRITTEN_POLICY_FILES.join(", ")}, ${n} inputs in rotation:`);
    table([
      ["measure", "ns/decision", "decisions/s", "× hand-written"],
      ["hand-written function", fmt(hand.nsPerOp), fmt(hand.opsPerSec), "1.0"],
      ["built module, hashes: false", fmt(mod.nsPerOp), fmt(mod.opsPerSec), fmt(mod.nsPerOp / hand.nsPerOp, 1)],
      ["compiled policy (library), hashes: false", fmt(lib.nsPerOp), fmt(lib.opsPerSec), fmt(lib.nsPerOp / hand.nsPerOp, 1)],
      ["built module, with input_hash", fmt(modHash.nsPerOp), fmt(modHash.opsPerSec), fmt(modHash.nsPerOp / hand.nsPerOp, 1)],
    ]);
    console.log(`latency of the built module (hashes: false), ns: p50 ${fmt(latMod.p50)}, p90 ${fmt(latMod.p90)}, p99 ${fmt(latMod.p99)}`);

    // --- The module of the whole starter library: size, build time, load time. ---
    process.chdir(ROOT);
    const library = await loadPolicies(["policies/"]);
    process.chdir(cwd);
    const times = [];
    let result;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      result = await buildModule(library);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const libraryFile = join(dir, "policies.mjs");
    writeFileSync(libraryFile, result.code);
    const bytes = Buffer.byteLength(result.code);
    const gz = gzipSync(result.code, { level: 9 }).length;
    const loads = [];
    for (let i = 0; i < 5; i++) {
      const r = spawnSync(process.execPath, ["--input-type=module", "-e", `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(libraryFile).href)}); process.stdout.write(String(performance.now() - t));`], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`importing the built module failed: ${r.stderr}`);
      loads.push(Number(r.stdout));
    }
    loads.sort((a, b) => a - b);
    const re2 = result.inputs.filter((i) => i.startsWith("node_modules/re2js/")).length > 0;
    console.log(`\nthe module built from all of policies/ (${result.packages.length} governed packages, ${result.builtins.length} built-ins${re2 ? ", RE2 for regex.*" : ""}):`);
    table([
      ["measure", "value"],
      ["size, KB", fmt(bytes / 1024, 1)],
      ["size gzipped, KB", fmt(gz / 1024, 1)],
      ["build time (buildModule, median of 5), ms", fmt(times[2])],
      ["import in a fresh node process (median of 5), ms", fmt(loads[2], 1)],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
