/**
 * How the local chat looks in a terminal: messages with their inline buttons
 * numbered, edits, notices and inline results. Plain text when `ansi` is false
 * (piped output, tests), with colours and bold when it is true (a TTY).
 */
import type { InlineKeyboardButton, InlineQueryResult, Message, MessageEntity } from "grammy/types";
import { parseTelegramHtml, renderEntities } from "./html.js";

export interface Style {
  readonly ansi: boolean;
}

const paint = (ansi: boolean, code: string, text: string) =>
  ansi ? `\u001b[${code}m${text}\u001b[0m` : text;
export const dim = (ansi: boolean, text: string) => paint(ansi, "2", text);

/** The header line of a speaker: "bot ›", "you ›". */
export function speaker(ansi: boolean, who: "bot" | "you", note = ""): string {
  const name = who === "bot" ? paint(ansi, "1;36", "bot ›") : paint(ansi, "1;32", "you ›");
  return note === "" ? name : `${name} ${dim(ansi, note)}`;
}

/** A message's text with its entities, indented under its speaker. */
export function messageBody(message: Message, ansi: boolean): string {
  const withText = message as Message & {
    text?: string;
    entities?: MessageEntity[];
    caption?: string;
  };
  const text = withText.text ?? withText.caption ?? "";
  return indent(renderEntities(text, withText.entities ?? [], ansi));
}

/** The buttons of a keyboard, numbered from 1 row by row: "[1] ◀  [2] ▶". */
export function keyboardLines(
  rows: readonly (readonly InlineKeyboardButton[])[],
  ansi: boolean,
): string[] {
  let n = 0;
  return rows.map(
    (row) =>
      `  ${row.map((button) => `${paint(ansi, "1;33", `[${++n}]`)} ${button.text}${buttonNote(button, ansi)}`).join("  ")}`,
  );
}

function buttonNote(button: InlineKeyboardButton, ansi: boolean): string {
  if ("url" in button) return dim(ansi, ` ↗ ${button.url}`);
  if ("switch_inline_query" in button || "switch_inline_query_current_chat" in button) {
    return dim(ansi, " (inline)");
  }
  return "";
}

/** One line per inline result: "[1] Title — description". */
export function inlineResultLines(results: readonly InlineQueryResult[], ansi: boolean): string[] {
  return results.map((result, i) => {
    const { title, description } = result as { title?: string; description?: string };
    const label = title ?? `${result.type} ${result.id}`;
    return `  ${paint(ansi, "1;33", `[${i + 1}]`)} ${ansi ? paint(ansi, "1", label) : label}${
      description ? dim(ansi, ` — ${description}`) : ""
    }`;
  });
}

/** The message an inline result sends, as Telegram would show it; undefined if not a text message. */
export function inlineResultMessage(result: InlineQueryResult): Partial<Message> | undefined {
  const content = (
    result as { input_message_content?: { message_text?: string; parse_mode?: string } }
  ).input_message_content;
  if (typeof content?.message_text !== "string") return undefined;
  const parsed =
    content.parse_mode === "HTML"
      ? parseTelegramHtml(content.message_text)
      : { text: content.message_text, entities: [] };
  const fields: Record<string, unknown> = { text: parsed.text };
  if (parsed.entities.length > 0) fields.entities = parsed.entities;
  if (result.reply_markup) fields.reply_markup = result.reply_markup;
  return fields as Partial<Message>;
}

export function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
