/**
 * Opening the search for a command: the same `openSearch` as the bot, with a
 * knowledge problem turned into the bot's own one-line-per-problem message.
 */
import type { Config } from "../config.js";
import { explainKnowledgeFailure } from "../knowledge/load.js";
import type { ExplainableSearchEngine } from "../search/engine.js";
import { openSearch } from "../search/open.js";
import { InputError } from "./command.js";

/** The search over KNOWLEDGE_DIR. @throws InputError saying what is wrong with it. */
export function openCommandSearch(config: Pick<Config, "knowledgeDir">): ExplainableSearchEngine {
  try {
    return openSearch(config.knowledgeDir);
  } catch (error) {
    throw new InputError(explainKnowledgeFailure(error, config.knowledgeDir));
  }
}
