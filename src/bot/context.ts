/**
 * The context every handler sees: grammY's Context plus sessions, i18n and the
 * services and per-update state this bot adds.
 */
import type { I18nFlavor } from "@grammyjs/i18n";
import type { Context, SessionFlavor } from "grammy";
import type { Logger } from "../logger.js";
import type { QuestionRecorder } from "../ops/recorder.js";
import type { Lang, SearchEngine } from "../search/types.js";
import type { Store } from "../store/types.js";
import type { PressedButton } from "./buttons.js";
import type { ConversationMemory } from "./conversation.js";

/** What is remembered per user, across restarts: only an explicit /lang choice. */
export interface SessionData {
  lang?: Lang;
}

/** How an update ended, for the one log line per update. */
export type Outcome = "answered" | "hedged" | "no_answer" | "small_talk" | "ignored" | "error";

/** Tunables that tests and the local chat may change. */
export interface BotSettings {
  /** Visible characters per document page (Telegram's limit is 4096). */
  readonly documentPageLength: number;
  /** Event buttons per page of /events. */
  readonly eventsPerPage: number;
  /** Source documents per page of /sources. */
  readonly sourcesPerPage: number;
  /** How many answers a question pages through. */
  readonly answersPerQuestion: number;
}

/** Services shared by all handlers, attached to every context. */
export interface BotServices {
  /** The engine of the knowledge in use when this update started (see search/holder.ts). */
  readonly search: SearchEngine;
  /** A child of the process logger, bound to this update's id. */
  readonly logger: Logger;
  readonly settings: BotSettings;
  /** Each chat's last answer, for follow-ups ("tell me more", "and Japan?"). */
  readonly memory: ConversationMemory;
  /** Where state is kept (votes, the question log); absent, the bot works without both. */
  readonly store?: Store;
  /** Writes the question log; absent without a store. */
  readonly recorder?: QuestionRecorder;
}

/** What this bot adds to grammY's context. */
export interface BotFlavor {
  services: BotServices;
  /** The interface language for this update: /lang choice, else from Telegram's language_code. */
  lang: Lang;
  /** Set by handlers whose result is not simply "answered" (e.g. "no_answer"). */
  outcome?: Outcome;
  /** The pressed button's action, read once before the features (buttons.ts). */
  button?: PressedButton;
}

/** The context type of this bot. */
export type BotContext = Context & SessionFlavor<SessionData> & I18nFlavor & BotFlavor;
