/**
 * Run settings of the property tests: a fixed seed (CI is reproducible), and
 * `SNAPSPACE_PROPERTY_RUNS=10000` for a longer search (`SNAPSPACE_PROPERTY_SEED` to vary it).
 */
const runsFromEnv = Number(process.env["SNAPSPACE_PROPERTY_RUNS"]);
const seedFromEnv = Number(process.env["SNAPSPACE_PROPERTY_SEED"]);

/** fast-check parameters for a property whose default run count is `defaultRuns`. */
export function propertySettings(defaultRuns: number): { numRuns: number; seed: number } {
  return {
    numRuns: Number.isFinite(runsFromEnv) && runsFromEnv > 0 ? runsFromEnv : defaultRuns,
    seed: Number.isFinite(seedFromEnv) ? seedFromEnv : 20_251_123,
  };
}
