/**
 * reply_markup as the Bot API reads it (telegram-bot-api's Client::get_reply_markup) and as
 * Telegram then checks it (TDLib's ReplyMarkup.cpp and the server's BUTTON_DATA_INVALID).
 *
 * Telegram quietly drops a button with empty text and quietly keeps only the first action of a
 * button that has several; it cuts rows at 12 buttons and keyboards at 300. Strict mode refuses
 * all of these instead (and uses the ≤ 8 per row, ≤ 100 in all limits bots are told to keep),
 * because a bot that sends them shows the user something other than it meant.
 */
import type { InlineKeyboardMarkup } from "grammy/types";
import { checkButtonUrl } from "./links.js";
import {
  bad,
  byteLength,
  isRecord,
  type Refusal,
  type RuleContext,
  readJson,
  strictBad,
} from "./rule-kit.js";

/** The most buttons bots should put in one inline keyboard row (not documented; kept in practice). */
export const MAX_BUTTONS_PER_ROW = 8;
/** The most buttons bots should put in one inline keyboard. */
export const MAX_BUTTONS_TOTAL = 100;
/** callback_data limit in UTF-8 bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;

/**
 * An inline button's possible actions, in the order the Bot API looks for them: the first one
 * present wins. url and callback_data count only when non-empty.
 */
export const INLINE_BUTTON_ACTIONS = [
  "url",
  "callback_data",
  "callback_game",
  "pay",
  "switch_inline_query",
  "switch_inline_query_chosen_chat",
  "switch_inline_query_current_chat",
  "login_url",
  "web_app",
  "copy_text",
] as const;

const buttonError = (reason: string) =>
  bad(`Bad Request: can't parse inline keyboard button: ${reason}`);

/**
 * Checks a reply_markup parameter. `inlineOnly` is for edits and inline results, which take an
 * inline keyboard or nothing.
 */
export function checkReplyMarkup(
  value: unknown,
  context: RuleContext,
  inlineOnly: boolean,
): Refusal | null {
  const json = readJson(value);
  if (json === undefined) return null;
  if ("error" in json) return bad("Bad Request: can't parse reply keyboard markup JSON object");
  const markup = json.value;
  if (!isRecord(markup)) return bad("Bad Request: object expected as reply markup");

  if (markup.inline_keyboard !== undefined)
    return checkInlineKeyboard(markup.inline_keyboard, context);
  if (inlineOnly) {
    const isOther = markup.keyboard !== undefined || markup.remove_keyboard || markup.force_reply;
    return isOther ? bad("Bad Request: inline keyboard expected") : null;
  }
  if (markup.keyboard !== undefined) return checkReplyKeyboard(markup.keyboard);
  return null;
}

function checkInlineKeyboard(rows: unknown, context: RuleContext): Refusal | null {
  const notRows = bad(
    'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
  );
  if (!Array.isArray(rows)) return notRows;
  let total = 0;
  // The Bot API reads the whole keyboard before Telegram checks any content, so shape errors
  // come first.
  for (const row of rows) {
    if (!Array.isArray(row)) return notRows;
    for (const button of row) {
      const refusal = checkButtonShape(button, context);
      if (refusal) return refusal;
    }
    if (context.strict && row.length > MAX_BUTTONS_PER_ROW) {
      return strictBad(
        `Bad Request: too many buttons in an inline keyboard row: ${row.length}, keep to ${MAX_BUTTONS_PER_ROW}`,
      );
    }
    total += row.length;
  }
  if (context.strict && total > MAX_BUTTONS_TOTAL) {
    return strictBad(
      `Bad Request: too many inline keyboard buttons: ${total}, keep to ${MAX_BUTTONS_TOTAL}`,
    );
  }
  for (const row of rows as Record<string, unknown>[][]) {
    for (const button of row) {
      const refusal = checkButtonContent(button);
      if (refusal) return refusal;
    }
  }
  return null;
}

