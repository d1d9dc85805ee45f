import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The conformance and property suites are CPU-bound; two workers match the CI machine.
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
