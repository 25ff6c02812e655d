/**
 * Analyse: the first step of the search. Reads a question into the concepts to
 * look for — each with the index terms that would express it, in English or in
 * Russian — and into what kind of answer it asks for.
 *
 * Words are read in their own language (the index holds the texts in both),
 * Russian typed in Latin letters is read as Russian, a misspelt word is
 * corrected to a word of the texts only when it is no real word itself, and
 * the glossary adds the other language's words for names and terms.
 */

import type { Lang } from "../knowledge/types.js";
import { type QuestionDetails, readQuestionDetails, spelledNumber } from "./details.js";
import type { GlossaryIndex } from "./glossary.js";
import type { Lexicon } from "./lexicon.js";
import { ENGLISH_STOPWORDS, RUSSIAN_STOPWORDS } from "./stopwords.js";
import { cleanInput, isStopword, stem, tokenize } from "./text.js";
import { cyrillicToLatin, latinToCyrillic } from "./translit.js";
import { isPlausibleTypo } from "./typo.js";

/** What kind of answer the question asks for, read from its question words. */
export type AnswerType =
  | "quantity"
  | "date"
  | "reason"
  | "person"
  | "organisation"
  | "place"
  | "any";

/** One way a concept can appear in a unit: all its terms (a phrase has several), and its worth. */
export interface Alternative {
  readonly terms: readonly string[];
  /** 1 for the word itself or its translation; less for synonyms, kin stems and typo corrections. */
  readonly weight: number;
}

/** Something the question asks about: one word, or a glossary phrase. */
export interface Concept {
  /** The question's own words for it. */
  readonly label: string;
  readonly alternatives: readonly Alternative[];
  /** A name (person, place, organisation, programme): what the question is about. */
  readonly name: boolean;
  /** Position of its first word among the question's words. */
  readonly at: number;
  /** The word as corrected, when it was a typo. */
  readonly correction?: string;
}

export interface Analysis {
  readonly question: string;
  /** The question's language; Russian typed in Latin letters is Russian. */
  readonly lang: Lang;
  readonly concepts: readonly Concept[];
  readonly answerType: AnswerType;
  /** "How many"/"сколько": the figure must count the focus, not merely appear. */
  readonly counting: boolean;
  /** Concepts the question word points at ("how many NEW JOBS", "кто МЭР"). */
  readonly focus: readonly number[];
  /** Phrased as "who is / what is / tell me about / кто такой / расскажи про". */
  readonly definition: boolean;
  /** The question with its typos corrected, when any were. */
  readonly corrected?: string;
  /** Particular things asked for that a unit must state to answer (an address, a founder). */
  readonly asks: readonly Attribute[];
  /** Whether a question word was found at all: a bare name or keyword has none. */
  readonly hasCue: boolean;
  /** Asks for a share or a part ("rosatom's share", "какая часть"): a total does not answer. */
  readonly asksPart: boolean;
  /** Asks where a text comes from or when it was published: a document's card answers. */
  readonly asksSource: boolean;
  /** "Which companies", "какой завод": the answer names companies, not just any body. */
  readonly asksCompanies: boolean;
  /** Figures, months, measures and tense the question gives, which an answer must state. */
  readonly details: QuestionDetails;
}

/**
 * Things a question may ask for that no amount of shared words can supply:
 * the unit must state one, or it does not answer ("what is the address of
 * the industrial park" is not answered by the sentence about the park).
 */
export type Attribute =
  | "address"
  | "contact"
  | "founder"
  | "population"
  | "money"
  | "role"
  | "year";

