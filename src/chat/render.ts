/**
 * How the local chat looks in a terminal: messages with their inline buttons
 * numbered, edits, notices and inline results. Plain text when `ansi` is false
 * (piped output, tests), with colours and bold when it is true (a TTY).
 */
import type { InlineKeyboardButton, InlineQueryResult, Message, MessageEntity } from "grammy/types";
import { parseTelegramHtml } from "../telegram-sim/index.js";

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

const ANSI: Partial<Record<MessageEntity["type"], readonly [string, string]>> = {
  bold: ["\u001b[1m", "\u001b[22m"],
  italic: ["\u001b[3m", "\u001b[23m"],
  underline: ["\u001b[4m", "\u001b[24m"],
  strikethrough: ["\u001b[9m", "\u001b[29m"],
  spoiler: ["\u001b[2m", "\u001b[22m"],
  code: ["\u001b[36m", "\u001b[39m"],
  pre: ["\u001b[36m", "\u001b[39m"],
  text_link: ["\u001b[4m", "\u001b[24m"],
};

/**
 * Renders text with entities for a terminal: bold, italic… as ANSI styles when
 * `ansi`, plain otherwise; links followed by their address; quotes marked "│ ".
 */
export function renderEntities(
  text: string,
  entities: readonly MessageEntity[],
  ansi: boolean,
): string {
  const before = new Map<number, string[]>();
  const after = new Map<number, string[]>();
  const add = (map: Map<number, string[]>, at: number, piece: string, first = false) => {
    const list = map.get(at) ?? [];
    if (first) list.unshift(piece);
    else list.push(piece);
    map.set(at, list);
  };
  const quoteStarts = new Set<number>();
  for (const entity of entities) {
    const start = entity.offset;
    const end = entity.offset + entity.length;
    if (entity.type === "blockquote" || entity.type === "expandable_blockquote") {
      quoteStarts.add(start);
      for (let k = start; k < end - 1; k++) if (text[k] === "\n") quoteStarts.add(k + 1);
      continue;
    }
    const style = ansi ? ANSI[entity.type] : undefined;
    if (style) {
      add(before, start, style[0]);
      add(after, end, style[1], true);
    }
    if (entity.type === "text_link") {
      const label = text.slice(start, end);
      if (label !== entity.url)
        add(after, end, ansi ? `\u001b[2m (${entity.url})\u001b[22m` : ` (${entity.url})`);
    }
  }
  const bar = ansi ? "\u001b[2m│\u001b[22m " : "│ ";
  let out = "";
  for (let k = 0; k <= text.length; k++) {
    out += (after.get(k) ?? []).join("");
    if (quoteStarts.has(k)) out += bar;
    out += (before.get(k) ?? []).join("");
    if (k < text.length) out += text[k];
  }
  return out;
}
