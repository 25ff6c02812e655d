/**
 * Opening the search over a knowledge directory, the one way every entry point
 * does it (the bot, the local chat, the command-line tools, /reload): validated
 * knowledge and the spelling lexicon, both read from a cache of derived data
 * when it is there, then the engine built over them.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type KnowledgeLimits, loadKnowledge } from "../knowledge/load.js";
import { createSearchEngine, type EngineOptions, type ExplainableSearchEngine } from "./engine.js";
import { loadLexicon } from "./lexicon.js";
import { rememberStems, stemsSoFar } from "./text.js";

/**
 * Where derived data is kept: the lexicon built from the dictionaries and
 * snapshots of validated knowledge. Inside node_modules, so every install
 * starts afresh; the same path from src/search and from dist/search.
 */
export const CACHE_DIR = fileURLToPath(
  new URL("../../node_modules/.cache/tomsk-bot", import.meta.url),
);

export interface OpenOptions {
  readonly cacheDir?: string;
  readonly limits?: KnowledgeLimits;
  readonly engine?: Omit<EngineOptions, "lexicon">;
}

/**
 * Loads, validates and indexes a knowledge directory.
 * @throws KnowledgeError naming every problem, as loadKnowledge does.
 */
export function openSearch(
  knowledgeDir: string,
  options: OpenOptions = {},
): ExplainableSearchEngine {
  const cacheDir = options.cacheDir ?? CACHE_DIR;
  const knowledge = loadKnowledge(knowledgeDir, {
    cacheDir,
    ...(options.limits && { limits: options.limits }),
  });
  // The stems of this knowledge's words, kept from an earlier start.
  const stemsFile = join(cacheDir, `stems-${STEMS_FORMAT}-${knowledge.version}.json`);
  let known = false;
  try {
    rememberStems(JSON.parse(readFileSync(stemsFile, "utf8")) as Record<string, string>);
    known = true;
  } catch {
    // None yet: stemmed below, then kept.
  }
  const engine = createSearchEngine(knowledge, {
    ...options.engine,
    lexicon: loadLexicon(cacheDir),
  });
  if (!known) keepStems(cacheDir, stemsFile);
  return engine;
}

/** Bump when stemming changes, so stems of the old rules are not read. */
const STEMS_FORMAT = 1;

function keepStems(cacheDir: string, file: string): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    for (const old of readdirSync(cacheDir)) {
      if (old.startsWith(`stems-${STEMS_FORMAT}-`)) rmSync(join(cacheDir, old), { force: true });
    }
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(stemsSoFar()));
    renameSync(partial, file);
  } catch {
    // A read-only disk: the next start stems again, which is only slower.
  }
}
