import type { Answer, SearchEngine, SearchResult } from "./types.js";

/**
 * Scoring the engine on a question set in the format of eval/dev.jsonl.
 * A hit at rank k: the k-th answer, as a reply shows it (its quote, the
 * sentence it leans on, a card's summary), contains one of `answer_any`
 * (case-insensitive, white space folded). Only answers count: a hedge ("not
 * sure — closest passages") is a decline. For questions the texts cannot
 * answer (kind "none" or "false_premise"), a hit is a decline or a hedge.
 */

export interface EvalItem {
  readonly id: string;
  readonly lang: string;
  readonly kind: string;
  readonly question: string;
  readonly answer_any: readonly string[];
}

export interface ItemOutcome {
  readonly item: EvalItem;
  /** 1-based rank of the first answer containing an expected string; null if none (or declined). */
  readonly rank: number | null;
  readonly declined: boolean;
  readonly tier: SearchResult["tier"];
  readonly reason: SearchResult["reason"];
  /** Whether the engine's decision to answer or decline was right. */
  readonly declineCorrect: boolean;
  readonly hit1: boolean;
  readonly firstAnswer?: string;
}

export interface Scores {
  readonly count: number;
  readonly hit1: number;
  readonly hit3: number;
  readonly mrr: number;
  readonly declineAccuracy: number;
}

export interface EvalReport {
  readonly overall: Scores;
  readonly byLang: Readonly<Record<string, Scores>>;
  readonly byKind: Readonly<Record<string, Scores>>;
  readonly misses: readonly ItemOutcome[];
  readonly outcomes: readonly ItemOutcome[];
}

/** Parses JSON Lines, naming the line of any malformed entry. */
export function parseEvalFile(text: string, name = "eval file"): EvalItem[] {
  const items: EvalItem[] = [];
  text.split(/\r?\n/u).forEach((line, i) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${name}:${i + 1}: not valid JSON`);
    }
    const item = value as Partial<EvalItem>;
    if (
      typeof item.question !== "string" ||
      typeof item.kind !== "string" ||
      !Array.isArray(item.answer_any)
    ) {
      throw new Error(`${name}:${i + 1}: needs question, kind and answer_any`);
    }
    items.push({
      id: String(item.id ?? `line${i + 1}`),
      lang: String(item.lang ?? "?"),
      kind: item.kind,
      question: item.question,
      answer_any: item.answer_any.map(String),
    });
  });
  return items;
}

/** Runs every question through the engine and scores the outcomes. */
export function evaluate(engine: SearchEngine, items: readonly EvalItem[]): EvalReport {
  const outcomes = items.map((item) => judge(engine, item));
  const group = (key: (o: ItemOutcome) => string) => {
    const groups: Record<string, ItemOutcome[]> = {};
    for (const o of outcomes) {
      const k = key(o);
      groups[k] = [...(groups[k] ?? []), o];
    }
    return Object.fromEntries(
      Object.entries(groups)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, score(v)]),
    );
  };
  return {
    overall: score(outcomes),
    byLang: group((o) => o.item.lang),
    byKind: group((o) => o.item.kind),
    misses: outcomes.filter((o) => !o.hit1),
    outcomes,
  };
}

/** Kinds of question the texts cannot answer: declining or hedging is right. */
export const UNANSWERABLE_KINDS: ReadonlySet<string> = new Set(["none", "false_premise"]);

function judge(engine: SearchEngine, item: EvalItem): ItemOutcome {
  const result = engine.ask(item.question, { limit: 5 });
  const expectsNone = UNANSWERABLE_KINDS.has(item.kind);
  const fold = (s: string) => s.toLowerCase().replace(/\s+/gu, " ");
  const wanted = item.answer_any.map(fold);
  const answers = result.noAnswer ? [] : result.answers;
  const index = answers.findIndex((a) =>
    wanted.some((w) => fold(replyText(engine, a)).includes(w)),
  );
  const rank = expectsNone ? (result.noAnswer ? 1 : null) : index === -1 ? null : index + 1;
  const first = result.answers[0] && replyText(engine, result.answers[0]);
  return {
    item,
    rank,
    declined: result.noAnswer,
    tier: result.tier,
    reason: result.reason,
    declineCorrect: result.noAnswer === expectsNone,
    hit1: rank === 1,
    ...(first !== undefined && { firstAnswer: first }),
  };
}

function score(outcomes: readonly ItemOutcome[]): Scores {
  const n = outcomes.length || 1;
  const at = (k: number) => outcomes.filter((o) => o.rank !== null && o.rank <= k).length / n;
  return {
    count: outcomes.length,
    hit1: at(1),
    hit3: at(3),
    mrr: outcomes.reduce((sum, o) => sum + (o.rank ? 1 / o.rank : 0), 0) / n,
    declineAccuracy: outcomes.filter((o) => o.declineCorrect).length / n,
  };
}

function documentLine(engine: SearchEngine, id: string): string {
  const doc = engine.document(id);
  return doc ? [doc.title, doc.date, doc.source].filter(Boolean).join(" ") : "";
}

/** What a reply shows of an answer, in English: the sentence it leans on, the quote, a card's summary. */
export function replyText(engine: SearchEngine, answer: Answer): string {
  const card = answer.card;
  const summary =
    card === undefined
      ? ""
      : card.kind === "topic"
        ? (engine.topic(card.id)?.summary.en ?? "")
        : card.kind === "cluster"
          ? (engine.cluster(card.id)?.description.en ?? "")
          : card.kind === "event"
            ? (engine.event(card.id)?.summary.en ?? "")
            : documentLine(engine, card.id);
  return [
    summary,
    ...answer.context.map((q) => q.text),
    answer.text,
    ...answer.more.map((m) => m.text),
  ].join(" ");
}
