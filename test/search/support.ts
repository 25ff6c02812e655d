import { analyse } from "../../src/search/analyse.js";
import { buildDetectors, createSearchEngine } from "../../src/search/engine.js";
import { readFacts } from "../../src/search/facts.js";
import { buildGlossaryIndex } from "../../src/search/glossary.js";
import { lexiconOf } from "../../src/search/lexicon.js";
import type { Candidate } from "../../src/search/retrieve.js";
import { retrieve } from "../../src/search/retrieve.js";
import { buildUnitIndex } from "../../src/search/unit-index.js";
import { buildUnits, type Unit } from "../../src/search/units.js";
import { fixtureKnowledge } from "../knowledge/fixture.js";

/**
 * A lexicon of the real words these tests rely on: "mayor" is a word (so it is
 * never corrected to "major"), "tomks" and "univercities" are not.
 */
export const LEXICON = lexiconOf([
  "mayor",
  "major",
  "population",
  "cities",
  "came",
  "salaries",
  "address",
  "moscow",
  // Russian entries are stems.
  "мэр",
  "населен",
]);

export const knowledge = fixtureKnowledge();
export const engine = createSearchEngine(knowledge, { lexicon: LEXICON });
export const index = buildUnitIndex(buildUnits(knowledge));
const context = {
  glossary: buildGlossaryIndex(knowledge.glossary),
  vocabulary: index.vocabulary,
  lexicon: LEXICON,
};
const facts = readFacts(index.units, buildDetectors(knowledge));

/** The analysis of a question against the fixture. */
export const analysed = (question: string) => analyse(question, context);

/** The fixture's ranked candidates for a question. */
export const ranked = (question: string): Candidate[] => retrieve(analysed(question), index, facts);

/** Texts of the answers the engine gives. */
export const texts = (question: string) => engine.ask(question).answers.map((a) => a.text);

/** A candidate with every check passed, for decision tests; override what a test is about. */
export function candidate(overrides: Partial<Candidate> = {}, unit?: Partial<Unit>): Candidate {
  const base = index.units.find((u) => u.kind === "passage") as Unit;
  return {
    unit: { ...base, ...unit } as Unit,
    coverage: 0.9,
    closeness: 0.5,
    confidence: 0.95,
    score: 1,
    fitsType: true,
    fitsFocus: true,
    fitsAsks: true,
    partOfTotal: false,
    nameCoverage: 0,
    nameExtra: 0,
    missingNames: [],
    missingDetails: [],
    matched: new Set(),
    ...overrides,
  };
}
