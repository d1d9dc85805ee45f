// Shared measurement helpers for the bench suites: warm up, then take the median of several timed repetitions.
import { performance } from "node:perf_hooks";

/**
 * Time `fn` (called `iterations` times per repetition) and return the median ns per call
 * over `repetitions` repetitions, after a warm-up repetition.
 */
export function measure(fn, { iterations = 10_000, repetitions = 7 } = {}) {
  for (let i = 0; i < iterations; i++) fn(i);
  const samples = [];
  for (let r = 0; r < repetitions; r++) {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) fn(i);
    samples.push(((performance.now() - t0) * 1e6) / iterations);
  }
  samples.sort((a, b) => a - b);
  return { nsPerOp: samples[samples.length >> 1], opsPerSec: 1e9 / samples[samples.length >> 1], samples };
}

/** Latency percentiles (ns) of single calls of `fn`. */
export function percentiles(fn, { calls = 20_000 } = {}) {
  const t = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    fn(i);
    t[i] = (performance.now() - t0) * 1e6;
  }
  t.sort();
  const at = (p) => t[Math.min(calls - 1, Math.floor(p * calls))];
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: t[calls - 1] };
}

/** Format a number with thousands separators. */
export function fmt(n, digits = 0) {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Print an aligned table: `rows` are arrays of cells; the first row is the header. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const [n, r] of rows.entries()) {
    console.log(r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  "));
    if (n === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}
