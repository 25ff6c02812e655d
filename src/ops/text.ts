/** Small text helpers of the operators' reports. */

export const DAY_MS = 24 * 60 * 60 * 1000;

const BARS = "▁▂▃▄▅▆▇█";

/**
 * A text sparkline, one character per value: the lowest bar for none, the
 * others scaled to the largest value, so a day with any question shows.
 */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((v) => {
      if (v <= 0 || max === 0) return BARS[0];
      return BARS[1 + Math.floor(((BARS.length - 2) * v) / max)] ?? BARS.at(-1);
    })
    .join("");
}

/** How long a question is shown in a report line. */
export const REPORT_QUESTION_LENGTH = 120;

/** One line of a user's text: whitespace collapsed, cut at a word with "…". */
export function shortText(text: string, max = REPORT_QUESTION_LENGTH): string {
  const flat = text.replace(/\s+/gu, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** A time as `YYYY-MM-DD HH:MM UTC`. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
