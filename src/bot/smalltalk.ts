/**
 * Small talk: what people type around their questions — greetings, thanks,
 * goodbyes, "who are you / what can you do", apologies, reactions ("ok", "👍",
 * "ясно") — recognised in English, Russian and Russian typed in Latin letters,
 * so that it gets a friendly word instead of "found nothing" or a random quote.
 *
 * A message is small talk only when every word of it is small talk: "hi, when
 * did the delegation visit Tokyo?" is a question (the greeting is dropped by
 * the search as filler), "thanks, very helpful!" is thanks.
 */

/** The kinds of small talk, each with its own reply. */
export type SmallTalk = "greeting" | "thanks" | "goodbye" | "about" | "apology" | "reaction";

/**
 * Phrases of each kind, as lower-case words with ё written е; Latin-typed
 * Russian as people type it. Several words make a phrase that must appear in
 * order. The kinds are tried in this order, so "ok thanks" is thanks.
 */
// biome-ignore format: phrase lists read best packed
const PHRASES: readonly (readonly [SmallTalk, readonly string[]])[] = [
  ["about", [
    "who are you", "what are you", "what can you do", "what do you do", "what do you know",
    "how does this work", "how do you work", "how to use", "help me", "help", "can you help",
    "what is this bot", "what is this", "кто ты", "ты кто", "кто вы", "вы кто", "что ты умеешь",
    "что умеешь", "что вы умеете", "что ты знаешь", "что ты можешь", "что можешь", "что это за бот",
    "как пользоваться", "как тобой пользоваться", "помоги", "помогите", "помощь", "справка",
    "kto ty", "chto ty umeesh", "chto umeesh", "pomogi",
  ]],
  ["thanks", [
    "thanks", "thank you", "thank u", "thx", "ty", "many thanks", "cheers", "much appreciated",
    "appreciate it", "спасибо", "спс", "благодарю", "спасибки", "большое спасибо", "spasibo",
    "spasib", "sps", "blagodaryu",
  ]],
  ["goodbye", [
    "bye", "goodbye", "good bye", "see you", "see ya", "good night", "later", "пока", "до свидания",
    "до встречи", "всего доброго", "спокойной ночи", "бывай", "poka", "do svidaniya",
  ]],
  ["greeting", [
    "hello", "hi", "hey", "hiya", "howdy", "good morning", "good afternoon", "good evening",
    "greetings", "yo", "здравствуйте", "здравствуй", "привет", "приветствую", "добрый день",
    "доброе утро", "добрый вечер", "доброго дня", "хай", "салют", "privet", "zdravstvuyte",
    "zdravstvuite", "dobryy den", "dobriy den", "hello there", "hi there",
  ]],
  ["apology", [
    "sorry", "my bad", "apologies", "извините", "извини", "простите", "прости", "сорри",
    "izvinite", "prostite",
  ]],
  ["reaction", [
    "ok", "okay", "okey", "k", "cool", "great", "nice", "good", "fine", "awesome", "perfect",
    "got it", "i see", "understood", "interesting", "wow", "very helpful", "helpful", "lol",
    "ок", "окей", "ладно", "ясно", "понятно", "хорошо", "отлично", "круто", "супер", "класс",
    "понял", "поняла", "ага", "угу", "интересно", "здорово", "полезно", "ponyatno", "yasno",
    "horosho", "khorosho", "otlichno", "kruto", "super",
  ]],
];

/** The phrases split into words once; and the words any phrase starts with, to rule most messages out at once. */
const PHRASE_WORDS = PHRASES.map(
  ([kind, phrases]) => [kind, phrases.map((p) => p.split(" "))] as const,
);
const FIRST_WORDS = new Set(PHRASE_WORDS.flatMap(([, phrases]) => phrases.map((p) => p[0])));

/** Words that may stand around small talk without making it a question. */
const FILLER = new Set(
  `a the so and very much really just oh ah well you your bot dear all for it that this
  me i am please ну и а вот же очень вам тебе бот всем всё все это так да`.split(/\s+/u),
);

/** Emoji people react with. */
const REACTION_EMOJI = /^(?:\p{Extended_Pictographic}|\u200d|\ufe0f|\s)+$/u;
const THANKS_EMOJI = /🙏|❤|♥|💙|💚/u;

/** Words of a message, lower case, ё as е, punctuation and emoji dropped. */
function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/ё/gu, "е")
    .split(/[^\p{L}\p{N}']+/u)
    .filter((w) => w.length > 0);
}

/**
 * The kind of small talk a message is, or undefined when it is anything else
 * (a question, a name, a keyword). Pure.
 */
export function smallTalkOf(text: string): SmallTalk | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  if (REACTION_EMOJI.test(trimmed)) return THANKS_EMOJI.test(trimmed) ? "thanks" : "reaction";
  const words = wordsOf(trimmed);
  if (words.length === 0 || words.length > 8) return undefined;
  if (!words.some((w) => FIRST_WORDS.has(w))) return undefined;
  const covered = new Array<boolean>(words.length).fill(false);
  const found: SmallTalk[] = [];
  for (const [kind, phrases] of PHRASE_WORDS) {
    for (const parts of phrases) {
      for (let i = 0; i + parts.length <= words.length; i++) {
        if (parts.every((p, j) => words[i + j] === p)) {
          for (let j = 0; j < parts.length; j++) covered[i + j] = true;
          if (!found.includes(kind)) found.push(kind);
        }
      }
    }
  }
  if (found.length === 0) return undefined;
  const rest = words.filter((w, i) => !covered[i] && !FILLER.has(w));
  if (rest.length > 0) return undefined;
  // The first kind in PHRASES order wins: "ok thanks" thanks, "hi, what can you do" explains.
  return PHRASES.map(([kind]) => kind).find((kind) => found.includes(kind));
}
