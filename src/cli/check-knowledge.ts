/**
 * npm run check:knowledge [-- DIR]
 * Validates a knowledge directory alone — documents, translations, stored
 * questions, cards, glossary, every citation — and lists what an editor should
 * still do (untranslated documents, sentences without stored questions).
 */
import {
  formatProblem,
  KnowledgeError,
  knowledgeWarnings,
  loadKnowledge,
} from "../knowledge/load.js";
import { quietOnClosedPipe } from "./pipe.js";

quietOnClosedPipe();

const dir = process.argv[2] ?? process.env.KNOWLEDGE_DIR ?? "knowledge";
try {
  const knowledge = loadKnowledge(dir);
  const cards = [...knowledge.clusters, ...knowledge.events, ...knowledge.topics];
  const citations = cards.reduce((n, x) => n + x.citations.length, 0);
  const questions = knowledge.passages.reduce(
    (n, p) => n + p.questions.en.length + p.questions.ru.length,
    0,
  );
  const translated = knowledge.documents.filter((d) => d.ru).length;
  console.log(
    `${dir} is valid (version ${knowledge.version}): ${knowledge.documents.length} documents ` +
      `(${translated} translated), ${knowledge.passages.length} passages with ${questions} stored questions, ` +
      `${knowledge.topics.length} topics, ${knowledge.clusters.length} clusters, ${knowledge.events.length} events, ` +
      `${knowledge.glossary.length} glossary entries, ${citations} citations found verbatim.`,
  );
  const warnings = knowledgeWarnings(knowledge);
  if (warnings.length > 0) {
    console.log(`\n${warnings.length} thing(s) to do:`);
    for (const warning of warnings) console.log(`  ${formatProblem(warning)}`);
  }
} catch (error) {
  if (error instanceof KnowledgeError) {
    console.error(`${dir} has ${error.problems.length} problem(s):`);
    for (const problem of error.problems) console.error(`  ${formatProblem(problem)}`);
  } else {
    console.error(`Cannot read ${dir}: ${(error as Error).message}`);
  }
  process.exit(1);
}