/** Words that ask for each attribute, as folded words or their beginnings (Russian). */
// biome-ignore format: word lists read best packed
const ATTRIBUTE_CUES: Readonly<Record<Attribute, readonly string[]>> = {
  address: ["address", "street", "адрес", "улиц", "улица"],
  contact: ["phone", "telephone", "email", "e-mail", "website", "site", "contacts", "contact",
    "телефон", "почт", "сайт", "контакт"],
  founder: ["founder", "founders", "founded", "основател", "основал", "основан", "учредител"],
  population: ["population", "inhabitants", "residents", "населен", "жител"],
  money: ["budget", "cost", "costs", "price", "salary", "salaries", "wage", "wages", "revenue",
    "profit", "turnover", "earn", "earns", "earning", "earnings", "зарабат", "бюджет", "стоимост", "стоит", "стоил", "стоила", "стоило", "стоили",
    "цена", "цену", "цены", "зарплат",
    "выручк", "прибыль", "прибыли", "прибылью", "оборот"],
  role: ["mayor", "rector", "ceo", "chairman", "chairwoman", "president", "director", "head",
    "heads", "leader", "leads", "boss", "governor", "minister", "ambassador", "мэр", "мэра",
    "ректор", "директор", "гендиректор", "председател", "президент", "глава", "главой",
    "возглав", "руковод", "управля", "губернатор", "министр",
    // мэр typed on a Latin keyboard ("mer") reads as мер.
    "мер", "мера"],
  // Asked by the question phrase ("what year", "в каком году"), not by a word: see readCues.
  year: [],
};

/** Words for kinds of organisation: "which companies", "какие вузы" ask for names. */
const ORGANISATION_WORDS =
  /^(?:compan(?:y|ies)|firms?|corporations?|organi[sz]ations?|banks?|investors?|partners?|factor(?:y|ies)|plants?|enterprises?|universit(?:y|ies)|institutes?|ministr(?:y|ies)|компани\p{L}*|фирм\p{L}*|корпораци\p{L}*|организаци\p{L}*|банк\p{L}*|инвестор\p{L}*|партнер\p{L}*|завод\p{L}*|предприяти\p{L}*|фабрик\p{L}*|университет\p{L}*|вуз\p{L}*|институт\p{L}*|министерств\p{L}*)$/u;
/** Of those, the words for companies: any named body will not do. */
const COMPANY_WORDS =
  /^(?:compan(?:y|ies)|firms?|corporations?|factor(?:y|ies)|plants?|компани\p{L}*|фирм\p{L}*|корпораци\p{L}*|завод\p{L}*|фабрик\p{L}*)$/u;

/** Words that ask about a text itself: where it comes from, when it appeared. */
const SOURCE_WORDS =
  /^(?:source|sources|published|publication|article|articles|news|report|press|источник\p{L}*|опубликова\p{L}*|публикаци\p{L}*|стать[яиюе]|новост\p{L}*|пресс\p{L}*|откуда)$/u;

/** Words that ask for a part of something. */
const PART_WORDS =
  /^(?:share|shares|part|portion|fraction|доля|долю|доли|част[ьи]|процент\p{L}*)$/u;

/** The attributes a question asks for, from its words as typed (folded) and its question phrase. */
function readAttributes(folded: readonly string[], cue: Cues): Attribute[] {
  const found: Attribute[] = cue.year ? ["year"] : [];
  // "Сколько будут получать": how much someone receives is a sum of money.
  if (cue.counting && folded.some((w) => w.startsWith("получа")) && !found.includes("money")) {
    found.push("money");
  }
  for (const [attribute, cues] of Object.entries(ATTRIBUTE_CUES) as [Attribute, string[]][]) {
    // Russian cues of five letters or more are word beginnings (зарплат-а, -ы);
    // shorter ones are whole words, or "цен" would take "центр".
    const hit = folded.some((word) =>
      cues.some((cue) =>
        /[а-я]/u.test(cue) && cue.length >= 5 ? word.startsWith(cue) : word === cue,
      ),
    );
    if (hit) found.push(attribute);
  }
  return found;
}

/** What the analysis reads the question against. */
export interface AnalysisContext {
  readonly glossary: GlossaryIndex;
  readonly vocabulary: Vocabulary;
  readonly lexicon?: Lexicon;
}