function checkButtonShape(button: unknown, context: RuleContext): Refusal | null {
  if (!isRecord(button)) return buttonError("InlineKeyboardButton must be an Object");
  if (button.text === undefined) return buttonError('Can\'t find field "text"');
  if (typeof button.text !== "string") return buttonError('Field "text" must be of type String');
  if (context.strict && button.text.trim() === "") {
    return strictBad(
      "Bad Request: can't parse inline keyboard button: text must be non-empty (Telegram drops the button)",
    );
  }
  const action = inlineButtonAction(button);
  if (action === undefined) return buttonError("Text buttons are unallowed in the inline keyboard");
  if (context.strict) {
    const given = INLINE_BUTTON_ACTIONS.filter((name) => button[name] !== undefined);
    if (given.length > 1) {
      return strictBad(
        `Bad Request: can't parse inline keyboard button: exactly one action expected, got ${given.join(", ")} (Telegram keeps only ${action})`,
      );
    }
  }
  return null;
}

/** Telegram's own checks of a button, made after the Bot API has read it. */
function checkButtonContent(button: Record<string, unknown>): Refusal | null {
  const action = inlineButtonAction(button);
  if (action === "url") {
    const refusal = checkButtonUrl(String(button.url));
    if (refusal) return bad(refusal);
  }
  if (
    action === "callback_data" &&
    byteLength(String(button.callback_data)) > MAX_CALLBACK_DATA_BYTES
  ) {
    return bad("Bad Request: BUTTON_DATA_INVALID");
  }
  if (action === "web_app" || action === "login_url") {
    const target = button[action];
    const url = isRecord(target) ? target.url : undefined;
    if (typeof url !== "string") return buttonError(`Can't find field "url"`);
    if (!url.toLowerCase().startsWith("https://")) {
      const kind = action === "web_app" ? "Web App" : "login";
      return bad(
        `Bad Request: inline keyboard button ${kind} URL '${url}' is invalid: Only HTTPS links are allowed`,
      );
    }
  }
  return null;
}

/** The action Telegram takes from an inline button (the first present, in the Bot API's order). */
export function inlineButtonAction(
  button: Record<string, unknown>,
): (typeof INLINE_BUTTON_ACTIONS)[number] | undefined {
  return INLINE_BUTTON_ACTIONS.find((name) => {
    const value = button[name];
    if (name === "url" || name === "callback_data")
      return typeof value === "string" && value !== "";
    return value !== undefined;
  });
}

function checkReplyKeyboard(rows: unknown): Refusal | null {
  const notRows = bad('Bad Request: field "keyboard" must be an Array of Arrays');
  if (!Array.isArray(rows)) return notRows;
  for (const row of rows) {
    if (!Array.isArray(row)) return notRows;
    for (const button of row) {
      if (typeof button === "string") continue;
      if (!isRecord(button)) {
        return bad(
          "Bad Request: can't parse keyboard button: KeyboardButton must be a String or an Object",
        );
      }
      if (typeof button.text !== "string")
        return bad("Bad Request: can't parse keyboard button: Can't find field \"text\"");
    }
  }
  return null;
}

/**
 * The inline keyboard Telegram keeps and echoes back in the Message: buttons with empty text
 * dropped, empty rows dropped; undefined if nothing is left or the markup isn't inline.
 */
export function storedInlineKeyboard(value: unknown): InlineKeyboardMarkup | undefined {
  const json = readJson(value);
  if (json === undefined || "error" in json || !isRecord(json.value)) return undefined;
  const rows = json.value.inline_keyboard;
  if (!Array.isArray(rows)) return undefined;
  const kept = rows
    .filter(Array.isArray)
    .map((row: unknown[]) => row.filter((button) => isRecord(button) && button.text !== ""))
    .filter((row) => row.length > 0);
  return kept.length > 0 ? ({ inline_keyboard: kept } as InlineKeyboardMarkup) : undefined;
}
