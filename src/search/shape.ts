/**
 * Shape: the last step. Turns the units a decision picked into answers the
 * front ends render — the quoted sentences with their translations and the
 * words to show in bold, the sentence a mid-thought passage leans on, where
 * the quote comes from, and what else it speaks of.
 */
import type { Knowledge, Sentence } from "../knowledge/types.js";
import type { Candidate } from "./retrieve.js";
import { tokenize } from "./text.js";
import type { Answer, Highlight, Quote } from "./types.js";
import type { Unit } from "./units.js";

/** Builds one answer from a unit; `matched` holds the question's terms to highlight. */
export function shapeAnswer(
  unit: Unit,
  matched: ReadonlySet<string>,
  knowledge: Knowledge,
  measured?: Pick<Candidate, "score" | "coverage">,
): Answer {
  const doc = knowledge.documents[unit.docIndex];
  const sentences = unit.kind === "card" ? evidence(unit, matched) : unit.sentences;
  const quotes = sentences.map((s) => quote(s, matched));
  const translated = quotes.every((q) => q.ru !== undefined && q.ru !== "");
  const text = quotes.map((q) => q.text).join(" ");
  return {
    passageKey: unit.key,
    kind: unit.kind,
    ...(unit.card && { card: unit.card }),
    docId: unit.docId,
    title: doc?.title ?? "",
    ...(doc?.ru && { titleRu: doc.ru.title }),
    ...(doc?.date !== undefined && { date: doc.date }),
    ...(doc?.ru?.date !== undefined && { dateRu: doc.ru.date }),
    ...(doc?.source !== undefined && { source: doc.source }),
    ...(doc?.ru?.source !== undefined && { sourceRu: doc.ru.source }),
    text,
    ...(translated && { ru: quotes.map((q) => q.ru).join(" ") }),
    quotes,
    context: unit.context.map((s) => quote(s, matched)),
    highlights: highlightRanges(text, matched),
    matchedTerms: [...matched],
    score: measured?.score ?? 0,
    coverage: measured?.coverage ?? 0,
    related: relatedTo(unit, sentences, knowledge),
  };
}

function quote(sentence: Sentence, matched: ReadonlySet<string>): Quote {
  return {
    index: sentence.index,
    text: sentence.text,
    ...(sentence.ru !== undefined && sentence.ru !== "" && { ru: sentence.ru }),
    highlights: highlightRanges(sentence.text, matched),
    highlightsRu: sentence.ru ? highlightRanges(sentence.ru, matched) : [],
  };
}

/**
 * A card's evidence: the cited sentence that shares most words with the
 * question, the first citation when none does (editors put the best first).
 */
function evidence(unit: Unit, matched: ReadonlySet<string>): Sentence[] {
  let best = unit.sentences[0];
  let bestCount = 0;
  for (const sentence of unit.sentences) {
    const count = tokenize(`${sentence.text} ${sentence.ru ?? ""}`).filter(
      (t) => t.term !== null && matched.has(t.term),
    ).length;
    if (count > bestCount) {
      best = sentence;
      bestCount = count;
    }
  }
  return best ? [best] : [];
}

/**
 * Character ranges of `text` whose words have one of `matched` as their index
 * term. Neighbours separated only by spaces or hyphens merge, so "INO Tomsk"
 * is bold as one phrase.
 */
export function highlightRanges(text: string, matched: ReadonlySet<string>): Highlight[] {
  const ranges: { start: number; end: number }[] = [];
  for (const token of tokenize(text)) {
    if (token.term === null || !matched.has(token.term)) continue;
    const last = ranges.at(-1);
    if (last && /^[\s-]*$/u.test(text.slice(last.end, token.start))) last.end = token.end;
    else ranges.push({ start: token.start, end: token.end });
  }
  return ranges;
}

/**
 * Clusters, events and topics a passage speaks of: those with a citation in
 * one of its sentences (a card: itself excluded), and the events its document
 * describes.
 */
function relatedTo(
  unit: Unit,
  sentences: readonly Sentence[],
  knowledge: Knowledge,
): Answer["related"] {
  const texts = sentences.map((s) => s.text);
  const cites = (citations: readonly { doc: string; quote: string }[]) =>
    citations.some(
      (c) => c.doc === unit.docId && texts.some((t) => t.includes(c.quote) || c.quote.includes(t)),
    );
  const self = unit.card;
  return {
    clusters: knowledge.clusters
      .filter((c) => !(self?.kind === "cluster" && self.id === c.id) && cites(c.citations))
      .map((c) => c.id),
    events: knowledge.events
      .filter((e) => !(self?.kind === "event" && self.id === e.id) && e.doc === unit.docId)
      .map((e) => e.id),
    topics: knowledge.topics
      .filter((t) => !(self?.kind === "topic" && self.id === t.id) && cites(t.citations))
      .map((t) => t.id),
  };
}
