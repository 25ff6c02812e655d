/**
 * Facts: what each unit states, read once when the engine is built — whether
 * it gives a figure, a date, a person, a place, an organisation, an address,
 * a sum of money, which names stand next to which roles, which names form a
 * list, and its words in order. Retrieval then checks a question against these
 * instead of re-reading every unit's text for every question.
 */
import type { Attribute } from "./analyse.js";
import { statesDate, statesQuantity, statesYear } from "./dates.js";
import { type DocumentDetails, readUnitDetails, type UnitDetails } from "./details.js";
import { forEachTerm } from "./text.js";
import type { Unit } from "./units.js";

/** Detectors of names, built once per knowledge version from the cards and the glossary. */
export interface Detectors {
  /** A person or an organisation: a "who" can be answered by either. */
  readonly mentionsPerson: (text: string) => boolean;
  readonly mentionsPlace: (text: string) => boolean;
  /** Companies, ministries, associations and other bodies named: what "which organisations" asks for. */
  readonly organisationsIn: (text: string) => readonly string[];
  /** Companies named: what "which companies", "какой завод" asks for. */
  readonly companiesIn: (text: string) => readonly string[];
}

/** Roles a question may ask after ("who is the rector"), as the English texts write them. */
export type Role =
  | "mayor"
  | "rector"
  | "ceo"
  | "director"
  | "chairman"
  | "president"
  | "head"
  | "leader"
  | "governor"
  | "minister"
  | "ambassador";

export interface UnitFacts {
  readonly quantity: boolean;
  readonly date: boolean;
  readonly person: boolean;
  readonly place: boolean;
  /** Terms of each organisation named, and of each company. */
  readonly organisations: readonly ReadonlySet<string>[];
  readonly companies: readonly ReadonlySet<string>[];
  /** Attributes other than money and role, which need the question: stated or not. */
  readonly states: Readonly<
    Record<"address" | "contact" | "founder" | "population" | "year", boolean>
  >;
  /** Figures, months, measures and tense, for the details a question gives. */
  readonly details: UnitDetails;
  /** Terms of each sentence that states a sum of money. */
  readonly moneySentences: readonly ReadonlySet<string>[];
  /** Roles with a person's name right beside them. */
  readonly roles: ReadonlySet<Role>;
  /** Terms of each list of three or more names (in the unit or the sentence it leans on). */
  readonly lists: readonly ReadonlySet<string>[];
  /** Terms of the English text and of the translation, in order. */
  readonly sequences: readonly (readonly string[])[];
  /** Terms of the unit's own text, in both languages. */
  readonly own: ReadonlySet<string>;
}

/** What in a unit's English text states each attribute. */
const STATED = {
  address: /\b(?:street|avenue|road|st\.|ave\.)\s|\bул\.|улиц|проспект/iu,
  contact: /\+\d[\d\s()-]{6,}|@|https?:\/\/|\bwww\./iu,
  // Texts give beginnings as openings and launches ("opened in 2005"), never a founder.
  founder: /\b(?:found(?:ed|er|ers)|established|opened|launched|created in)\b/iu,
  population: /\b(?:population|inhabitants|residents)\b/iu,
  money: /\b(?:rub|rubles?|roubles?|dollars?|usd|euros?|bln|billion|million|mln)\b/iu,
} as const satisfies Partial<Record<Attribute, RegExp>>;

/** How each role is written in the English texts. */
const ROLE_SPELLINGS: Readonly<Record<Role, string>> = {
  mayor: "mayor",
  rector: "rector",
  ceo: "general director|ceo",
  director: "director",
  chairman: "chairman|chairwoman",
  president: "president",
  head: "head|heads",
  leader: "head|leader|director",
  governor: "governor",
  minister: "minister|deputy head",
  ambassador: "ambassador",
};
/** A person's name: two capitalised words ("Andrey Shpilenko", "Seiji Kosugi"). */
const PERSON_NAME = "\\p{Lu}\\p{Ll}+\\s\\p{Lu}\\p{Ll}+";
/** No "i" flag: under it \p{Lu} would match lower case too. Role words may open a title. */
const ROLE_NEAR_NAME = Object.fromEntries(
  Object.entries(ROLE_SPELLINGS).map(([role, spellings]) => {
    const anyCase = spellings.split("|").map((w) => `[${w[0]}${w[0]?.toUpperCase()}]${w.slice(1)}`);
    const word = `(?:${anyCase.join("|")})s?`;
    return [
      role,
      new RegExp(
        `\\b${word}\\b[^.;]{0,60}?${PERSON_NAME}|${PERSON_NAME}[,\\s]+(?:[^.;]{0,30}\\s)?${word}\\b`,
        "u",
      ),
    ];
  }),
) as Record<Role, RegExp>;

