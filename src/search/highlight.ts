import { tokenize } from "./text.js";
import type { Highlight } from "./types.js";

/**
 * Character ranges of `text` whose words have one of `matched` as their index
 * term. Neighbouring matches separated only by spaces or hyphens merge into one
 * range, so "INO Tomsk" is bold as one phrase.
 */
export function highlightRanges(text: string, matched: ReadonlySet<string>): Highlight[] {
  const ranges: { start: number; end: number }[] = [];
  for (const token of tokenize(text)) {
    if (token.term === null || !matched.has(token.term)) continue;
    const last = ranges.at(-1);
    if (last && /^[\s-]*$/u.test(text.slice(last.end, token.start))) last.end = token.end;
    else ranges.push({ start: token.start, end: token.end });
  }
  return ranges;
}
