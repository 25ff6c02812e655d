/**
 * The spelling lexicon: which words are real English or Russian words, so that
 * typo correction never turns a real word the texts lack ("mayor",
 * "население") into a different word of the texts that merely looks close
 * ("major", "поселение").
 *
 * Built from the Hunspell dictionaries of dictionary-en and dictionary-ru
 * (maintained by wooorm). English: every word form nspell makes of the
 * dictionary with its affix rules (124,000 forms; "itally" is none of them,
 * though its stem is Italy's). Russian: nspell takes 3.2 s and 250 MB to read
 * that dictionary here, and the bot only asks "is this a word", so it keeps
 * the Snowball stem of every entry instead — the stemmer the search uses, so an
 * inflected form finds its entry's stem. Building both takes about 2.5 s, so
 * the result is cached in a file and rebuilt only when the dictionaries change.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import nspell from "nspell";
import { fold, scriptOf, stem } from "./text.js";

/** Real words: English by form, Russian by stem. */
export interface Lexicon {
  /** True when the folded word is a dictionary word (Russian: has a dictionary word's stem). */
  has(folded: string): boolean;
  readonly size: number;
}

const DICTIONARIES = ["dictionary-en", "dictionary-ru"] as const;
/** Bump when the way stems are made changes, so old caches are not read. */
const FORMAT = 3;

/** A lexicon of English word forms and Russian stems (tests build small ones). */
export function lexiconOf(words: Iterable<string>): Lexicon {
  return sortedLexicon([...new Set(words)].sort().join("\n"));
}

/**
 * A lexicon over the cache file's text: entries sorted, one per line. Reading
 * 210,000 entries into a Set takes a quarter of a second at every start; the
 * text and an index of line starts take a few milliseconds, and a look-up is a
 * binary search of some 18 steps.
 */
function sortedLexicon(text: string): Lexicon {
  const starts: number[] = text.length > 0 ? [0] : [];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  const lines = Int32Array.from(starts);
  const entry = (i: number) => {
    const start = lines[i] as number;
    const end = i + 1 < lines.length ? (lines[i + 1] as number) - 1 : text.length;
    return text.slice(start, end);
  };
  const has = (key: string) => {
    let low = 0;
    let high = lines.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = entry(middle);
      if (found === key) return true;
      if (found < key) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  };
  return {
    has: (folded) => has(scriptOf(folded) === "cyrillic" ? stem(folded) : folded),
    size: lines.length,
  };
}

/**
 * Loads the lexicon from its cache file in `cacheDir`, building and caching it
 * first when the file is missing or was made from other dictionary versions.
 */
export function loadLexicon(cacheDir: string): Lexicon {
  const sources = DICTIONARIES.map((name) => {
    const dir = dirname(fileURLToPath(import.meta.resolve(name)));
    const version = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version as string;
    return { name, dic: join(dir, "index.dic"), version };
  });
  const file = join(
    cacheDir,
    `lexicon-${FORMAT}-${sources.map((s) => `${s.name}@${s.version}`).join("-")}.txt`,
  );
  try {
    return sortedLexicon(readFileSync(file, "utf8"));
  } catch {
    // Not built yet for these dictionaries: build it below.
  }
  const entries = new Set<string>();
  // Sorted by code unit, as the binary search compares.
  const [english, russian] = sources;
  if (english && russian) {
    const dictionary = nspell({
      aff: readFileSync(join(dirname(english.dic), "index.aff")),
      dic: readFileSync(english.dic),
    });
    for (const form of Object.keys((dictionary as unknown as { data: object }).data)) {
      entries.add(fold(form));
    }
    const lines = readFileSync(russian.dic, "utf8").split("\n");
    // The first line of a Hunspell .dic file is the entry count.
    for (let i = 1; i < lines.length; i++) {
      const word = (lines[i] as string).split("/")[0]?.trim();
      if (word) entries.add(stem(fold(word)));
    }
  }
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written under a temporary name and renamed, so a reader never sees half a file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, [...entries].sort().join("\n"));
    renameSync(partial, file);
  } catch {
    // A read-only install still works; it only rebuilds the lexicon on every start.
  }
  return lexiconOf(entries);
}
