/**
 * The context every handler sees: grammY's Context plus sessions, i18n and the
 * services and per-update state this bot adds.
 */
import type { I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";
import type { Logger } from "../logger.js";
import type { QuestionRecorder } from "../ops/recorder.js";
import type { Lang, SearchEngine } from "../search/types.js";
import type { QuestionLogStore } from "../store/types.js";
import type { PressedButton } from "./buttons.js";
import type { ConversationMemory } from "./conversation.js";

/**
 * What is remembered per person (a user, or the chat an anonymous admin or a
 * channel writes as) across updates, restarts and replicas. Every field is
 * optional, as a session starts empty; a new field also needs its check in
 * session.ts (SESSION_FIELDS), which drops whatever fails it when read back.
 */
export interface SessionData {
  /** An explicit /lang choice; without it the language follows Telegram's language_code. */
  lang?: Lang;
}

/** Sessions on the context (session.ts). */
export interface SessionFlavor {
  /** The sender's session, read before the handlers run and written back if changed. */
  session: SessionData;
  /**
   * Writes the session now and rejects if the store refused it, for handlers
   * that must not say "saved" before it is; the write after the handlers is
   * then skipped.
   */
  saveSession(): Promise<void>;
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
  readonly store?: QuestionLogStore;
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
  /** The press was answered already: an error afterwards cannot answer it again. */
  pressAnswered?: boolean;
}

/** The context type of this bot. */
export type BotContext = Context & SessionFlavor & I18nFlavor & BotFlavor;
