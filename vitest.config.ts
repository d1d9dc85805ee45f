import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Suites that run the built CLI need dist/; fail at once, with the fix, when it is missing.
    globalSetup: ["test/global-setup.ts"],
    // The conformance and property suites are CPU-bound; two workers match the CI machine.
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