/** The words of the index, as the analysis needs them. */
export interface Vocabulary {
  has(term: string): boolean;
  /** Whether the texts write this term as a proper name (capitalised inside sentences, always). */
  isName(term: string): boolean;
  /**
   * Words of the texts (as written, or their stems) of this script within
   * `distance` edits, closest and commonest first: the key that matched, its
   * term, and the word to show for it.
   */
  near(
    word: string,
    distance: number,
  ): readonly { key: string; term: string; word: string; distance: number }[];
  /** Index terms that are the same Russian word in another form (реализу- / реализац-). */
  kin(term: string): readonly string[];
  /** Index terms starting with letters as typed (for a word cut short while typing). */
  completions(prefix: string): readonly string[];
}

const SYNONYM_WEIGHT = 0.85;
const KIN_WEIGHT = 0.85;
const TYPO_WEIGHT = 0.85;
const PREFIX_WEIGHT = 0.7;
const MAX_QUESTION_LENGTH = 1000;

/** Question words, by the answer they ask for; multi-word cues as space-separated words. */
// biome-ignore format: cue lists read best packed
const CUES: Readonly<Record<Exclude<AnswerType, "organisation">, readonly string[]>> = {
  quantity: [
    "how many", "how much", "how big", "how large", "how long", "what percentage", "what percent",
    "what share", "what proportion", "what amount", "what number", "сколько", "какая доля",
    "какой процент", "какова доля", "каков объем", "какой объем", "какая сумма", "на сколько",
    "как долго", "какой срок", "во сколько", "скока", "скоко", "скольк",
  ],
  date: [
    "when", "what year", "which year", "what date", "what day", "since when", "когда",
    "каком году", "какого числа", "какие дни", "какие числа", "с какого года", "какого года",
  ],
  reason: ["why", "what for", "зачем", "почему", "для чего", "с какой целью"],
  person: ["who", "whom", "кто", "кого", "кем", "кому"],
  place: ["where", "где", "куда", "откуда", "каком городе", "какой город"],
  any: [
    "what", "which", "что", "чем", "какой", "какая", "какое", "какие", "каков", "какова", "каковы",
    "каким", "какими", "каких", "какую", "каком", "какого", "какому",
  ],
};
/** Cues that ask to count something ("how many jobs"); "how much" asks for any figure. */
const COUNTING = new Set(["how many", "what number", "сколько", "на сколько"]);
/**
 * Phrasings that ask for a description of something named: its card answers
 * them. Longest first, so "tell me about" wins over "about".
 */
// biome-ignore format: phrase lists read best packed
const DEFINITION_CUES = [
  "what do you know about", "what can you tell me about", "tell me something about",
  "tell me more about", "tell me about", "tell us about", "what is known about", "information about",
  "info about", "anything about", "who is", "who's", "who are", "who was", "what is", "what's",
  "what are", "what was", "describe", "explain",
  "что ты знаешь о", "что ты знаешь про", "что известно о", "что известно про", "что известно об",
  "расскажи мне про", "расскажи мне о", "расскажи про", "расскажи о", "расскажи об",
  "расскажите про", "расскажите о", "расскажите об", "информация о", "информация про",
  "кто такой", "кто такая", "кто такие", "кто это", "что такое", "что это", "что за", "кто он",
].map((cue) => cue.split(" "));
/** Single-word cues a typo may hide ("wen" → when). */
const SINGLE_WORD_CUES = new Map<string, AnswerType>();
for (const [type, cues] of Object.entries(CUES) as [AnswerType, string[]][]) {
  for (const cue of cues) {
    // Of the generic "what" kind only the English words, typed short ("wat", "wich").
    if (type === "any" && !/^(?:what|which)$/u.test(cue)) continue;
    if (!cue.includes(" ")) SINGLE_WORD_CUES.set(cue, type);
  }
}
const ALL_STOPWORDS = [...ENGLISH_STOPWORDS, ...RUSSIAN_STOPWORDS];
/** Russian endings and function words as typed on a Latin keyboard. */
const LATIN_RUSSIAN_ENDING =
  /(?:ov|ev|iy|yy|ii|oi|aya|oye|ogo|ego|ykh|ikh|akh|yakh|tsya|tsa|ami|yami|ogo|uyu|yuyu|shch\p{L}*)$/u;

