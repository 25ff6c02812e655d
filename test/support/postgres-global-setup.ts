/**
 * Vitest global setup: finds a PostgreSQL server for the tests that need one
 * and hands its URL to them (inject("postgres")).
 *
 * - TEST_DATABASE_URL, else DATABASE_URL: that server is used as it is (the
 *   tests work in schemas of their own and drop them);
 * - otherwise a throwaway cluster is started from Debian's binaries, and
 *   stopped when the run ends;
 * - otherwise the PostgreSQL tests are skipped with one message — except
 *   under CI=true, where the run fails: CI must test both dialects.
 */
import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres.js";

export type PostgresTarget = { readonly url: string } | { readonly skip: string };

declare module "vitest" {
  export interface ProvidedContext {
    postgres: PostgresTarget;
  }
}

export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (given) {
    project.provide("postgres", { url: given });
    return undefined;
  }
  const server = await startPostgres();
  if ("unavailable" in server) {
    const reason = `no PostgreSQL server for the tests: ${server.unavailable}`;
    if (process.env.CI === "true") throw new Error(`${reason} (required under CI=true)`);
    process.stderr.write(
      `\nPostgreSQL tests SKIPPED — ${reason}.\n` +
        "Install Debian's postgresql package (apt-get install -y postgresql) or set TEST_DATABASE_URL.\n\n",
    );
    project.provide("postgres", { skip: reason });
    return undefined;
  }
  project.provide("postgres", { url: server.url });
  return () => server.stop();
}
