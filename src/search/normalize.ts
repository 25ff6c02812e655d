/**
 * The question as the engine reads it, reduced to a key that questions asked
 * alike share: the question log groups by it, so /gaps and the most-asked list
 * count "when did the delegation visit Tokyo?" and "Когда делегация посетила
 * Токио" as one question.
 *
 * The key is what the analysis found, not the wording: the kind of answer
 * asked for and the particular things asked (a date, an address), then one
 * term per concept, sorted. Each concept is named by the smallest of the index
 * terms that would express it; Latin sorts before Cyrillic, so a concept the
 * glossary gives in both languages is named by its English term whichever
 * language the question used, and synonyms and other forms of a Russian word
 * (which the analysis lists as alternatives) share a name too. A word the
 * texts do not know has no terms and keeps its own (folded) spelling, so
 * questions about things the texts lack still group with each other.
 */
import type { Analysis, Concept } from "./analyse.js";

/** One concept's name in the key. */
function conceptKey(concept: Concept): string {
  let best: string | undefined;
  for (const alternative of concept.alternatives) {
    const text = alternative.terms.join(" ");
    if (best === undefined || text < best) best = text;
  }
  return best ?? concept.label;
}

/**
 * The grouping key of an analysed question, e.g. `date: deleg tokyo tomsk
 * visit`; the folded question itself when the analysis found nothing in it.
 */
export function normalizedQuestion(analysis: Analysis): string {
  const terms = [...new Set(analysis.concepts.map(conceptKey).filter((t) => t !== ""))].sort();
  const asks = [
    ...(analysis.answerType === "any" ? [] : [analysis.answerType]),
    ...(analysis.counting && analysis.answerType !== "quantity" ? ["quantity"] : []),
    ...analysis.asks,
  ];
  const key = `${asks.length > 0 ? `${[...new Set(asks)].join(" ")}: ` : ""}${terms.join(" ")}`;
  return key.trim() === "" ? analysis.question.trim().toLowerCase().replace(/\s+/gu, " ") : key;
}