interface Word {
  /** Folded word as typed, or its Cyrillic reading when it is Russian typed in Latin letters. */
  readonly folded: string;
  readonly term: string | null;
  readonly lang: Lang | null;
  readonly acronym: boolean;
}

/**
 * Analyses a question. Pure given its context, and cheap: a few look-ups per
 * word; an edit-distance search only for words the index does not know.
 */
export function analyse(question: string, context: AnalysisContext): Analysis {
  const { glossary, vocabulary } = context;
  const words = readWords(question, context);
  const known = (w: Word) =>
    w.term === null ||
    vocabulary.has(w.term) ||
    glossary.match([w.term], 0, w.lang ?? "en").length > 0;
  const folded = words.map((w) => w.folded);
  const definition = readDefinition(folded);
  const cue = readCues(folded, words.map(known));
  const russian = words.filter((w) => w.lang === "ru").length;
  const english = words.filter((w) => w.lang === "en").length;
  const lang: Lang = russian > english ? "ru" : "en";
  const endsMidWord = /[\p{L}\p{N}]$/u.test(question.trim()) && !/\s$/u.test(question);
  const details = readQuestionDetails(folded);
  const tenseWords = new Set(details.tenseWords);

  // Words of a question phrase ("what year", "в каком году") ask; they are not asked about.
  const content = words
    .map((w, at) => ({ ...w, at }))
    .filter(
      (w) =>
        w.term !== null &&
        !cue.consumed.has(w.at) &&
        !definition.consumed.has(w.at) &&
        !tenseWords.has(w.at) &&
        (known(w) || !nearStopword(w.folded)),
    );
  const contentTerms = content.map((w) => w.term as string);
  const contentWords = content.map((w) => w.folded);
  const concepts: Concept[] = [];
  const corrections = new Map<string, string>();
  for (let i = 0; i < content.length; ) {
    const word = content[i] as Word & { at: number };
    const wordLang: Lang = word.lang ?? "en";
    // A glossary phrase (рабочие места, special economic zone) is one concept.
    const phrase = glossary.match(contentTerms, i, wordLang, contentWords, {
      typos: !context.lexicon?.has(word.folded),
    });
    const length = Math.max(1, ...phrase.map((m) => m.length));
    const span = content.slice(i, i + length);
    const literal = span.map((w) => w.term as string);
    const alternatives: Alternative[] = [];
    const add = (terms: readonly string[], weight: number) => {
      if (terms.length === 0 || !terms.every((t) => vocabulary.has(t))) return;
      const key = terms.join(" ");
      const existing = alternatives.findIndex((a) => a.terms.join(" ") === key);
      if (existing === -1) alternatives.push({ terms, weight });
      else if ((alternatives[existing] as Alternative).weight < weight) {
        alternatives[existing] = { terms, weight };
      }
    };
    add(literal, 1);
    for (const m of phrase) {
      for (const form of glossary.forms(m.entry)) {
        add(form, form.join(" ") === literal.join(" ") ? 1 : SYNONYM_WEIGHT * m.quality);
      }
    }
    let name =
      phrase.some((m) => glossary.isName(m.entry)) ||
      (literal.length === 1 && vocabulary.isName(literal[0] as string));
    let correction: string | undefined;
    if (length === 1) {
      const term = word.term as string;
      if (wordLang === "ru") for (const kin of vocabulary.kin(term)) add([kin], KIN_WEIGHT);
      // "Шесть университетов" finds "6 Tomsk universities".
      const figure = spelledNumber(word.folded);
      if (figure !== undefined) add([figure], 1);
      if (alternatives.length === 0 && wordLang === "ru") {
        // A name with no glossary entry, written in Cyrillic: Жвачкин → zhvachkin.
        const latin = stem(cyrillicToLatin(word.folded));
        add([latin], 1);
        name = alternatives.length > 0;
      }
      if (alternatives.length === 0) {
        const fixed = correct(word.folded, term, wordLang, context);
        if (fixed) {
          add([fixed.term], TYPO_WEIGHT);
          name ||= vocabulary.isName(fixed.term);
          for (const m of glossary.match([fixed.term], 0, wordLang)) {
            for (const form of glossary.forms(m.entry)) add(form, TYPO_WEIGHT * SYNONYM_WEIGHT);
            name ||= glossary.isName(m.entry);
          }
          if (alternatives.length > 0) {
            correction = fixed.word;
            corrections.set(word.folded, fixed.word);
          }
        }
      }
      // Inline queries stop mid-word: "Skolk" should find Skolkovo.
      const isLast = i === content.length - 1;
      if (alternatives.length === 0 && isLast && endsMidWord && word.folded.length >= 3) {
        for (const completion of vocabulary.completions(word.folded).slice(0, 5)) {
          add([completion], PREFIX_WEIGHT);
        }
      }
    }
    concepts.push({
      label: span.map((w) => w.folded).join(" "),
      alternatives,
      name,
      at: word.at,
      ...(correction !== undefined && { correction }),
    });
    i += length;
  }
  const merged = mergeDuplicates(concepts);
  const corrected = applyCorrections(question, corrections);
  // "Which companies", "какие организации", "which 5 national corporations": the answer names some.
  const asked = content.filter((w) => !/^\d+$/u.test(w.folded)).slice(0, 2);
  const asksNames =
    (cue.type === "any" || cue.type === "person") &&
    cue.consumed.size > 0 &&
    asked.some((w) => !cue.consumed.has(w.at) && ORGANISATION_WORDS.test(w.folded));
  return {
    question,
    lang,
    concepts: merged,
    answerType: asksNames ? "organisation" : cue.type,
    counting: cue.counting,
    focus: focusOf(merged, cue),
    definition: definition.consumed.size > 0,
    ...(corrected !== question && { corrected }),
    asks: readAttributes(folded, cue),
    asksCompanies: asksNames && asked.some((w) => COMPANY_WORDS.test(w.folded)),
    details,
    asksPart: folded.some((w) => PART_WORDS.test(w)),
    asksSource: folded.some((w) => SOURCE_WORDS.test(w)),
    hasCue: cue.consumed.size > 0 || definition.consumed.size > 0,
  };
}

