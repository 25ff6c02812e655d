/**
 * Units: what the search ranks and what a reply shows. A unit is a passage —
 * one sentence, or the consecutive sentences a stored passage names (a list,
 * a claim and its reason) — or a card (a topic, a cluster, an event).
 *
 * Each unit carries the words it can be found by, in fields: its own text in
 * English and Russian, the questions people ask of it, the sentence before it
 * when it starts mid-thought, its document's title, and a card's names.
 */
import type {
  Cluster,
  Knowledge,
  KnowledgeDocument,
  KnowledgeEvent,
  Sentence,
  Topic,
} from "../knowledge/types.js";

/** What a card unit points at. */
export type CardRef =
  | { readonly kind: "topic"; readonly id: string }
  | { readonly kind: "cluster"; readonly id: string }
  | { readonly kind: "event"; readonly id: string }
  | { readonly kind: "document"; readonly id: string };

/** The fields a unit is indexed by; each holds plain text to tokenise. */
export interface UnitFields {
  readonly text: string;
  readonly ru: string;
  readonly questions: string;
  readonly context: string;
  readonly title: string;
  readonly names: string;
}

export interface Unit {
  /** Numeric id, the position in the unit list (MiniSearch's document id). */
  readonly id: number;
  /**
   * Compact key that buttons carry: `<doc>.<first>` or `<doc>.<first>-<last>`
   * (base 36, doc by position) for passages; `t:<id>`, `c:<id>`, `e:<id>` for cards.
   */
  readonly key: string;
  readonly kind: "passage" | "card";
  /** The document quoted (for a card: the document of its first citation). */
  readonly docId: string;
  readonly docIndex: number;
  /** Sentences quoted, in order (a card's: the sentences its citations come from). */
  readonly sentences: readonly Sentence[];
  /**
   * The sentences before, when the first sentence starts mid-thought ("He
   * noted…", "These are…"): back to one that does not, two at most. Empty
   * otherwise.
   */
  readonly context: readonly Sentence[];
  readonly card?: CardRef;
  /**
   * A card's cited sentences, in citation order, from whichever documents they
   * come from: its evidence. Empty for a passage.
   */
  readonly evidence: readonly { readonly docIndex: number; readonly sentence: Sentence }[];
  readonly questions: { readonly en: readonly string[]; readonly ru: readonly string[] };
  readonly fields: UnitFields;
}

/**
 * Openings that lean on the sentence before: pronouns and demonstratives
 * ("He", "These"), sequence words ("Secondly", "And finally"), replies ("In
 * turn"), and speech continued after a dash or an elision ("– Today …",
 * "<...> We hope").
 */
const MID_THOUGHT =
  /^(?:[–—-]\s|<\.\.\.>|(?:he|she|it|they|these|this|those|that|its|his|her|their|there|secondly|thirdly|finally|and|but|because|so|also|moreover|besides|however|in turn|according to (?:him|her|them)|as (?:he|she) (?:said|noted|underlined|emphasized))\b)/iu;

/**
 * Where and with whom a text happens, as its first sentence names them ("The
 * delegation … visited to Tokyo"): every passage of the text is set there, so
 * "did Zhvachkin talk about oil and gas in Tokyo" finds the passage about oil
 * and gas though it does not say Tokyo. Names only — capitalised words inside
 * the sentence, in English and in the translation.
 */
function setting(doc: KnowledgeDocument): string {
  const first = doc.sentences[0];
  if (!first) return "";
  const names = (text: string) =>
    [...text.matchAll(/(?<=\S\s+)\p{Lu}[\p{L}-]+/gu)].map((m) => m[0]);
  return [...names(first.text), ...names(first.ru ?? "")].join(" ");
}

/** How many sentences back a passage may lean for its meaning. */
const MAX_CONTEXT = 2;

