/**
 * Deterministic synthetic knowledge bases that read like regional news.
 *
 * Sentences come from a word-bigram chain trained on the real documents in
 * knowledge/, so they keep the texts' rhythm and word frequencies; about a
 * third of the content words are swapped for general news vocabulary,
 * Russian-looking names and companies, places and figures, which gives the
 * long tail of distinct terms a large news archive has. The real glossary is
 * included so cross-lingual expansion runs as in production; clusters and
 * events are empty. Same seed and same knowledge/, same corpus.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type KnowledgeFile, loadKnowledge, parseKnowledge } from "../src/knowledge/load.js";
import { ENGLISH_STOPWORDS } from "../src/search/stopwords.js";
import type { Knowledge } from "../src/search/types.js";
import { ROOT } from "./paths.js";

/** The real knowledge directory, which also seeds the generator's vocabulary. */
export const KNOWLEDGE_DIR = join(ROOT, "knowledge");

/** A small, fast, seedable PRNG (mulberry32): returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// biome-ignore format: word lists read best packed
const NEWS_WORDS = `agreement delegation governor minister ministry administration region regional federal
cooperation partnership investment investor investors budget funding grant grants subsidy programme
strategy forum session meeting visit conference exhibition summit roundtable memorandum signing
enterprise enterprises company companies corporation plant factory production manufacturer export
exports import supplier suppliers market markets industry industrial technology technologies
innovation innovative research scientists university universities institute laboratory students
graduates engineers specialists personnel training education school campus startup startups venture
cluster clusters technopark incubator infrastructure pipeline railway airport highway logistics
energy oil gas petrochemical timber pharmaceutical medical nuclear electronics software digital
platform network project projects roadmap initiative initiatives development growth economy economic
trade turnover revenue profit billion million rubles percent share volume capacity output workplaces
jobs employment salary housing construction ecology environment agriculture tourism culture sport
healthcare hospital clinic residents population citizens city district municipality agglomeration
mayor deputy chairman director head chief expert experts analyst representatives officials partners
delegates ambassador consul embassy mission council committee commission agency fund bank holding
announced stated noted stressed emphasized reported confirmed discussed presented signed approved
launched opened completed planned expected increased decreased attracted invested exported supported
implemented organized hosted visited welcomed proposed agreed considered reviewed highlighted
international bilateral joint strategic competitive sustainable advanced modern efficient promising
Siberian Russian Chinese Japanese Italian German Korean Kazakh Indian European Asian`;

const PLACES =
  `Tomsk Seversk Novosibirsk Kemerovo Omsk Barnaul Krasnoyarsk Tyumen Irkutsk Yekaterinburg
Kazan Moscow Tobolsk Asino Kolpashevo Strezhevoy Beijing Shanghai Harbin Shandong Tokyo Osaka Seoul
Milan Turin Munich Astana Almaty Tashkent Minsk Ulaanbaatar`.split(/\s+/u);

const FIRST_NAMES =
  `Sergey Andrey Alexander Dmitry Vladimir Mikhail Igor Oleg Pavel Yuri Ivan Nikolai
Viktor Evgeny Anatoly Konstantin Olga Irina Elena Natalia Tatiana Anna Svetlana Marina Ludmila
Galina`.split(/\s+/u);

const SURNAME_ROOTS = `Kuznets Petr Sokol Volk Orl Zhvach Antonov Ivan Smirn Popov Lebed Kozl Novik
Morozov Pavl Semen Golub Vinogrado Bogdan Vorob Fedor Mikhail Beliy Tarasov Belous Komar Zaits
Solov Vasil Zakhar Shpilenk Gusev Titov Kiselev Makar Andreev Kovalev Ilyin Gerasim Marchen`.split(
  /\s+/u,
);
const SURNAME_SUFFIXES = ["ov", "ova", "ev", "eva", "in", "ina", "sky", "skaya", "enko", "ich"];
const COMPANY_PARTS = `Sib Tom Neft Gaz Khim Tekh Pribor Energo Prom Mash Stroy Les Farm Atom Kabel
Elektro Nano Bio Info Avia Geo Agro Med Polimer Mikro Radio Opto Trans Invest Nauka`.split(/\s+/u);
const SOURCES = [
  "Administration of the Tomsk Region",
  "Press-Service of the Tomsk Region Administration",
  "RIA Tomsk",
  "TASS",
  "Interfax-Siberia",
  "Minpromtorg",
];
// biome-ignore format: a list of tags reads best packed
const TAGS = ["cooperation", "investment", "clusters", "universities", "innovation", "visit",
  "forum", "export", "industry", "technopark", "energy", "education", "startups", "roadmap",
  "delegation", "agreement", "infrastructure", "science"];
const MONTHS = `January February March April May June July August September October November
December`.split(/\s+/u);

/** What a generated document looks like, on average close to the real ones. */
const SHAPE = { paragraphs: [3, 8], sentences: [1, 3], words: [10, 40], swap: 0.35 } as const;

const END = ".";

interface Chain {
  readonly next: Map<string, string[]>;
  readonly starts: string[];
}

