#!/usr/bin/env node
/**
 * Builds dist/ from src/ only when the sources changed, so `npm start` starts the compiled bot
 * at once instead of compiling the whole project first (several seconds, more on a busy
 * machine, on every restart and deploy).
 *
 * The sources' fingerprint — the path, size and modification time of every file under src/
 * and of the tsconfig files — is kept in dist/.build-stamp. When it matches, nothing is done
 * (a few milliseconds). Otherwise tsc compiles incrementally (dist/.tsbuildinfo remembers the
 * last build), the locale files are copied, and the stamp is written last, so an interrupted
 * build is redone. A file removed from src/ makes a clean build, so dist/ holds nothing stale.
 *
 * Usage: node scripts/build.mjs [--force] [--at-install]
 * Runs at install (`prepare`); `npm start` runs the same check first (scripts/start.mjs).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const stampFile = join(dist, ".build-stamp");
const inputs = ["tsconfig.json", "tsconfig.build.json"];

/** Every file under `dir`, recursively, as paths relative to the repository. */
function filesUnder(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

function fingerprint(files) {
  const hash = createHash("sha256");
  for (const file of files) {
    const { size, mtimeMs } = statSync(join(root, file));
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest("hex");
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampFile, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Builds dist/ unless it is up to date (or always, with `force`). Returns whether it built.
 * Exits the process with a clear message when TypeScript is missing.
 */
export function ensureBuilt({ force = false, atInstall = false } = {}) {
  const files = [...filesUnder("src"), ...inputs];
  const current = fingerprint(files);
  const stamp = readStamp();
  if (!force && stamp?.fingerprint === current && existsSync(join(dist, "main.js"))) return false;

  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  } catch {
    // An install without dev dependencies builds nothing; npm start says what to do.
    if (atInstall) return false;
    process.stderr.write(
      "dist/ must be built from src/, and TypeScript is not installed: run npm ci (with dev dependencies).\n",
    );
    process.exit(1);
  }
  // Files were removed (or this is the first build): start clean.
  const removed = stamp?.files?.some((file) => !files.includes(file)) ?? true;
  if (force || removed) rmSync(dist, { recursive: true, force: true });
  process.stderr.write(
    `Building dist/ from src/ (${removed || force ? "full" : "changed files"})…\n`,
  );
  try {
    execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
      cwd: root,
      stdio: "inherit",
    });
  } catch {
    process.stderr.write("The build failed: fix the TypeScript errors above, then start again.\n");
    process.exit(1);
  }
  cpSync(join(root, "src/bot/locales"), join(dist, "bot/locales"), { recursive: true });
  writeFileSync(stampFile, JSON.stringify({ fingerprint: current, files }));
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureBuilt({
    force: process.argv.includes("--force"),
    atInstall: process.argv.includes("--at-install"),
  });
}
