import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One PostgreSQL server for the whole run (or the reason there is none).
    globalSetup: ["test/support/postgres-global-setup.ts"],
    // End-to-end suites start real processes and servers; give them room on a 2-core machine.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
