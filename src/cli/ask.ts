/**
 * npm run ask -- "question" [--lang en|ru] [--json] [--explain] [--knowledge DIR]
 *
 * Prints the reply as the bot would phrase it, in plain text: the same search,
 * the same views and the same translations as in Telegram. No token needed.
 */
import { parseArgs } from "node:util";
import { DEFAULT_SETTINGS } from "../bot/create-bot.js";
import { createI18n, isLang, translatorFor } from "../bot/i18n.js";
import { resultView, type ViewContext } from "../bot/views.js";
import { explainKnowledgeFailure } from "../knowledge/load.js";
import { htmlToPlainText } from "../render/html.js";
import type { ExplainableSearchEngine, Explanation } from "../search/engine.js";
import { openSearch } from "../search/open.js";
import { quietOnClosedPipe } from "./pipe.js";

quietOnClosedPipe();

const USAGE =
  'Usage: npm run ask -- "your question" [--lang en|ru] [--json] [--explain] [--knowledge DIR]';

function main(): void {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions();
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const question = positionals.join(" ").trim();
  if (question === "") fail(USAGE);
  if (values.lang !== undefined && !isLang(values.lang)) fail("--lang must be en or ru");

  let engine: ExplainableSearchEngine;
  try {
    engine = openSearch(values.knowledge);
  } catch (error) {
    fail(explainKnowledgeFailure(error, values.knowledge));
  }

  const result = engine.ask(question, { limit: DEFAULT_SETTINGS.answersPerQuestion });
  if (values.json) {
    console.log(
      JSON.stringify(
        values.explain ? { ...result, explain: engine.explain(question) } : result,
        null,
        2,
      ),
    );
    return;
  }
  const lang = isLang(values.lang) ? values.lang : result.questionLang;
  const vc: ViewContext = {
    search: engine,
    lang,
    t: translatorFor(createI18n(), lang),
    settings: DEFAULT_SETTINGS,
    botUsername: "bot",
  };
  const view = resultView(vc, result);
  const buttons = view.keyboard.inline_keyboard.map((row) =>
    row.map((b) => `[${b.text}]`).join(" "),
  );
  console.log([htmlToPlainText(view.html), "", ...buttons].join("\n"));
  const others = result.answers.slice(1);
  if (others.length > 0) {
    console.log(`\n${others.length} more (▶):`);
    for (const answer of others) console.log(`- ${answer.text}\n  (${answer.title})`);
  }
  if (values.explain) console.log(`\n${formatExplanation(engine.explain(question))}`);
}

/** What `--explain` prints: the analysis, the weight of each concept, the decision and the best candidates. */
function formatExplanation(x: Explanation): string {
  const { analysis } = x;
  const lines = [
    `asks for ${analysis.answerType}, language ${analysis.lang}` +
      (analysis.definition ? ", phrased as who/what is" : "") +
      (analysis.asks.length > 0 ? `, asks for ${analysis.asks.join(", ")}` : "") +
      (analysis.corrected ? `, read as "${analysis.corrected}"` : ""),
    ...analysis.concepts.map(
      (c, i) =>
        `  ${c.label}${c.name ? " (name)" : ""}, weight ${x.weights[i]?.toFixed(2)}: ` +
        (c.alternatives.map((a) => a.terms.join(" ")).join(", ") || "unknown to the texts"),
    ),
    `decision: ${x.decision.tier} (${x.decision.reason})`,
    ...x.candidates.map(
      (c) =>
        `  ${c.confidence.toFixed(2)} confidence (${c.coverage.toFixed(2)} covered, ${c.closeness.toFixed(2)} close), ` +
        `${c.fits} ${c.key}: ${c.text.slice(0, 90)}`,
    ),
  ];
  return lines.join("\n");
}

function parseOptions() {
  return parseArgs({
    allowPositionals: true,
    options: {
      lang: { type: "string" },
      json: { type: "boolean", default: false },
      explain: { type: "boolean", default: false },
      knowledge: { type: "string", default: "knowledge" },
    },
  });
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

main();
