/**
 * `npm run ask -- "question"`: the bot's reply on the command line, in plain
 * text (the same search, views and translations as in Telegram), or as JSON.
 */
import { DEFAULT_SETTINGS } from "../bot/create-bot.js";
import { createI18n, translatorFor } from "../bot/i18n.js";
import { resultView, type ViewContext } from "../bot/views.js";
import { htmlToPlainText } from "../render/html.js";
import type { ExplainableSearchEngine, Explanation } from "../search/engine.js";
import type { Answer, Lang, SearchResult, Suggestion } from "../search/types.js";
import { type CommandSpec, EXIT, JSON_OPTION, langOption } from "./command.js";
import { openCommandSearch } from "./knowledge.js";

/**
 * What `ask --json` prints: one object, always with every key (null where a
 * value does not apply). Documented in the README; change it only by adding keys.
 */
export interface AskJson {
  readonly question: string;
  /** The language the question was read in (Latin-typed Russian is "ru"). */
  readonly language: Lang;
  /** answer: the texts answer it; hedge: the closest passages, which may not; decline: nothing. */
  readonly outcome: "answer" | "hedge" | "decline";
  /** Why, in one word (answered, card, off-topic, …). */
  readonly reason: string;
  /** The question with typos corrected, or null. */
  readonly readAs: string | null;
  /** The reply as the bot phrases it, in plain text (bold and links dropped), without buttons. */
  readonly reply: string;
  /** The passages quoted, best first (empty for a decline). */
  readonly answers: readonly AskJsonAnswer[];
  /** What the bot offers instead: a spelling guess, or cards to open. */
  readonly suggestions: readonly Suggestion[];
  /** With --explain: the lines of the explanation; otherwise null. */
  readonly explanation: readonly string[] | null;
}

export interface AskJsonAnswer {
  /** The quote, verbatim from the source text. */
  readonly text: string;
  /** Its reviewed Russian translation, or null. */
  readonly translation: string | null;
  /** The source document's id (its file name in knowledge/). */
  readonly document: string;
  readonly title: string;
  /** The date as the text states it, or null. */
  readonly date: string | null;
  readonly source: string | null;
  /** For a card (a topic, cluster, event or document): which one; null for a passage. */
  readonly card: { readonly kind: string; readonly id: string } | null;
  /** Share of the question's words it covers, 0-1. */
  readonly coverage: number;
}

const options = {
  lang: langOption("the reader's language (default: the question's)"),
  json: JSON_OPTION,
  explain: { type: "boolean", help: "also show how the question was read and scored" },
} as const;

/** The ask command. */
export const askCommand: CommandSpec<typeof options> = {
  name: "npm run ask",
  usage: '-- "question" [options]',
  summary:
    "Prints the reply the bot would give to a question, in plain text, with its buttons.\nNo token and no network needed.",
  options,
  settings: ["KNOWLEDGE_DIR"],
  positionals: { min: 1, name: "the question" },
  run({ config, options, positionals, io }) {
    const question = positionals.join(" ").trim();
    const engine = openCommandSearch(config);
    const result = engine.ask(question, { limit: DEFAULT_SETTINGS.answersPerQuestion });
    const lang = (options.lang as Lang | undefined) ?? result.questionLang;
    const reply = replyText(engine, result, lang);
    const explanation = options.explain ? explanationLines(engine.explain(question)) : null;
    if (options.json) {
      io.out(`${JSON.stringify(askJson(result, reply.text, explanation), null, 2)}\n`);
      return EXIT.ok;
    }
    const lines = [reply.text, "", ...reply.buttons];
    const others = result.answers.slice(1);
    if (others.length > 0) {
      lines.push("", `${others.length} more (▶):`);
      for (const answer of others) lines.push(`- ${answer.text}`, `  (${answer.title})`);
    }
    if (explanation !== null) lines.push("", ...explanation);
    io.out(`${lines.join("\n")}\n`);
    return EXIT.ok;
  },
};

/** The reply as the bot renders it, as plain text, and its buttons as `[label]` rows. */
function replyText(engine: ExplainableSearchEngine, result: SearchResult, lang: Lang) {
  const vc: ViewContext = {
    search: engine,
    lang,
    t: translatorFor(createI18n(), lang),
    settings: DEFAULT_SETTINGS,
    botUsername: "bot",
  };
  const view = resultView(vc, result);
  return {
    text: htmlToPlainText(view.html),
    buttons: view.keyboard.inline_keyboard.map((row) => row.map((b) => `[${b.text}]`).join(" ")),
  };
}

/** The stable JSON of a result (see AskJson). */
export function askJson(
  result: SearchResult,
  reply: string,
  explanation: readonly string[] | null,
): AskJson {
  return {
    question: result.question,
    language: result.questionLang,
    outcome: result.tier,
    reason: result.reason,
    readAs: result.corrected ?? null,
    reply,
    answers: result.answers.map(answerJson),
    suggestions: result.suggestions,
    explanation,
  };
}

function answerJson(answer: Answer): AskJsonAnswer {
  return {
    text: answer.text,
    translation: answer.ru ?? null,
    document: answer.docId,
    title: answer.title,
    date: answer.date ?? null,
    source: answer.source ?? null,
    card: answer.card ? { kind: answer.card.kind, id: answer.card.id } : null,
    coverage: Math.round(answer.coverage * 1000) / 1000,
  };
}

/** What `--explain` prints: the analysis, the weight of each concept, the decision and the best candidates. */
function explanationLines(x: Explanation): string[] {
  const { analysis } = x;
  return [
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
}
