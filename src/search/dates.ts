import type { KnowledgeEvent } from "../knowledge/types.js";
import { terms } from "./text.js";

/**
 * Dates as the texts state them: often without a year ("12th of November"),
 * sometimes only a weekday ("Tuesday"), never invented.
 */

// biome-ignore format: twelve months on two lines
const MONTHS = [
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
];

/** The parts of a date a text states; a weekday or duration alone gives none. */
export interface StatedDate {
  readonly year?: number;
  readonly month?: number;
  readonly day?: number;
  /** The last day of a span of days ("June 8-10"). */
  readonly lastDay?: number;
}

/** Reads year, month and day from text such as "4 July 2016", "June 8-10 this year", "12th of November". */
export function parseStatedDate(text: string): StatedDate {
  const lower = text.toLowerCase();
  const year = /\b(1[89]\d\d|20\d\d)\b/u.exec(lower)?.[1];
  const monthIndex = MONTHS.findIndex((m) =>
    new RegExp(`\\b${m.slice(0, 3)}[a-z]*\\b`, "u").test(lower),
  );
  let days: RegExpExecArray | null = null;
  if (monthIndex !== -1) {
    const month = MONTHS[monthIndex]?.slice(0, 3);
    days =
      new RegExp(
        `\\b(\\d{1,2})(?:st|nd|rd|th)?(?:\\s*[-–]\\s*(\\d{1,2}))?\\s+(?:of\\s+)?${month}`,
        "u",
      ).exec(lower) ??
      new RegExp(`${month}[a-z]*\\s+(\\d{1,2})(?:\\s*[-–]\\s*(\\d{1,2}))?\\b`, "u").exec(lower);
  }
  const day = days?.[1];
  const lastDay = days?.[2];
  return {
    ...(year !== undefined && { year: Number(year) }),
    ...(monthIndex !== -1 && { month: monthIndex + 1 }),
    ...(day !== undefined && { day: Number(day) }),
    ...(lastDay !== undefined && { lastDay: Number(lastDay) }),
  };
}

// biome-ignore format: twelve months on two lines
const MONTHS_RU = [
  "января", "февраля", "марта", "апреля", "мая", "июня",
  "июля", "августа", "сентября", "октября", "ноября", "декабря",
];
// biome-ignore format: twelve months on two lines
const MONTHS_EN = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/**
 * A short label for a date a text states: day and month, and the year when
 * stated ("12 November", "4 июля 2016"). Undefined when the text states no
 * day of a month — "Tuesday" or "this year" is no date to list an event by.
 */
export function dateLabel(when: string, lang: "en" | "ru"): string | undefined {
  const date = parseStatedDate(when);
  if (date.month === undefined || date.day === undefined) return undefined;
  const month = (lang === "ru" ? MONTHS_RU : MONTHS_EN)[date.month - 1];
  const days = date.lastDay === undefined ? `${date.day}` : `${date.day}–${date.lastDay}`;
  return [days, month, date.year].filter((p) => p !== undefined).join(" ");
}

/**
 * Orders events by date as far as the texts date them: events with a year
 * first, chronologically; then those with only a month and day, by month and
 * day (the year is unknown, so they cannot be placed among the others);
 * undated ones last. Ties keep the knowledge file's order.
 */
export function sortEventsByDate(events: readonly KnowledgeEvent[]): KnowledgeEvent[] {
  const rank = (date: StatedDate) =>
    date.year !== undefined ? 0 : date.month !== undefined ? 1 : 2;
  const keyed = events.map((event, index) => {
    const date = parseStatedDate(event.when?.en ?? "");
    // A month without a day ("this June") places nothing.
    return { event, index, date: date.day === undefined ? { ...date, month: undefined } : date };
  });
  keyed.sort(
    (a, b) =>
      rank(a.date) - rank(b.date) ||
      (a.date.year ?? 0) - (b.date.year ?? 0) ||
      (a.date.month ?? 0) - (b.date.month ?? 0) ||
      (a.date.day ?? 0) - (b.date.day ?? 0) ||
      a.index - b.index,
  );
  return keyed.map((k) => k.event);
}

const NUMBER_WORDS =
  "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen|twenty|thirty|forty|fifty|sixty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|bln|mln|dozen|dozens|half|twice";

/** Index terms that are figures: the stems of number words. */
const NUMBER_TERMS = new Set(terms(NUMBER_WORDS.replaceAll("|", " ")));

/** Whether an index term is a figure: digits ("160") or a number word ("six", "thousands"). */
export function isNumberTerm(term: string): boolean {
  // Digits alone: "5G" is a name, not a figure.
  return /^\d+$/u.test(term) || NUMBER_TERMS.has(term);
}

/** Does a passage state a year ("opened in 2005")? What "in what year" asks for. */
export function statesYear(text: string): boolean {
  return /\b(?:1[89]\d\d|20\d\d)\b/u.test(text);
}

/** Does a passage state a figure? Digits or number words ("six times", "three-day"). */
export function statesQuantity(text: string): boolean {
  return /\d/u.test(text) || new RegExp(`\\b(?:${NUMBER_WORDS})\\b`, "iu").test(text);
}

/** Does a passage state a time: a year, a month, a weekday, "this year"? */
export function statesDate(text: string): boolean {
  return (
    /\b(?:1[89]\d\d|20\d\d)\b/u.test(text) ||
    /\b(?:january|february|march|april|may(?=\s+\d)|june|july|august|september|october|november|december)\b/iu.test(
      text,
    ) ||
    /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/iu.test(text) ||
    /\b(?:this|last|next) year\b/iu.test(text) ||
    // Times stated relative to now: "in the next two years", "before the end of the year".
    /\b(?:next|last|past|coming|latest)\s+(?:\w+\s+)?(?:years?|months?|weeks?|decade)\b/iu.test(
      text,
    ) ||
    // Not "annual" or "each year": they say how often, not when.
    /\b(?:before the end of|till|until|by)\s+(?:the\s+)?(?:\d{4}|year|month)\b/iu.test(text)
  );
}

/** Does a passage give a reason or purpose, in English or in its Russian translation? */
export function statesReason(text: string): boolean {
  return (
    /\b(?:because|in order to|so that|due to|since|as a result|aim|goal|purpose|considering|therefore|thus|that is why|to (?:create|develop|support|increase|involve|implement|strengthen|localize|determine))\b/iu.test(
      text,
    ) ||
    /(?:потому что|так как|поскольку|чтобы|для того|с целью|цел[ьи]|ради|учитывая|поэтому)/iu.test(
      text,
    )
  );
}
