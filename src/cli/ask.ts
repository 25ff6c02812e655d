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
import { htmlToPlainText } from "../render/html.js";
import { explainKnowledgeFailure, loadKnowledge } from "../search/corpus.js";
import { createSearchEngine } from "../search/engine.js";

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

  let engine: ReturnType<typeof createSearchEngine>;
  try {
    engine = createSearchEngine(loadKnowledge(values.knowledge));
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
  if (values.explain) {
    const { plan, candidates } = engine.explain(question);
    console.log(`\nexplain: asks for ${plan.answerType}, language ${plan.lang}`);
    if (result.declineReason) console.log(`declined: ${result.declineReason}`);
    for (const c of candidates) {
      console.log(
        `  ${c.coverage.toFixed(2)} covered, fits ${c.fitsType ? "yes" : "no"}: ${c.text.slice(0, 100)}`,
      );
    }
  }
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
