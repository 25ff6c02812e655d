/**
 * /reload: the knowledge directory read again, validated and swapped in
 * while the bot runs. Validation is the loader's, the same as at start and
 * in `npm run check:knowledge`; the swap is the holder's one assignment
 * (search/holder.ts), so every update sees either the old knowledge or the
 * new, never a mix. When anything is wrong nothing is swapped: the bot keeps
 * answering from what it had, and every problem is reported by file and field.
 *
 * Building the engine runs synchronously (about half a second for a large
 * knowledge base when the loader's cache misses), in which time the process
 * answers no one: acceptable for an operator's command, not for a timer.
 */
import { formatProblem, KnowledgeError } from "../knowledge/load.js";
import type { Knowledge } from "../knowledge/types.js";
import { escapeHtml } from "../render/html.js";
import type { Translate } from "../render/labels.js";
import { splitHtml } from "../render/split.js";
import type { SearchHolder } from "../search/holder.js";
import { openSearch } from "../search/open.js";
import type { SearchEngine } from "../search/types.js";

/** What the knowledge holds, as /reload reports it. */
export interface KnowledgeCounts {
  readonly version: string;
  readonly documents: number;
  readonly clusters: number;
  readonly events: number;
  readonly topics: number;
  /** Stored questions, both languages. */
  readonly questions: number;
}

export function knowledgeCounts(knowledge: Knowledge): KnowledgeCounts {
  return {
    version: knowledge.version,
    documents: knowledge.documents.length,
    clusters: knowledge.clusters.length,
    events: knowledge.events.length,
    topics: knowledge.topics.length,
    questions: knowledge.passages.reduce(
      (n, p) => n + p.questions.en.length + p.questions.ru.length,
      0,
    ),
  };
}

export type ReloadOutcome =
  | {
      readonly ok: true;
      readonly changed: boolean;
      readonly previous: KnowledgeCounts;
      readonly current: KnowledgeCounts;
    }
  /** Nothing swapped; `problems` are `file: field: message` lines. */
  | { readonly ok: false; readonly kept: KnowledgeCounts; readonly problems: readonly string[] };

/**
 * Reads `dir` again and swaps it in when it is valid and differs from the
 * knowledge in use. `open` is openSearch unless a test gives another.
 */
export function reloadKnowledge(
  holder: SearchHolder,
  dir: string,
  open: (dir: string) => SearchEngine = openSearch,
): ReloadOutcome {
  const before = holder.current;
  let next: SearchEngine;
  try {
    next = open(dir);
  } catch (error) {
    const problems =
      error instanceof KnowledgeError
        ? error.problems.map(formatProblem)
        : [`${dir}: cannot be read: ${error instanceof Error ? error.message : String(error)}`];
    return { ok: false, kept: knowledgeCounts(before.knowledge), problems };
  }
  const changed = next.knowledge.version !== before.knowledge.version;
  if (changed) holder.replace(next);
  return {
    ok: true,
    changed,
    previous: knowledgeCounts(before.knowledge),
    current: knowledgeCounts(changed ? next.knowledge : before.knowledge),
  };
}

/** The reply to /reload: one message, or several when the problems do not fit in one. */
export function formatReload(outcome: ReloadOutcome, t: Translate): string[] {
  if (outcome.ok) {
    const c = outcome.current;
    const html = t(outcome.changed ? "reload-ok" : "reload-same", {
      version: c.version,
      previous: outcome.previous.version,
      documents: c.documents,
      cards: c.clusters + c.events + c.topics,
      clusters: c.clusters,
      events: c.events,
      topics: c.topics,
      questions: c.questions,
    });
    return [html];
  }
  const head = t("reload-failed", {
    version: outcome.kept.version,
    count: outcome.problems.length,
  });
  const list = outcome.problems.map((p) => `• ${escapeHtml(p)}`).join("\n");
  return splitHtml(`${head}\n\n${list}`);
}