/**
 * A misspelt word corrected to a word of the texts: only when the word is no
 * real word itself (the lexicon knows "mayor", so it never becomes "major"),
 * and only by the typos people make.
 */
function correct(
  folded: string,
  term: string,
  lang: Lang,
  { vocabulary, lexicon }: AnalysisContext,
): { term: string; word: string } | undefined {
  if (folded.length < 4 || /\d/u.test(folded)) return undefined;
  if (lexicon?.has(folded)) return undefined;
  // Two edits for long words; for short ones one, or a swap of two letters
  // ("tomks"), judged on Latin keyboards as the typos people make.
  const latin = lang === "en";
  const long = folded.length >= 8;
  for (const typed of folded === term ? [folded] : [folded, term]) {
    const near = [
      ...vocabulary.near(typed, long ? 2 : 1),
      ...(long ? [] : swapped(typed, vocabulary)),
    ];
    for (const candidate of near) {
      if (candidate.term === term) continue;
      // The lexicon has ruled out real words; only four-letter words are so
      // close to others that just the typos people make count.
      if (!long && latin && typed.length <= 4 && !isPlausibleTypo(typed, candidate.key)) continue;
      return candidate;
    }
  }
  return undefined;
}

/** Words of the texts that are this word with two neighbouring letters swapped. */
function swapped(word: string, vocabulary: Vocabulary) {
  const found = [];
  for (let i = 0; i + 1 < word.length; i++) {
    const swap = `${word.slice(0, i)}${word[i + 1]}${word[i]}${word.slice(i + 2)}`;
    if (swap !== word) found.push(...vocabulary.near(swap, 0));
  }
  return found;
}