/** The sentences a mid-thought sentence leans on: back to one that stands alone, two at most. */
function contextOf(doc: KnowledgeDocument, sentence: Sentence): Sentence[] {
  const context: Sentence[] = [];
  let current = sentence;
  while (context.length < MAX_CONTEXT && startsMidThought(current.text)) {
    const before = doc.sentences[current.index - 1];
    if (!before) break;
    context.unshift(before);
    current = before;
  }
  return context;
}

/** True when a sentence cannot be understood without the one before it. */
export function startsMidThought(text: string): boolean {
  return MID_THOUGHT.test(text.replace(/^[“"«„]\s*/u, ""));
}

/** Builds every unit of the knowledge, passages first, in document order. */
export function buildUnits(knowledge: Knowledge): Unit[] {
  const units: Unit[] = [];
  const docIndex = new Map(knowledge.documents.map((d, i) => [d.id, i]));
  const push = (unit: Omit<Unit, "id">) => {
    units.push({ ...unit, id: units.length });
  };

  knowledge.documents.forEach((doc, d) => {
    const stored = knowledge.passages.filter((p) => p.doc === doc.id);
    const spans = new Map<string, { first: number; last: number; en: string[]; ru: string[] }>();
    // Every sentence is a passage, with or without stored questions.
    for (const s of doc.sentences)
      spans.set(`${s.index}`, { first: s.index, last: s.index, en: [], ru: [] });
    for (const p of stored) {
      const id = p.first === p.last ? `${p.first}` : `${p.first}-${p.last}`;
      const span = spans.get(id) ?? { first: p.first, last: p.last, en: [], ru: [] };
      span.en.push(...p.questions.en);
      span.ru.push(...p.questions.ru);
      spans.set(id, span);
    }
    const ordered = [...spans.values()].sort((a, b) => a.first - b.first || a.last - b.last);
    for (const span of ordered) {
      const sentences = doc.sentences.slice(span.first, span.last + 1);
      const first = sentences[0] as Sentence;
      const context = contextOf(doc, first);
      push({
        key: passageKey(d, span.first, span.last),
        kind: "passage",
        evidence: [],
        docId: doc.id,
        docIndex: d,
        sentences,
        context,
        questions: { en: span.en, ru: span.ru },
        fields: {
          text: sentences.map((s) => s.text).join(" "),
          ru: sentences.map((s) => s.ru ?? "").join(" "),
          questions: [...span.en, ...span.ru].join("\n"),
          context: context.map((s) => `${s.text} ${s.ru ?? ""}`).join(" "),
          title: `${doc.title} ${doc.ru?.title ?? ""} ${setting(doc)}`,
          names: "",
        },
      });
    }
  });

  const cited = (citations: readonly { doc: string; quote: string }[]) => {
    const found: { doc: KnowledgeDocument; index: number; sentences: Sentence[] }[] = [];
    for (const c of citations) {
      const index = docIndex.get(c.doc);
      const doc = index === undefined ? undefined : knowledge.documents[index];
      if (!doc || index === undefined) continue;
      const sentences = doc.sentences.filter(
        (s) => s.text.includes(c.quote) || c.quote.includes(s.text),
      );
      // A quote across a sentence boundary: the sentences it starts and ends in.
      const spanning = sentences.length > 0 ? sentences : sentencesSpanning(doc, c.quote);
      found.push({ doc, index, sentences: spanning });
    }
    return found;
  };
  const card = (
    ref: CardRef,
    position: number,
    names: { en: readonly string[]; ru: readonly string[] },
    summary: { en: string; ru: string },
    citations: readonly { doc: string; quote: string }[],
    title = "",
  ) => {
    const sources = cited(citations);
    const main = sources[0];
    const sentences = uniqueSentences(
      sources.flatMap((s) => (s.doc === main?.doc ? s.sentences : [])),
    );
    const seen = new Set<string>();
    const evidence = sources.flatMap((s) =>
      s.sentences.flatMap((sentence) => {
        const id = `${s.index}#${sentence.index}`;
        if (seen.has(id)) return [];
        seen.add(id);
        return [{ docIndex: s.index, sentence }];
      }),
    );
    push({
      key: `${ref.kind[0]}:${position.toString(36)}`,
      kind: "card",
      docId: main?.doc.id ?? "",
      docIndex: main?.index ?? -1,
      sentences,
      context: [],
      card: ref,
      evidence,
      questions: { en: [], ru: [] },
      fields: {
        text: summary.en,
        ru: summary.ru,
        questions: "",
        context: "",
        title,
        names: [...names.en, ...names.ru].join("\n"),
      },
    });
  };
  knowledge.topics.forEach((t, i) => {
    card({ kind: "topic", id: t.id }, i, t.names, t.summary, t.citations);
  });
  knowledge.clusters.forEach((c, i) => {
    card({ kind: "cluster", id: c.id }, i, clusterNames(c), c.description, c.citations);
  });
  knowledge.events.forEach((e, i) => {
    card({ kind: "event", id: e.id }, i, eventNames(e), e.summary, e.citations);
  });
  // A document's card answers "where is this from" and "when was it published".
  knowledge.documents.forEach((doc, i) => {
    const first = doc.sentences[0];
    card(
      { kind: "document", id: doc.id },
      i,
      { en: [doc.title], ru: doc.ru ? [doc.ru.title] : [] },
      documentSummary(doc),
      first ? [{ doc: doc.id, quote: first.text }] : [],
      // "The article about Zhvachkin in Tokyo": the places and people it is set among.
      setting(doc),
    );
  });
  return units;
}

/**
 * What a document's card says: that it is a published article, its title,
 * date and source as the text states them — the words people use to ask where
 * something comes from ("what is the source of the article about …").
 */
export function documentSummary(doc: KnowledgeDocument): { en: string; ru: string } {
  const en = [
    `${doc.title}.`,
    "A published news article.",
    doc.date && `Date: ${doc.date}.`,
    doc.source && `Source: ${doc.source}.`,
  ];
  const ru = [
    `${doc.ru?.title ?? doc.title}.`,
    "Опубликованная новостная статья.",
    (doc.ru?.date ?? doc.date) && `Дата: ${doc.ru?.date ?? doc.date}.`,
    (doc.ru?.source ?? doc.source) && `Источник: ${doc.ru?.source ?? doc.source}.`,
  ];
  return { en: en.filter(Boolean).join(" "), ru: ru.filter(Boolean).join(" ") };
}

/** A cluster's names: its name in both languages, then its aliases. */
export function clusterNames(c: Cluster): { en: string[]; ru: string[] } {
  return { en: [c.name.en, ...c.aliases.en], ru: [c.name.ru, ...c.aliases.ru] };
}

/** An event is named by its title. */
export function eventNames(e: KnowledgeEvent): { en: string[]; ru: string[] } {
  return { en: [e.title.en], ru: [e.title.ru] };
}

/** A topic's names, for symmetry with clusters and events. */
export function topicNames(t: Topic): { en: readonly string[]; ru: readonly string[] } {
  return t.names;
}

function passageKey(doc: number, first: number, last: number): string {
  const base = `${doc.toString(36)}.${first.toString(36)}`;
  return first === last ? base : `${base}-${last.toString(36)}`;
}

function sentencesSpanning(doc: KnowledgeDocument, quote: string): Sentence[] {
  const head = quote.slice(0, 40);
  const tail = quote.slice(-40);
  const start = doc.sentences.find((s) => s.text.includes(head));
  const end = doc.sentences.find((s) => s.text.includes(tail));
  if (!start || !end || end.index < start.index) return [];
  return doc.sentences.slice(start.index, end.index + 1);
}

function uniqueSentences(sentences: readonly Sentence[]): Sentence[] {
  const seen = new Set<number>();
  return sentences.filter((s) => !seen.has(s.index) && seen.add(s.index) !== undefined);
}
