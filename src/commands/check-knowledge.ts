/**
 * `npm run check:knowledge`: validates a knowledge directory alone —
 * documents, translations, stored questions, cards, glossary, every citation —
 * and lists what an editor should still do (untranslated documents, sentences
 * without stored questions).
 */
import {
  explainKnowledgeFailure,
  formatProblem,
  KnowledgeError,
  knowledgeWarnings,
  loadKnowledge,
} from "../knowledge/load.js";
import type { Knowledge } from "../knowledge/types.js";
import { type CommandSpec, EXIT, InputError, JSON_OPTION } from "./command.js";

/** What `check:knowledge --json` prints; `valid: false` comes with exit status 1. */
export interface CheckKnowledgeJson {
  readonly dir: string;
  readonly valid: boolean;
  /** The knowledge version (a hash of its files), or null when invalid. */
  readonly version: string | null;
  /** Counts of what was loaded; null when invalid. */
  readonly counts: {
    readonly documents: number;
    readonly translated: number;
    readonly passages: number;
    readonly storedQuestions: number;
    readonly topics: number;
    readonly clusters: number;
    readonly events: number;
    readonly glossary: number;
    readonly citations: number;
  } | null;
  /** Problems that make it invalid, one line each, "file: field: problem". */
  readonly problems: readonly string[];
  /** What an editor should still do; it does not make it invalid. */
  readonly todo: readonly string[];
}

const options = {
  json: JSON_OPTION,
} as const;

/** The check:knowledge command. */
export const checkKnowledgeCommand: CommandSpec<typeof options> = {
  name: "npm run check:knowledge",
  usage: "[-- options]",
  summary:
    "Validates a knowledge directory as the bot would load it, every citation included,\nand lists what is still to do. Exit status 1 when it is not valid.",
  options,
  settings: ["KNOWLEDGE_DIR"],
  run({ config, options, io }) {
    const dir = config.knowledgeDir;
    let knowledge: Knowledge;
    try {
      knowledge = loadKnowledge(dir);
    } catch (error) {
      if (!(error instanceof KnowledgeError))
        throw new InputError(explainKnowledgeFailure(error, dir));
      const problems = error.problems.map(formatProblem);
      if (options.json) {
        const json: CheckKnowledgeJson = {
          dir,
          valid: false,
          version: null,
          counts: null,
          problems,
          todo: [],
        };
        io.out(`${JSON.stringify(json, null, 2)}\n`);
        return EXIT.input;
      }
      // One line per problem, each naming its file, as the bot prints them at start.
      throw new InputError(explainKnowledgeFailure(error, dir));
    }
    const json = checkKnowledgeJson(dir, knowledge);
    if (options.json) {
      io.out(`${JSON.stringify(json, null, 2)}\n`);
      return EXIT.ok;
    }
    const c = json.counts;
    const lines = [
      `${dir} is valid (version ${json.version}): ${c?.documents} documents ` +
        `(${c?.translated} translated), ${c?.passages} passages with ${c?.storedQuestions} stored questions, ` +
        `${c?.topics} topics, ${c?.clusters} clusters, ${c?.events} events, ` +
        `${c?.glossary} glossary entries, ${c?.citations} citations found verbatim.`,
    ];
    if (json.todo.length > 0) {
      lines.push("", `${json.todo.length} thing(s) to do:`, ...json.todo.map((t) => `  ${t}`));
    }
    io.out(`${lines.join("\n")}\n`);
    return EXIT.ok;
  },
};

/** The report on valid knowledge (see CheckKnowledgeJson). */
export function checkKnowledgeJson(dir: string, knowledge: Knowledge): CheckKnowledgeJson {
  const cards = [...knowledge.clusters, ...knowledge.events, ...knowledge.topics];
  return {
    dir,
    valid: true,
    version: knowledge.version,
    counts: {
      documents: knowledge.documents.length,
      translated: knowledge.documents.filter((d) => d.ru).length,
      passages: knowledge.passages.length,
      storedQuestions: knowledge.passages.reduce(
        (n, p) => n + p.questions.en.length + p.questions.ru.length,
        0,
      ),
      topics: knowledge.topics.length,
      clusters: knowledge.clusters.length,
      events: knowledge.events.length,
      glossary: knowledge.glossary.length,
      citations: cards.reduce((n, x) => n + x.citations.length, 0),
    },
    problems: [],
    todo: knowledgeWarnings(knowledge).map(formatProblem),
  };
}
