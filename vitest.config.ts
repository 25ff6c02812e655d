import { defineConfig } from "vitest/config";

/**
 * Tests that run the bot end to end: over HTTP against the Telegram simulator (test/e2e) or
 * as a child process (`npm start`, `npm run chat`). Everything else is a unit test.
 */
const E2E = [
  "test/e2e/**/*.test.ts",
  "test/runtime/main.test.ts",
  "test/chat/cli.test.ts",
  "test/cli/**/*.test.ts",
];

export default defineConfig({
  test: {
    // One PostgreSQL server for the whole run (or the reason there is none).
    globalSetup: ["test/support/postgres-global-setup.ts"],
    // A test waits for events, never for time; these limits only end a test that hangs.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Test files share a worker's modules instead of importing grammY, the engine and the
    // rest again for each file (two thirds of the run's time on 2 cores). No test relies on
    // module state left by another: engines are built once per worker, fake timers are
    // restored after each test, and every test makes its own bot and simulator.
    isolate: false,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: E2E },
      },
      {
        extends: true,
        // The tests of npm start run dist/, built from src/ when it changed.
        test: {
          name: "e2e",
          include: E2E,
          globalSetup: ["test/support/postgres-global-setup.ts", "test/support/build.ts"],
        },
      },
    ],
  },
});
