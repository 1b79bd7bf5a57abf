import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["alice-source"] },
  ssr: { resolve: { conditions: ["alice-source"], externalConditions: ["alice-source"] } },
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 20_000,
    // CI reads the counts from a JSON report (see .ci/run).
    reporters: process.env.CI
      ? ["default", ["json", { outputFile: ".ci/vitest-results.json" }]]
      : ["default"],
  },
});
