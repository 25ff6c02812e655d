/**
 * npm run check:knowledge [-- DIR]
 * Validates knowledge/ alone: documents, clusters, events, glossary and every citation.
 */
import { formatProblem, KnowledgeError, loadKnowledge } from "../search/corpus.js";

const dir = process.argv[2] ?? process.env.KNOWLEDGE_DIR ?? "knowledge";
try {
  const knowledge = loadKnowledge(dir);
  const citations = [...knowledge.clusters, ...knowledge.events].reduce(
    (n, x) => n + x.citations.length,
    0,
  );
  console.log(
    `${dir} is valid: ${knowledge.documents.length} documents, ${knowledge.clusters.length} clusters, ` +
      `${knowledge.events.length} events, ${knowledge.glossary.length} glossary entries, ` +
      `${citations} citations found verbatim (version ${knowledge.version}).`,
  );
} catch (error) {
  if (error instanceof KnowledgeError) {
    console.error(`${dir} has ${error.problems.length} problem(s):`);
    for (const problem of error.problems) console.error(`  ${formatProblem(problem)}`);
  } else {
    console.error(`Cannot read ${dir}: ${(error as Error).message}`);
  }
  process.exit(1);
}
