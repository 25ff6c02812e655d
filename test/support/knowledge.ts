/**
 * The knowledge tests run on. Bot tests use the small invented corpus in
 * test/fixtures/knowledge (same format as knowledge/), so an editor's change to
 * the real texts never breaks them; the knowledge tests use the real one.
 * Each engine is built once per test file.
 */
import { fileURLToPath } from "node:url";
import { openSearch } from "../../src/search/open.js";
import type { SearchEngine } from "../../src/search/types.js";

/** test/fixtures/knowledge: invented texts for the bot tests. */
export const FIXTURE_KNOWLEDGE_DIR = fileURLToPath(
  new URL("../fixtures/knowledge", import.meta.url),
);
/** knowledge/: the real texts. */
export const REAL_KNOWLEDGE_DIR = fileURLToPath(new URL("../../knowledge", import.meta.url));

let fixture: SearchEngine | undefined;
let real: SearchEngine | undefined;

/** The engine over the fixture corpus. */
export function fixtureSearch(): SearchEngine {
  fixture ??= openSearch(FIXTURE_KNOWLEDGE_DIR);
  return fixture;
}

/** The engine over knowledge/. */
export function realSearch(): SearchEngine {
  real ??= openSearch(REAL_KNOWLEDGE_DIR);
  return real;
}
