/**
 * Shape: the last step. Turns the units a decision picked into answers the
 * front ends render — the quoted sentences with their translations and the
 * words to show in bold, the sentence a mid-thought passage leans on, where
 * the quote comes from, and what else it speaks of.
 */
import type { Knowledge, Sentence } from "../knowledge/types.js";
import type { Candidate } from "./retrieve.js";
import { type Token, tokenize } from "./text.js";
import type { Answer, Highlight, Quote } from "./types.js";
import type { Unit } from "./units.js";

/** How many cited sentences a card shows as evidence. */
const CARD_EVIDENCE = 2;

/** The words of a text; the engine passes one that remembers the knowledge's sentences. */
export type Tokenizer = (text: string) => readonly Token[];

/**
 * A tokenizer that remembers what it read. The texts shaped are the
 * knowledge's own sentences and passages, a bounded set, so the memory is
 * bounded by the knowledge; a new version gets a new engine and a new memory.
 */
export function rememberingTokenizer(): Tokenizer {
  const read = new Map<string, readonly Token[]>();
  return (text) => {
    let tokens = read.get(text);
    if (tokens === undefined) {
      tokens = tokenize(text);
      read.set(text, tokens);
    }
    return tokens;
  };
}

/**
 * Builds one answer from a unit; `matched` holds the question's terms to
 * highlight. A card's answer quotes its best evidence, with a second quote
 * (from another text where it has one) in `more`.
 */
export function shapeAnswer(
  unit: Unit,
  matched: ReadonlySet<string>,
  knowledge: Knowledge,
  measured?: Pick<Candidate, "score" | "coverage">,
  tokens: Tokenizer = tokenize,
): Answer {
  if (unit.kind === "card" && unit.evidence.length > 0) {
    const [best, ...more] = chooseEvidence(unit, matched, tokens);
    const quoted = (e: Unit["evidence"][number]) =>
      quotedAnswer(unit, knowledge.documents[e.docIndex], [e.sentence], {
        matched,
        knowledge,
        measured,
        tokens,
      });
    return { ...quoted(best as Unit["evidence"][number]), more: more.map(quoted) };
  }
  return quotedAnswer(unit, knowledge.documents[unit.docIndex], unit.sentences, {
    matched,
    knowledge,
    measured,
    tokens,
  });
}

interface Shaping {
  readonly matched: ReadonlySet<string>;
  readonly knowledge: Knowledge;
  readonly measured: Pick<Candidate, "score" | "coverage"> | undefined;
  readonly tokens: Tokenizer;
}

function quotedAnswer(
  unit: Unit,
  doc: Knowledge["documents"][number] | undefined,
  sentences: readonly Sentence[],
  { matched, knowledge, measured, tokens }: Shaping,
): Answer {
  const quote = (sentence: Sentence) => quoteOf(sentence, matched, tokens);
  const quotes = sentences.map(quote);
  const translated = quotes.every((q) => q.ru !== undefined && q.ru !== "");
  const text = quotes.map((q) => q.text).join(" ");
  return {
    passageKey: unit.key,
    kind: unit.kind,
    ...(unit.card && { card: unit.card }),
    docId: doc?.id ?? unit.docId,
    title: doc?.title ?? "",
    ...(doc?.ru && { titleRu: doc.ru.title }),
    ...(doc?.date !== undefined && { date: doc.date }),
    ...(doc?.ru?.date !== undefined && { dateRu: doc.ru.date }),
    ...(doc?.source !== undefined && { source: doc.source }),
    ...(doc?.ru?.source !== undefined && { sourceRu: doc.ru.source }),
    text,
    ...(translated && { ru: quotes.map((q) => q.ru).join(" ") }),
    quotes,
    context: unit.context.map(quote),
    highlights: highlightRanges(text, matched, tokens),
    matchedTerms: [...matched],
    score: measured?.score ?? 0,
    coverage: measured?.coverage ?? 0,
    related: relatedTo(unit, doc?.id ?? unit.docId, sentences, knowledge),
    more: [],
  };
}

function quoteOf(sentence: Sentence, matched: ReadonlySet<string>, tokens: Tokenizer): Quote {
  return {
    index: sentence.index,
    text: sentence.text,
    ...(sentence.ru !== undefined && sentence.ru !== "" && { ru: sentence.ru }),
    highlights: highlightRanges(sentence.text, matched, tokens),
    highlightsRu: sentence.ru ? highlightRanges(sentence.ru, matched, tokens) : [],
  };
}

/**
 * A card's evidence: first the cited sentence that shares most words with the
 * question (the first citation when none does: editors put the best first),
 * then the next one from another text where there is one, so a reader sees
 * the card confirmed twice.
 */
function chooseEvidence(
  unit: Unit,
  matched: ReadonlySet<string>,
  tokens: Tokenizer,
): Unit["evidence"][number][] {
  const count = (text: string) =>
    tokens(text).filter((t) => t.term !== null && matched.has(t.term)).length;
  const shared = (e: Unit["evidence"][number]) =>
    count(e.sentence.text) + count(e.sentence.ru ?? "");
  let best = unit.evidence[0] as Unit["evidence"][number];
  for (const e of unit.evidence) if (shared(e) > shared(best)) best = e;
  const others = unit.evidence.filter((e) => e !== best);
  const second = others.find((e) => e.docIndex !== best.docIndex) ?? others[0];
  return [best, ...(second ? [second] : [])].slice(0, CARD_EVIDENCE);
}

/**
 * Character ranges of `text` whose words have one of `matched` as their index
 * term. Neighbours separated only by spaces or hyphens merge, so "INO Tomsk"
 * is bold as one phrase.
 */
export function highlightRanges(
  text: string,
  matched: ReadonlySet<string>,
  tokens: Tokenizer = tokenize,
): Highlight[] {
  const ranges: { start: number; end: number }[] = [];
  for (const token of tokens(text)) {
    if (token.term === null || !matched.has(token.term)) continue;
    const last = ranges.at(-1);
    if (last && /^[\s-]*$/u.test(text.slice(last.end, token.start))) last.end = token.end;
    else ranges.push({ start: token.start, end: token.end });
  }
  return ranges;
}

/**
 * Clusters, events and topics a passage speaks of: those with a citation in
 * one of its sentences (a card: itself excluded). Only those: a button under
 * an answer must be about what the answer says.
 */
function relatedTo(
  unit: Unit,
  docId: string,
  sentences: readonly Sentence[],
  knowledge: Knowledge,
): Answer["related"] {
  const texts = sentences.map((s) => s.text);
  const cites = (citations: readonly { doc: string; quote: string }[]) =>
    citations.some(
      (c) => c.doc === docId && texts.some((t) => t.includes(c.quote) || c.quote.includes(t)),
    );
  const self = unit.card;
  return {
    clusters: knowledge.clusters
      .filter((c) => !(self?.kind === "cluster" && self.id === c.id) && cites(c.citations))
      .map((c) => c.id),
    events: knowledge.events
      .filter((e) => !(self?.kind === "event" && self.id === e.id) && cites(e.citations))
      .map((e) => e.id),
    topics: knowledge.topics
      .filter((t) => !(self?.kind === "topic" && self.id === t.id) && cites(t.citations))
      .map((t) => t.id),
  };
}
