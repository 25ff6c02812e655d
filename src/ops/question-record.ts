/**
 * What the question log keeps of one asked question, as a pure function of
 * the question, the search result and the reply that went out. People are
 * kept out: the user is a salted hash, and with LOG_QUESTIONS=false neither
 * the text nor anything derived from it (the normalized form, a "did you
 * mean" guess) is kept.
 */
import type { InlineKeyboardMarkup } from "grammy/types";
import { parseCallbackData } from "../bot/callback-data.js";
import type { SearchResult } from "../search/types.js";
import type { AnswerKind, AnswerTier, NewQuestion } from "../store/types.js";

const TIERS: Readonly<Record<SearchResult["tier"], AnswerTier>> = {
  answer: "confident",
  hedge: "hedged",
  decline: "declined",
};

/** How a question was answered: its tier, and a passage, a card or nothing. */
export function howAnswered(result: SearchResult): { tier: AnswerTier; kind: AnswerKind } {
  const best = result.answers[0];
  const tier = best === undefined ? "declined" : TIERS[result.tier];
  return { tier, kind: tier === "declined" || best === undefined ? "none" : best.kind };
}

/**
 * The suggestions a reply showed, read from its buttons: questions to ask
 * next (`followUp:<passage>:<n>`, `example:<lang>:<n>`, `didYouMean[:<text>]`)
 * and cards or documents to open (`cluster:<id>` …). Paging, the lists and
 * the vote buttons are not suggestions.
 */
export function suggestionsShown(keyboard: InlineKeyboardMarkup, withTexts: boolean): string[] {
  const shown: string[] = [];
  for (const row of keyboard.inline_keyboard) {
    for (const button of row) {
      if (!("callback_data" in button) || button.callback_data === undefined) continue;
      const parsed = parseCallbackData(button.callback_data);
      if (parsed.kind !== "action") continue;
      const a = parsed.action;
      switch (a.kind) {
        case "followUp":
          shown.push(`followUp:${a.key}:${a.index}`);
          break;
        case "example":
          shown.push(`example:${a.lang}:${a.index}`);
          break;
        case "ask":
          shown.push(withTexts ? `didYouMean:${a.text}` : "didYouMean");
          break;
        case "cluster":
        case "event":
        case "topic":
        case "document":
          shown.push(`${a.kind}:${a.id}`);
          break;
        default:
          break;
      }
    }
  }
  return [...new Set(shown)];
}

/** One asked question as the bot saw it. */
export interface AskedQuestion {
  readonly id: string;
  /** The question as searched (cleaned and capped). */
  readonly question: string;
  /** The search's grouping key for it (SearchEngine.normalize). */
  readonly normalized: string;
  readonly result: SearchResult;
  /** The buttons of the reply that went out. */
  readonly keyboard: InlineKeyboardMarkup;
  readonly chatType: string;
  /** The interface language of the reply. */
  readonly language: string;
  /** Already hashed (Store.hashUserId): this module never sees a user id. */
  readonly userHash: string;
  readonly latencyMs: number;
  readonly knowledgeVersion: string;
}

/** The log entry for an asked question. */
export function questionRecord(asked: AskedQuestion, logTexts: boolean): NewQuestion {
  const { tier, kind } = howAnswered(asked.result);
  const best = asked.result.answers[0];
  return {
    id: asked.id,
    chatType: asked.chatType,
    language: asked.language,
    text: logTexts ? asked.question : null,
    normalized: logTexts ? asked.normalized : null,
    userHash: asked.userHash,
    kind,
    tier,
    answerKey: tier === "declined" || best === undefined ? null : best.passageKey,
    suggestions: suggestionsShown(asked.keyboard, logTexts),
    latencyMs: asked.latencyMs,
    knowledgeVersion: asked.knowledgeVersion,
  };
}
