/**
 * Opening the search over a knowledge directory, the one way every entry point
 * does it (the bot, the local chat, the command-line tools, /reload): validated
 * knowledge and the spelling lexicon, both read from a cache of derived data
 * when it is there, then the engine built over them.
 */
import { fileURLToPath } from "node:url";
import { type KnowledgeLimits, loadKnowledge } from "../knowledge/load.js";
import { createSearchEngine, type EngineOptions, type ExplainableSearchEngine } from "./engine.js";
import { loadLexicon } from "./lexicon.js";

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
  return createSearchEngine(knowledge, { ...options.engine, lexicon: loadLexicon(cacheDir) });
}