/** Word bigrams of the real documents, sentence ends as the END token. */
function trainChain(texts: readonly string[]): Chain {
  const next = new Map<string, string[]>();
  const starts: string[] = [];
  for (const text of texts) {
    const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’%-]*|[.!?]/gu) ?? [];
    let previous = END;
    for (const raw of words) {
      const word = /^[.!?]$/u.test(raw) ? END : raw;
      if (previous === END && word !== END) starts.push(word);
      const list = next.get(previous) ?? [];
      list.push(word);
      next.set(previous, list);
      previous = word;
    }
  }
  return { next, starts };
}

/** A generator of documents over one chain and one random stream. */
class Writer {
  private readonly news: string[];
  private readonly surnames: string[];

  constructor(
    private readonly chain: Chain,
    private readonly random: () => number,
  ) {
    this.news = NEWS_WORDS.split(/\s+/u).filter(Boolean);
    this.surnames = SURNAME_ROOTS.flatMap((root) => SURNAME_SUFFIXES.map((s) => root + s));
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }

  between([low, high]: readonly [number, number]): number {
    return low + Math.floor(this.random() * (high - low + 1));
  }

  /** A content word from outside the real texts: names, companies, places, figures, news words. */
  private replacement(capitalised: boolean): string {
    const roll = this.random();
    if (!capitalised) {
      if (roll < 0.15) return String(this.between([2, 9999]));
      return this.pick(this.news).toLowerCase();
    }
    if (roll < 0.3) return `${this.pick(FIRST_NAMES)} ${this.pick(this.surnames)}`;
    if (roll < 0.55) return this.pick(this.surnames);
    if (roll < 0.75) return this.pick(COMPANY_PARTS) + this.pick(COMPANY_PARTS).toLowerCase();
    return this.pick(PLACES);
  }

  sentence(): string {
    const length = this.between(SHAPE.words);
    const out: string[] = [];
    let word = this.pick(this.chain.starts);
    while (out.length < length) {
      const content = !ENGLISH_STOPWORDS.has(word.toLowerCase()) && /\p{L}/u.test(word);
      const capitalised = /^\p{Lu}/u.test(word) && out.length > 0;
      out.push(content && this.random() < SHAPE.swap ? this.replacement(capitalised) : word);
      const followers = this.chain.next.get(word);
      word = followers ? this.pick(followers) : END;
      // A sentence ends where the chain ends one, once it is long enough.
      if (word === END) {
        if (out.length >= SHAPE.words[0]) break;
        word = this.pick(this.chain.starts);
      }
    }
    const text = out.join(" ").replace(/[,;:–-]+$/u, "");
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  }

  title(): string {
    return this.sentence()
      .replace(/\.$/u, "")
      .split(" ")
      .slice(0, this.between([5, 11]))
      .join(" ");
  }

  document(id: string): KnowledgeFile {
    const paragraphs = Array.from({ length: this.between(SHAPE.paragraphs) }, () =>
      Array.from({ length: this.between(SHAPE.sentences) }, () => this.sentence()).join(" "),
    );
    const tags = [...new Set(Array.from({ length: this.between([2, 6]) }, () => this.pick(TAGS)))];
    const date = `${this.between([1, 28])} ${this.pick(MONTHS)} ${this.between([2012, 2024])}`;
    const meta = [
      `id: ${id}`,
      `title: ${JSON.stringify(this.title())}`,
      `date: "${date}"`,
      `source: ${JSON.stringify(this.pick(SOURCES))}`,
      "language: en",
      `tags: [${tags.join(", ")}]`,
    ];
    return {
      name: `${id}.md`,
      content: `---\n${meta.join("\n")}\n---\n\n${paragraphs.join("\n\n")}\n`,
    };
  }
}

/**
 * The files of a synthetic knowledge directory: `documents` Markdown files, the
 * real glossary, and empty clusters and events.
 */
export function syntheticFiles(documents: number, seed = 2035): KnowledgeFile[] {
  const real = loadKnowledge(KNOWLEDGE_DIR);
  const chain = trainChain(real.documents.flatMap((d) => d.paragraphs));
  const writer = new Writer(chain, seededRandom(seed));
  const width = String(documents).length;
  const files = Array.from({ length: documents }, (_, i) =>
    writer.document(`news-${String(i + 1).padStart(width, "0")}`),
  );
  return [
    ...files,
    { name: "glossary.yaml", content: readFileSync(join(KNOWLEDGE_DIR, "glossary.yaml"), "utf8") },
    { name: "clusters.yaml", content: "[]\n" },
    { name: "events.yaml", content: "[]\n" },
  ];
}

/** A validated synthetic knowledge base of `documents` documents. */
export function syntheticKnowledge(documents: number, seed?: number): Knowledge {
  return parseKnowledge(syntheticFiles(documents, seed));
}

/** Writes a synthetic knowledge directory (for the cold start of the real entry point). */
export function writeSyntheticKnowledge(dir: string, documents: number, seed?: number): void {
  mkdirSync(dir, { recursive: true });
  for (const file of syntheticFiles(documents, seed)) {
    writeFileSync(join(dir, file.name), file.content);
  }
}
