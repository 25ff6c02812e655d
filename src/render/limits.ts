/**
 * Keeping every rendered text within one Telegram message.
 */

import { visibleLength } from "./html.js";
import { MAX_MESSAGE_LENGTH, splitHtml } from "./split.js";

/**
 * Returns `html` unchanged when it fits one message, otherwise its first page
 * (cut cleanly by {@link splitHtml}) followed by "…". Views that can outgrow a
 * message by design (documents) page instead; this is the safety net for the rest.
 */
export function fitMessage(html: string, maxLength: number = MAX_MESSAGE_LENGTH): string {
  if (visibleLength(html) <= maxLength) return html;
  const [first = ""] = splitHtml(html, maxLength - 1);
  return `${first}…`;
}