/**
 * A looser spelling guess for "did you mean": words the texts do not know,
 * five letters or more, replaced by a word of the texts up to two edits away
 * with the same first letter ("rasatim" → rosatom). Not applied on its own —
 * two edits are too many to be sure — only offered. Undefined when there is
 * nothing to guess.
 */
export function spellingGuess(analysis: Analysis, vocabulary: Vocabulary): string | undefined {
  const guesses = new Map<string, string>();
  for (const concept of analysis.concepts) {
    const word = concept.label;
    if (concept.alternatives.length > 0 || word.includes(" ") || word.length < 5) continue;
    const near = vocabulary.near(word, 2).find((c) => c.word[0] === word[0]);
    if (near) guesses.set(word, near.word);
  }
  if (guesses.size === 0) return undefined;
  return applyCorrections(analysis.corrected ?? analysis.question, guesses);
}

/** The question with each corrected word replaced, for "did you mean" and logs. */
function applyCorrections(question: string, corrections: ReadonlyMap<string, string>): string {
  let out = question;
  for (const [typo, fixed] of corrections) {
    out = out.replace(new RegExp(`(?<![\\p{L}])${escapeRegExp(typo)}(?![\\p{L}])`, "iu"), fixed);
  }
  return out;
}

/** The concepts right after the question word, or right before it when it ends the question. */
function focusOf(concepts: readonly Concept[], cue: Cues): number[] {
  if (cue.consumed.size === 0) return [];
  const end = Math.max(...cue.consumed);
  const indexed = concepts.map((c, i) => ({ c, i }));
  const after = indexed.filter(({ c }) => c.at > end).slice(0, 2);
  // "а федеральных министерств … сколько задействовано": what is counted may come first.
  const before =
    after.length < 2 ? indexed.filter(({ c }) => c.at < end).slice(after.length - 2) : [];
  return [...after, ...before].map(({ i }) => i);
}

/**
 * A greeting opening a question ("Good afternoon, …", "Добрый день! …"): the
 * words are manners, not things asked about, and "afternoon" is in no text.
 */
const GREETING =
  /^\s*(?:(?:good\s+(?:morning|afternoon|evening|day)|hello|hi|hey|greetings|здравствуйте|здравствуй|добрый\s+(?:день|вечер)|доброе\s+утро|доброго\s+времени\s+суток|привет|приветствую)(?:[\s,.!]+|$))+/iu;

