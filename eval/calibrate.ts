/**
 * Calibration of the ranking weights and decision thresholds (a development
 * tool, not part of the bot): scores every combination of a small grid on the
 * question sets given, reusing each question's analysis and retrieval where a
 * setting does not change them.
 *
 *   npx tsx eval/calibrate.ts eval/dev.jsonl eval/holdout.jsonl eval/tune.jsonl
 *
 * Prints the best settings by the share of answerable questions answered
 * right at the first reply plus the share of unanswerable ones declined or
 * hedged. Never give it the blind set: that is scored once, at the end.
 */
import { readFileSync } from "node:fs";
import { loadKnowledge } from "../src/knowledge/load.js";
import { analyse } from "../src/search/analyse.js";
import { DEFAULT_THRESHOLDS, decide } from "../src/search/decide.js";
import { buildDetectors, createSearchEngine } from "../src/search/engine.js";
import { parseEvalFile, replyText, UNANSWERABLE_KINDS } from "../src/search/evaluate.js";
import { readFacts } from "../src/search/facts.js";
import { buildGlossaryIndex } from "../src/search/glossary.js";
import { loadLexicon } from "../src/search/lexicon.js";
import { CACHE_DIR } from "../src/search/open.js";
import { DEFAULT_WEIGHTS, type RankingWeights, retrieve } from "../src/search/retrieve.js";
import { shapeAnswer } from "../src/search/shape.js";
import { buildUnitIndex } from "../src/search/unit-index.js";
import { buildUnits } from "../src/search/units.js";

const files = process.argv.slice(2);
const items = files.flatMap((f) => parseEvalFile(readFileSync(f, "utf8"), f));
const knowledge = loadKnowledge("knowledge", { cacheDir: CACHE_DIR });
const lexicon = loadLexicon(CACHE_DIR);
const engine = createSearchEngine(knowledge, { lexicon });
const index = buildUnitIndex(buildUnits(knowledge));
const facts = readFacts(index.units, buildDetectors(knowledge));
const context = { glossary: buildGlossaryIndex(knowledge.glossary), vocabulary: index.vocabulary, lexicon };
const fold = (s: string) => s.toLowerCase().replace(/\s+/gu, " ");
const analyses = items.map((item) => analyse(item.question, context));

const grid = {
  closeness: [0.5, 0.7, 0.9],
  unknown: [0.9, 1.1, 1.3],
  unknownAside: [0.5, 0.7],
  tieCloseness: [0.15, 0.3, 0.5],
};
// The decline threshold only tells a hedge from a decline, which score alike.
const thresholdGrid = { decline: [0.35], answer: [0.6, 0.65, 0.7, 0.75], window: [0.85, 0.9] };

interface Row { a: number; u: number; settings: string }
const rows: Row[] = [];
for (const closeness of grid.closeness)
  for (const unknown of grid.unknown)
    for (const unknownAside of grid.unknownAside)
    for (const tieCloseness of grid.tieCloseness) {
      const weights: RankingWeights = { ...DEFAULT_WEIGHTS, closeness, unknown, unknownAside, tieCloseness };
      const ranked = analyses.map((a) => retrieve(a, index, facts, weights));
      for (const decline of thresholdGrid.decline)
        for (const answer of thresholdGrid.answer)
          for (const window of thresholdGrid.window) {
            let right = 0;
            let answerable = 0;
            let declined = 0;
            let unanswerable = 0;
            items.forEach((item, i) => {
              const decision = decide(analyses[i] as never, ranked[i] ?? [], { ...DEFAULT_THRESHOLDS, decline, answer, window });
              if (UNANSWERABLE_KINDS.has(item.kind)) {
                unanswerable++;
                if (decision.tier !== "answer") declined++;
                return;
              }
              answerable++;
              const first = decision.picks[0];
              if (decision.tier !== "answer" || !first) return;
              const text = fold(replyText(engine, shapeAnswer(first.unit, first.matched, knowledge)));
              if (item.answer_any.some((w) => text.includes(fold(w)))) right++;
            });
            rows.push({ a: right / answerable, u: declined / unanswerable, settings: JSON.stringify({ closeness, unknown, unknownAside, tieCloseness, decline, answer, window }) });
          }
    }
rows.sort((x, y) => y.a + y.u - (x.a + x.u));
for (const r of rows.slice(0, 25)) console.log(r.a.toFixed(3), r.u.toFixed(3), r.settings);
const { closeness, unknown, unknownAside, tieCloseness } = DEFAULT_WEIGHTS;
const { decline, answer, window } = DEFAULT_THRESHOLDS;
const current = rows.find((r) => r.settings === JSON.stringify({ closeness, unknown, unknownAside, tieCloseness, decline, answer, window }));
console.log("current:", current?.a.toFixed(3), current?.u.toFixed(3));
