import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["alice-source"] },
  ssr: { resolve: { conditions: ["alice-source"], externalConditions: ["alice-source"] } },
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
