/** The knowledge loader moved to src/knowledge/; this module keeps the old import path working. */
export {
  DATA_FILES,
  explainKnowledgeFailure,
  formatProblem,
  KnowledgeError,
  type KnowledgeFile,
  type KnowledgeProblem,
  loadKnowledge,
  parseKnowledge,
  readKnowledgeDir,
} from "../knowledge/load.js";
export { normalizeSpace } from "../knowledge/sentences.js";