/** Reads the words of a question, deciding for each Latin word whether it is English or Russian. */
function readWords(question: string, { glossary, vocabulary, lexicon }: AnalysisContext): Word[] {
  const text = cleanInput(question).slice(0, MAX_QUESTION_LENGTH);
  const tokens = tokenize(text.replace(GREETING, ""));
  // Unknown Latin words are read as Russian only when the question shows it is
  // Russian typed in Latin letters; otherwise "missing" would become "миссинг".
  // One surname ending in -ov is no evidence against a question's English words:
  // the Latin words that read as Russian must outnumber those that are English.
  let russianWords = 0;
  let englishWords = 0;
  for (const t of tokens) {
    if (t.script !== "latin" || t.acronym || t.folded.length < 2) continue;
    // Words of the texts (Tomsk, hub) are evidence of neither; "do", "no" read both ways.
    const russian =
      looksLikeLatinRussian(t.folded, t.term, vocabulary) || isStopword(latinToCyrillic(t.folded));
    const english =
      ENGLISH_STOPWORDS.has(t.folded) ||
      (lexicon?.has(t.folded) === true && !(t.term !== null && vocabulary.has(t.term)));
    if (russian && !english) russianWords++;
    else if (english && !russian) englishWords++;
  }
  const latinRussian = russianWords > 0 && russianWords >= englishWords;
  return tokens.map((token): Word => {
    if (token.script === "cyrillic") {
      return { folded: token.folded, term: token.term, lang: "ru", acronym: token.acronym };
    }
    if (token.script !== "latin" || token.term === null || token.acronym || !latinRussian) {
      const lang = token.script === "latin" ? "en" : null;
      return { folded: token.folded, term: token.term, lang, acronym: token.acronym };
    }
    // Russian typed on a Latin keyboard ("skolko proektov realizuetsa"), word by
    // word: names the texts spell in Latin ("tomsk", "ino") stay as typed.
    const cyrillic = latinToCyrillic(token.folded);
    const cue = cueWordNear(cyrillic);
    if (cue !== undefined || isStopword(cyrillic)) {
      return { folded: cue ?? cyrillic, term: null, lang: "ru", acronym: false };
    }
    if (vocabulary.has(token.term) || glossary.match([token.term], 0, "en").length > 0) {
      return { folded: token.folded, term: token.term, lang: "en", acronym: false };
    }
    const russianTerm = stem(cyrillic);
    const russianKnown =
      vocabulary.has(russianTerm) ||
      vocabulary.kin(russianTerm).length > 0 ||
      glossary.hasRussian(russianTerm);
    if (russianKnown || !lexicon?.has(token.folded)) {
      return { folded: cyrillic, term: russianTerm, lang: "ru", acronym: false };
    }
    return { folded: token.folded, term: token.term, lang: "en", acronym: false };
  });
}

export interface Cues {
  readonly type: AnswerType;
  /** Positions of the question words that form the cue. */
  readonly consumed: ReadonlySet<number>;
  readonly counting: boolean;
  /** "What year", "в каком году": a date without a year does not answer. */
  readonly year: boolean;
}

const YEAR_CUE = /(?:^|\s)(?:year|году|года)(?:\s|$)/u;

/**
 * Reads the answer type from the question words, and which words the question
 * phrase used up. Only words the texts do not know may be typos of a question
 * word ("wen" → when), so "way" stays "way" and does not become "why".
 */
export function readCues(
  folded: readonly string[],
  known: readonly boolean[] = folded.map(() => true),
): Cues {
  // A question word that opens the question decides what it asks for: in "what did
  // he say about sites where plants can move in", "where" opens a clause, not the question.
  const opening = openingCue(folded);
  if (opening !== undefined) return opening;
  for (const [type, cues] of Object.entries(CUES) as [AnswerType, readonly string[]][]) {
    for (const cue of cues) {
      const parts = cue.split(" ");
      const at = findSequence(folded, parts);
      if (at !== -1) {
        return {
          type,
          consumed: new Set(parts.map((_, j) => at + j)),
          counting: COUNTING.has(cue),
          year: YEAR_CUE.test(cue),
        };
      }
    }
  }
  for (let i = 0; i < folded.length; i++) {
    if (known[i]) continue;
    const near = cueWordNear(folded[i] as string);
    if (near !== undefined) {
      return {
        type: SINGLE_WORD_CUES.get(near) ?? "any",
        consumed: new Set([i]),
        counting: COUNTING.has(near),
        year: false,
      };
    }
  }
  return { type: "any", consumed: new Set(), counting: false, year: false };
}

/** How far into the question its opening question word may be ("and in which year"). */
const OPENING_WINDOW = 3;

/**
 * The question word the question opens with, within its first words: the
 * longest cue starting there, and of those the most specific ("what year" is a
 * date, not any "what").
 */
