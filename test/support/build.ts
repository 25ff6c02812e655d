/**
 * Global set-up of the end-to-end tests: builds dist/ from src/ if the sources changed since
 * the last build (scripts/build.mjs; nothing to do after `npm ci`), so that the tests of
 * `npm start` run what it runs.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function buildOnce(): void {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
}
