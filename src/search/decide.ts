/**
 * Decide: the third step, and a pure function. Given what retrieval measured,
 * it answers, hedges or declines, and says why:
 *
 * - answer: a unit covers the question, states what the question word asks
 *   for, names what it names, states the figures, months and measures it
 *   gives, and gives nothing but a part for a whole;
 * - hedge ("not sure — closest passages"): something covers much of the
 *   question but not all of that; for scoring a hedge counts as declining;
 * - decline: nothing covers enough of the question to be worth showing.
 */
import type { Analysis } from "./analyse.js";
import type { Candidate } from "./retrieve.js";

export type Tier = "answer" | "hedge" | "decline";

/** Why a decision was taken, for logs, `npm run ask -- --explain` and tests. */
export type Reason =
  | "card"
  | "answered"
  | "no-words"
  | "no-match"
  | "low-coverage"
  | "partial-coverage"
  | "missing-name"
  | "wrong-type"
  | "off-focus"
  | "attribute-not-stated"
  | "missing-detail"
  | "part-of-total";

export interface Decision {
  readonly tier: Tier;
  readonly reason: Reason;
  /** What to show, best first: the answer and further answers to page through, or the closest units. */
  readonly picks: readonly Candidate[];
}

export interface Thresholds {
  /** Below this confidence nothing is shown. */
  readonly decline: number;
  /** From this confidence, a unit that fits in every other way is an answer. */
  readonly answer: number;
  /**
   * An answer must score at least this share of the best score: a unit far
   * down the ranking that happens to state a figure does not answer "how many".
   */
  readonly window: number;
  /** How many units a decision picks at most. */
  readonly limit: number;
}

/**
 * Calibrated with `npm run eval` on the dev set, the earlier held-out set and
 * a tuning set written apart from the engine; see the README's figures.
 */
export const DEFAULT_THRESHOLDS: Thresholds = {
  decline: 0.35,
  answer: 0.75,
  window: 0.85,
  limit: 5,
};

/** Further answers to page through must reach this share of the answer's confidence. */
const FURTHER_SHARE = 0.7;

/** What `decide` needs of the analysis. */
export type DecisionInput = Pick<Analysis, "concepts" | "definition" | "hasCue">;

/**
 * Decides on the ranked candidates (best first) of one question.
 * Pure: the same input always gives the same decision.
 */
export function decide(
  analysis: DecisionInput,
  candidates: readonly Candidate[],
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Decision {
  const limit = Math.max(1, thresholds.limit);
  if (analysis.concepts.length === 0) return { tier: "decline", reason: "no-words", picks: [] };
  const top = candidates[0];
  if (!top) return { tier: "decline", reason: "no-match", picks: [] };

  // "Who is Peskov", "Skolkovo", "расскажи про ИНО Томск": a card whose names
  // hold every word asked about answers, with its best quote as evidence.
  // Only for a name: "who is the governor" asks about a role, not a card.
  const namesSomething = analysis.concepts.some((c) => c.name);
  if ((analysis.definition || !analysis.hasCue) && namesSomething) {
    const cards = candidates.filter(
      (c) => c.unit.kind === "card" && c.unit.card?.kind !== "document" && c.nameCoverage >= 0.999,
    );
    // The card named most exactly: "Tomsk" is the city, not the Tomsk Industrial Park.
    const card = cards.sort((a, b) => a.nameExtra - b.nameExtra)[0];
    if (card) return { tier: "answer", reason: "card", picks: [card] };
  }

  if (top.confidence < thresholds.decline) {
    return { tier: "decline", reason: "low-coverage", picks: [] };
  }
  // Topic, cluster and event cards answer by their names (above); their
  // summaries are our words, so other questions are answered by a quote.
  const covering = candidates.filter(
    (c) =>
      c.confidence >= thresholds.answer &&
      c.score >= top.score * thresholds.window &&
      (c.unit.kind === "passage" || c.unit.card?.kind === "document"),
  );
  const answer = covering.find(
    (c) =>
      c.fitsType &&
      c.fitsFocus &&
      c.fitsAsks &&
      !c.partOfTotal &&
      c.missingNames.length === 0 &&
      c.missingDetails.length === 0,
  );
  if (answer) {
    // Further answers to page through are passages: cards are opened by their names.
    const floor = Math.max(thresholds.decline, answer.confidence * FURTHER_SHARE);
    const further = candidates.filter(
      (c) => c !== answer && c.unit.kind === "passage" && c.confidence >= floor,
    );
    return { tier: "answer", reason: "answered", picks: distinct([answer, ...further], limit) };
  }
  const closest = distinct(
    candidates.filter((c) => c.unit.kind === "passage"),
    Math.min(limit, 3),
  );
  const first = covering[0];
  const reason: Reason = !first
    ? "partial-coverage"
    : first.missingNames.length > 0
      ? "missing-name"
      : !first.fitsType
        ? "wrong-type"
        : !first.fitsFocus
          ? "off-focus"
          : !first.fitsAsks
            ? "attribute-not-stated"
            : first.missingDetails.length > 0
              ? "missing-detail"
              : "part-of-total";
  return { tier: "hedge", reason, picks: closest };
}

/** Candidates that do not quote the same sentence twice, up to `limit`. */
function distinct(candidates: readonly Candidate[], limit: number): Candidate[] {
  const chosen: Candidate[] = [];
  for (const candidate of candidates) {
    if (chosen.some((c) => overlaps(c, candidate))) continue;
    chosen.push(candidate);
    if (chosen.length === limit) break;
  }
  return chosen;
}

function overlaps(a: Candidate, b: Candidate): boolean {
  if (a.unit.key === b.unit.key) return true;
  if (a.unit.docId !== b.unit.docId) return false;
  const span = (c: Candidate) => c.unit.sentences.map((s) => s.index);
  const other = new Set(span(b));
  return span(a).some((i) => other.has(i));
}