/** A capitalised name of one or more words: "Gazprom Neft", "SIBUR". */
const NAME = "\\p{Lu}[\\p{L}\\p{N}-]*(?:\\s\\p{Lu}[\\p{L}\\p{N}-]*)*";
/**
 * Three or more names in a row: "Gazprom, Rosneft and Rosatom", "Gazprom,
 * Rosneft, SIBUR, and other giants". Two ("Andrey Antonov, Deputy Governor")
 * are as often a name and a title.
 */
const NAME_LIST = new RegExp(
  `${NAME}(?:,\\s+${NAME}){2,}(?:,?\\s+and\\s+(?:other\\s+)?[\\p{L}-]+)?|${NAME},\\s+${NAME},?\\s+and\\s+${NAME}`,
  "gu",
);

/** The facts of each unit, by unit id, read the first time they are asked for. */
export interface FactBook {
  of(unit: Unit): UnitFacts;
  /** The months and years a document states anywhere, by the document's position. */
  document(docIndex: number): DocumentDetails;
}

/**
 * A fact book over the units. Facts are read on first use: a question checks
 * only its best few dozen candidates, so most units are never read at all
 * before the engine has been answering for a while, and start-up stays fast.
 */
export function readFacts(units: readonly Unit[], detectors: Detectors): FactBook {
  const read: (UnitFacts | undefined)[] = new Array(units.length);
  const documents = new Map<number, DocumentDetails>();
  // A document's passages, grouped once on first need (not per question).
  let grouped: Map<number, Unit[]> | undefined;
  const byDocument = () => {
    if (grouped === undefined) {
      grouped = new Map();
      for (const unit of units) {
        if (unit.kind !== "passage") continue;
        const list = grouped.get(unit.docIndex) ?? [];
        list.push(unit);
        grouped.set(unit.docIndex, list);
      }
    }
    return grouped;
  };
  const of = (unit: Unit) => {
    let facts = read[unit.id];
    if (facts === undefined) {
      facts = factsOf(unit, detectors);
      read[unit.id] = facts;
    }
    return facts;
  };
  return {
    of,
    document(docIndex) {
      let found = documents.get(docIndex);
      if (found === undefined) {
        const months = new Set<number>();
        const years = new Set<string>();
        for (const unit of byDocument().get(docIndex) ?? []) {
          // The figures and months only, not every fact: a document may have many passages.
          const details = read[unit.id]?.details ?? detailsOf(unit);
          for (const m of details.months) months.add(m);
          for (const n of details.numbers) if (n.length === 4) years.add(n);
        }
        found = { months, years };
        documents.set(docIndex, found);
      }
      return found;
    },
  };
}

function factsOf(unit: Unit, detectors: Detectors): UnitFacts {
  const text = unit.fields.text;
  const withContext = `${unit.context.map((s) => s.text).join(" ")} ${text}`;
  const roles = new Set<Role>();
  for (const [role, pattern] of Object.entries(ROLE_NEAR_NAME) as [Role, RegExp][]) {
    if (pattern.test(text)) roles.add(role);
  }
  const sequences = [text, unit.fields.ru].map((t) => termsOf(t));
  return {
    quantity: statesQuantity(text),
    date: statesDate(text),
    person: detectors.mentionsPerson(withContext),
    place: detectors.mentionsPlace(text),
    organisations: specific(detectors.organisationsIn(text), detectors),
    companies: specific(detectors.companiesIn(text), detectors),
    states: {
      year: statesYear(withContext),
      address: STATED.address.test(text),
      contact: STATED.contact.test(text),
      founder: STATED.founder.test(text),
      population: STATED.population.test(text),
    },
    // A sentence of a document titled by what it is about ("INO Tomsk project in ten facts":
    // RUB 250 bln – investment gap") names that too.
    moneySentences: unit.sentences
      .filter((s) => STATED.money.test(s.text))
      .map((s) => new Set(termsOf(`${s.text} ${s.ru ?? ""} ${unit.fields.title}`))),
    details: detailsOf(unit),
    roles,
    lists: [...withContext.matchAll(NAME_LIST)].map((m) => new Set(termsOf(m[0]))),
    sequences,
    own: new Set(sequences.flat()),
  };
}

/** Figures, months, measures and tense, in the unit, its translation, context and title. */
function detailsOf(unit: Unit): UnitDetails {
  const { text, ru, context, title } = unit.fields;
  return readUnitDetails(text, ru, `${context} ${unit.card?.kind === "document" ? "" : title}`);
}

/**
 * The terms of each body named by a proper name of its own: "Tomsk
 * universities" and "regional administration" name a group, not one that
 * "which universities" could be answered by; "Gazprom" and "Ministry of
 * Industry and Trade" do.
 */
function specific(names: readonly string[], detectors: Detectors): ReadonlySet<string>[] {
  return names
    .filter((name) =>
      name.split(/\s+/u).some((word) => /^\p{Lu}/u.test(word) && !detectors.mentionsPlace(word)),
    )
    .map((name) => new Set(termsOf(name)));
}

function termsOf(text: string): string[] {
  const out: string[] = [];
  forEachTerm(text, (term) => out.push(term));
  return out;
}
