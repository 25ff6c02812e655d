/**
 * The spelling lexicon: which words are real English or Russian words, so that
 * typo correction never turns a real word the texts lack ("mayor",
 * "население") into a different word of the texts that merely looks close
 * ("major", "поселение").
 *
 * Built from the Hunspell dictionaries of dictionary-en and dictionary-ru
 * (maintained by wooorm). nspell, which reads them with all their affix rules,
 * takes 3.2 s and 250 MB for Russian here; the bot needs only "is this a word",
 * so the lexicon keeps the Snowball stem of every dictionary entry — the same
 * stemmer the search uses, so an inflected form finds its entry's stem. Stemming
 * 200,000 entries takes about 2 s, so the stems are cached in a file and
 * rebuilt only when the dictionaries change.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fold, stem } from "./text.js";

/** Real words, by stem. */
export interface Lexicon {
  /** True when the folded word's stem is the stem of a dictionary word. */
  has(folded: string): boolean;
  readonly size: number;
}

const DICTIONARIES = ["dictionary-en", "dictionary-ru"] as const;
/** Bump when the way stems are made changes, so old caches are not read. */
const FORMAT = 1;

/** A lexicon over given stems (tests build small ones). */
export function lexiconOf(stems: Iterable<string>): Lexicon {
  const set = new Set(stems);
  return { has: (folded) => set.has(stem(folded)), size: set.size };
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
    return lexiconOf(readFileSync(file, "utf8").split("\n"));
  } catch {
    // Not built yet for these dictionaries: build it below.
  }
  const stems = new Set<string>();
  for (const source of sources) {
    const lines = readFileSync(source.dic, "utf8").split("\n");
    // The first line of a Hunspell .dic file is the entry count.
    for (let i = 1; i < lines.length; i++) {
      const word = (lines[i] as string).split("/")[0]?.trim();
      if (word) stems.add(stem(fold(word)));
    }
  }
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written under a temporary name and renamed, so a reader never sees half a file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, [...stems].join("\n"));
    renameSync(partial, file);
  } catch {
    // A read-only install still works; it only rebuilds the lexicon on every start.
  }
  return lexiconOf(stems);
}

/** Where the lexicon is cached by default: inside node_modules, rebuilt with every install. */
export function defaultLexiconCache(projectRoot: string): string {
  return join(projectRoot, "node_modules", ".cache", "tomsk-bot");
}