function openingCue(folded: readonly string[]): Cues | undefined {
  for (let at = 0; at < Math.min(OPENING_WINDOW, folded.length); at++) {
    let best: { type: AnswerType; cue: string; length: number } | undefined;
    for (const [type, cues] of Object.entries(CUES) as [AnswerType, readonly string[]][]) {
      for (const cue of cues) {
        const parts = cue.split(" ");
        if (!parts.every((part, j) => folded[at + j] === part)) continue;
        if (best === undefined || parts.length > best.length)
          best = { type, cue, length: parts.length };
      }
    }
    if (best !== undefined) {
      return {
        type: best.type,
        consumed: new Set(Array.from({ length: best.length }, (_, j) => at + j)),
        counting: COUNTING.has(best.cue),
        year: YEAR_CUE.test(best.cue),
      };
    }
  }
  return undefined;
}

/** Where a definition phrase ("who is", "расскажи про") opens the question, and its words. */
function readDefinition(folded: readonly string[]): { consumed: ReadonlySet<number> } {
  for (const cue of DEFINITION_CUES) {
    // Only at the start (after a greeting or "and"): "what is the budget of X" asks
    // for the budget; the card still answers when the rest is a bare name.
    for (let start = 0; start <= Math.min(2, folded.length - cue.length); start++) {
      if (cue.every((part, j) => folded[start + j] === part)) {
        return { consumed: new Set(cue.map((_, j) => start + j)) };
      }
    }
  }
  return { consumed: new Set() };
}

function findSequence(words: readonly string[], parts: readonly string[]): number {
  for (let i = 0; i + parts.length <= words.length; i++) {
    if (parts.every((part, j) => words[i + j] === part)) return i;
  }
  return -1;
}

/** A word within a typo of a stop word ("называеца" → называется). */
function nearStopword(word: string): boolean {
  if (word.length < 5) return false;
  const distance = word.length >= 8 ? 2 : 1;
  return ALL_STOPWORDS.some(
    (stop) =>
      stop.length >= 5 &&
      Math.abs(stop.length - word.length) <= distance &&
      (editDistance(stop, word, distance) <= distance ||
        (stop.length === word.length && isPlausibleTypo(word, stop))),
  );
}

/** A Latin word that is no English word the texts know, but reads as a Russian one. */
function looksLikeLatinRussian(
  folded: string,
  term: string | null,
  vocabulary: Vocabulary,
): boolean {
  if (isStopword(folded) || (term !== null && vocabulary.has(term))) return false;
  const cyrillic = latinToCyrillic(folded);
  return (
    isStopword(cyrillic) || cueWordNear(cyrillic) !== undefined || LATIN_RUSSIAN_ENDING.test(folded)
  );
}

/** The single-word cue a word is, or is one typo away from (only for words of 3+ letters). */
function cueWordNear(word: string): string | undefined {
  if (SINGLE_WORD_CUES.has(word)) return word;
  // A word that is itself a function word is no typo ("что" is not "кто").
  if (word.length < 3 || isStopword(word)) return undefined;
  const near = (other: string) =>
    Math.abs(other.length - word.length) <= 1 && editDistance(other, word, 1) <= 1;
  const cue = [...SINGLE_WORD_CUES.keys()].find(near);
  // As close to another function word, there is no telling which ("што": что or кто?),
  // unless that one is no typo people make ("wat" is what, not was).
  const ambiguous =
    cue !== undefined &&
    ALL_STOPWORDS.some(
      (w) =>
        w.length >= 3 &&
        w !== cue &&
        !SINGLE_WORD_CUES.has(w) &&
        near(w) &&
        (!/^[a-z]+$/u.test(word) || isPlausibleTypo(word, w)),
    );
  return ambiguous ? undefined : cue;
}

/** The same concept asked twice ("Tomsk … Tomsk") counts once. */
function mergeDuplicates(concepts: readonly Concept[]): Concept[] {
  const seen = new Set<string>();
  return concepts.filter((concept) => {
    const key = concept.alternatives
      .map((a) => a.terms.join(" "))
      .sort()
      .join("|");
    if (key === "") return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] as number;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}
