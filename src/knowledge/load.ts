/**
 * Loading knowledge/: reading the files, validating each against its schema,
 * then checking what no single file can show — quotes occur verbatim in their
 * documents, translations follow their documents sentence by sentence, stored
 * questions point at real passages. Every problem is collected before failing,
 * so an editor fixes them all in one pass.
 */
import { createHash } from "node:crypto";
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { parse as parseYaml } from "yaml";
import {
  ClusterEntry,
  DocumentMeta,
  EventEntry,
  GlossaryItem,
  listOf,
  QuestionsFile,
  TopicEntry,
  TranslationFile,
} from "./schema.js";
import { normalizeSpace, splitSentences } from "./sentences.js";
import type {
  Citation,
  Knowledge,
  KnowledgeDocument,
  Sentence,
  StoredPassage,
  Topic,
} from "./types.js";

/** One thing wrong with knowledge/, located precisely enough for an editor to fix it. */
export interface KnowledgeProblem {
  readonly file: string;
  /** Path of the offending field, e.g. `[2].citations[0].quote`. */
  readonly field?: string;
  readonly message: string;
}

/** Thrown when knowledge/ does not validate; lists every problem, not just the first. */
export class KnowledgeError extends Error {
  constructor(readonly problems: readonly KnowledgeProblem[]) {
    super(
      `knowledge/ has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems
        .map(formatProblem)
        .join("\n")}`,
    );
    this.name = "KnowledgeError";
  }
}

/** `file: field: message`, the one-line form used in errors and by `npm run check:knowledge`. */
export function formatProblem(problem: KnowledgeProblem): string {
  return [problem.file, problem.field, problem.message].filter(Boolean).join(": ");
}

/**
 * What to tell an operator when knowledge cannot be loaded: one line per
 * problem, or why the directory cannot be read at all.
 */
export function explainKnowledgeFailure(error: unknown, dir: string): string {
  if (error instanceof KnowledgeError) {
    return error.problems.map((p) => `${dir}/${formatProblem(p)}`).join("\n");
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `KNOWLEDGE_DIR cannot be read ("${dir}"): ${reason}`;
}

/** A file of the knowledge directory: path relative to the directory, and its text. */
export interface KnowledgeFile {
  readonly name: string;
  readonly content: string;
}

export const DATA_FILES = {
  clusters: "clusters.yaml",
  events: "events.yaml",
  glossary: "glossary.yaml",
  topics: "topics.yaml",
} as const;
export const TRANSLATIONS_DIR = "ru";
export const QUESTIONS_DIR = "questions";

/** Size limits that keep one oversized file from exhausting memory or stalling every reply. */
export interface KnowledgeLimits {
  /** Largest file accepted, in bytes. */
  readonly maxFileBytes: number;
  /** Most sentences one document may have (each becomes passages in the index). */
  readonly maxSentences: number;
}

/**
 * 1 MB is some 250 pages of Telegram messages, far beyond any press release
 * the bot quotes; a 10 MB file once took 2.3 GB at start.
 */
export const DEFAULT_LIMITS: KnowledgeLimits = { maxFileBytes: 1_000_000, maxSentences: 5_000 };

/**
 * Reads every Markdown document and knowledge file of a directory. A file over
 * the size limit is not read; it is reported by parseKnowledge.
 */
export function readKnowledgeDir(
  dir: string,
  limits: KnowledgeLimits = DEFAULT_LIMITS,
): KnowledgeFile[] {
  const wanted = new Set<string>(Object.values(DATA_FILES));
  const names = readdirSync(dir).filter((name) => name.endsWith(".md") || wanted.has(name));
  for (const sub of [TRANSLATIONS_DIR, QUESTIONS_DIR]) {
    let inner: string[] = [];
    try {
      inner = readdirSync(join(dir, sub));
    } catch {
      // Optional folders: a knowledge base may have no translations yet.
    }
    for (const name of inner) if (name.endsWith(".yaml")) names.push(`${sub}/${name}`);
  }
  return names.sort().map((name) => {
    const path = join(dir, name);
    const size = statSync(path).size;
    if (size > limits.maxFileBytes) return { name, content: "", oversize: size } as KnowledgeFile;
    return { name, content: readFileSync(path, "utf8") };
  });
}

export interface LoadOptions {
  readonly limits?: KnowledgeLimits;
  /**
   * Where to keep validated snapshots. Parsing and checking half a megabyte of
   * YAML takes about half a second; a snapshot, named by the hash of every
   * file, takes milliseconds to read, and any change to any file misses it.
   */
  readonly cacheDir?: string;
}

/**
 * Loads and validates a knowledge directory.
 * @throws KnowledgeError listing every problem found.
 */
export function loadKnowledge(dir: string, options: LoadOptions = {}): Knowledge {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const files = readKnowledgeDir(dir, limits);
  if (options.cacheDir === undefined) return parseKnowledge(files, limits);
  const snapshot = join(
    options.cacheDir,
    `knowledge-${SNAPSHOT_FORMAT}-${digestFiles(files)}.json`,
  );
  try {
    return Object.freeze(JSON.parse(readFileSync(snapshot, "utf8")) as Knowledge);
  } catch {
    // No snapshot of these files yet: validate them and keep one.
  }
  const knowledge = parseKnowledge(files, limits);
  try {
    mkdirSync(options.cacheDir, { recursive: true });
    for (const old of readdirSync(options.cacheDir)) {
      if (/^knowledge-.*\.json$/u.test(old)) rmSync(join(options.cacheDir, old), { force: true });
    }
    const partial = `${snapshot}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(knowledge));
    renameSync(partial, snapshot);
  } catch {
    // A read-only disk: every start validates again, which is only slower.
  }
  return knowledge;
}

type Report = (field: string | undefined, message: string) => void;

/**
 * Parses and validates knowledge files (pure: no I/O, so tests feed it fixtures).
 * @throws KnowledgeError
 */
export function parseKnowledge(
  files: readonly KnowledgeFile[],
  limits: KnowledgeLimits = DEFAULT_LIMITS,
): Knowledge {
  const problems: KnowledgeProblem[] = [];
  const reporter =
    (file: string): Report =>
    (field, message) =>
      problems.push({ file, ...(field ? { field } : {}), message });

  const usable: KnowledgeFile[] = [];
  for (const file of files) {
    const size = (file as { oversize?: number }).oversize ?? Buffer.byteLength(file.content);
    if (size > limits.maxFileBytes) {
      reporter(file.name)(
        undefined,
        `is ${formatBytes(size)}, over the limit of ${formatBytes(limits.maxFileBytes)}: split it into smaller documents`,
      );
    } else {
      usable.push(file);
    }
  }
  const byName = new Map(usable.map((f) => [f.name, f.content]));

  const documents: KnowledgeDocument[] = [];
  for (const file of usable.filter((f) => f.name.endsWith(".md") && !f.name.includes("/"))) {
    const doc = parseDocument(file, reporter(file.name), limits);
    if (doc) documents.push(doc);
  }
  reportDuplicates(
    documents.map((d) => ({ id: d.id, file: d.file, field: "id" })),
    "document id",
    problems,
  );
  if (documents.length === 0 && !files.some((f) => f.name.endsWith(".md"))) {
    problems.push({ file: ".", message: "no documents: add at least one Markdown file" });
  }
  documents.sort((a, b) => a.id.localeCompare(b.id));
  const docs = new Map(documents.map((d) => [d.id, d]));
  const bodies = new Map(documents.map((d) => [d.id, normalizeSpace(d.paragraphs.join(" "))]));
  const checkCitations = (citations: readonly Citation[], at: string, report: Report) =>
    citations.forEach((c, i) => {
      const body = bodies.get(c.doc);
      if (body === undefined) report(`${at}citations[${i}].doc`, `unknown document id "${c.doc}"`);
      else if (!body.includes(c.quote)) {
        report(
          `${at}citations[${i}].quote`,
          `not found verbatim in document "${c.doc}": "${c.quote}"`,
        );
      }
    });

  // Entries are validated one by one, so the valid ones are still cross-checked
  // and every problem of the file shows at once.
  const list = <T extends v.GenericSchema>(name: string, schema: T) => {
    const content = byName.get(name);
    if (content === undefined) return [];
    const report = reporter(name);
    const items = validate(name, content, listOf(v.unknown()), report) ?? [];
    const valid: v.InferOutput<T>[] = [];
    items.forEach((item, i) => {
      const entry = check(schema, item, (field, message) =>
        report(`[${i}]${field ? (field.startsWith("[") ? field : `.${field}`) : ""}`, message),
      );
      if (entry !== undefined) valid.push(entry);
    });
    return valid;
  };
  const clusters = list(DATA_FILES.clusters, ClusterEntry);
  clusters.forEach((c, i) => {
    checkCitations(c.citations, `[${i}].`, reporter(DATA_FILES.clusters));
  });
  const events = list(DATA_FILES.events, EventEntry);
  events.forEach((e, i) => {
    const report = reporter(DATA_FILES.events);
    if (!docs.has(e.doc)) report(`[${i}].doc`, `unknown document id "${e.doc}"`);
    checkCitations(e.citations, `[${i}].`, report);
  });
  const topics: Topic[] = list(DATA_FILES.topics, TopicEntry);
  topics.forEach((t, i) => {
    checkCitations(t.citations, `[${i}].`, reporter(DATA_FILES.topics));
  });
  const glossary = list(DATA_FILES.glossary, GlossaryItem);
  for (const [name, ids] of [
    [DATA_FILES.clusters, clusters.map((c) => c.id)],
    [DATA_FILES.events, events.map((e) => e.id)],
    [DATA_FILES.topics, topics.map((t) => t.id)],
  ] as const) {
    reportDuplicates(
      ids.map((id, i) => ({ id, file: name, field: `[${i}].id` })),
      "id",
      problems,
    );
  }

  const translated = new Map<string, KnowledgeDocument>();
  for (const file of usable.filter((f) => f.name.startsWith(`${TRANSLATIONS_DIR}/`))) {
    const doc = applyTranslation(file, docs, reporter(file.name));
    if (doc) translated.set(doc.id, doc);
  }
  const passages: StoredPassage[] = [];
  for (const file of usable.filter((f) => f.name.startsWith(`${QUESTIONS_DIR}/`))) {
    passages.push(...parseQuestions(file, docs, reporter(file.name)));
  }

  if (problems.length > 0) throw new KnowledgeError(problems);
  return Object.freeze({
    documents: documents.map((d) => translated.get(d.id) ?? d),
    passages,
    clusters,
    events,
    topics,
    glossary,
    version: hashFiles(files),
  });
}

/** Notes that do not stop the bot but that an editor should act on. */
export function knowledgeWarnings(knowledge: Knowledge): KnowledgeProblem[] {
  const warnings: KnowledgeProblem[] = [];
  for (const doc of knowledge.documents) {
    if (!doc.ru) {
      warnings.push({
        file: `${TRANSLATIONS_DIR}/${doc.id}.yaml`,
        message: "missing: Russian speakers will read this document in English",
      });
    } else if (doc.ru.status !== "reviewed") {
      warnings.push({
        file: `${TRANSLATIONS_DIR}/${doc.id}.yaml`,
        field: "status",
        message: "is draft: review every sentence, then mark it reviewed",
      });
    }
    const covered = new Set<number>();
    for (const p of knowledge.passages) {
      if (p.doc !== doc.id) continue;
      for (let i = p.first; i <= p.last; i++) covered.add(i);
    }
    for (const sentence of doc.sentences) {
      if (covered.has(sentence.index)) continue;
      warnings.push({
        file: `${QUESTIONS_DIR}/${doc.id}.yaml`,
        message: `sentence ${sentence.index} has no stored questions: "${clip(sentence.text, 70)}"`,
      });
    }
  }
  return warnings;
}

function parseDocument(
  file: KnowledgeFile,
  report: Report,
  limits: KnowledgeLimits,
): KnowledgeDocument | null {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/u.exec(file.content);
  if (!match) {
    report(
      undefined,
      "no front matter: start the file with a --- block holding id, title, language, tags",
    );
    return null;
  }
  let raw: unknown;
  try {
    raw = parseYaml(match[1] ?? "");
  } catch (error) {
    report("front matter", `not valid YAML (${firstLine(error)})`);
    return null;
  }
  const meta = check(DocumentMeta, raw, report);
  const expectedId = file.name.replace(/\.md$/u, "");
  if (meta && meta.id !== expectedId) report("id", `must match the file name "${expectedId}"`);
  const paragraphs = (match[2] ?? "")
    .split(/\r?\n\s*\r?\n/u)
    .map(normalizeSpace)
    .filter((p) => p.length > 0);
  if (paragraphs.length === 0) report("body", "is empty: write the text below the front matter");
  const sentences: Sentence[] = [];
  paragraphs.forEach((paragraph, p) => {
    for (const text of splitSentences(paragraph)) {
      sentences.push({ index: sentences.length, paragraph: p, text });
    }
  });
  if (sentences.length > limits.maxSentences) {
    report(
      "body",
      `has ${sentences.length} sentences, over the limit of ${limits.maxSentences}: split it`,
    );
    return null;
  }
  if (!meta || meta.id !== expectedId || paragraphs.length === 0) return null;
  return {
    id: meta.id,
    title: meta.title,
    language: meta.language,
    tags: meta.tags,
    paragraphs,
    sentences,
    file: file.name,
    ...(meta.date !== undefined && { date: meta.date }),
    ...(meta.source !== undefined && { source: meta.source }),
    ...(meta.origin !== undefined && { origin: meta.origin }),
  };
}

/** The document with its translation applied, when the file follows it sentence by sentence. */
function applyTranslation(
  file: KnowledgeFile,
  docs: ReadonlyMap<string, KnowledgeDocument>,
  report: Report,
): KnowledgeDocument | null {
  const data = validate(file.name, file.content, TranslationFile, report);
  if (!data) return null;
  const doc = expectDoc(file.name, data.doc, docs, report);
  if (!doc) return null;
  if (data.date !== undefined && doc.date === undefined) {
    report("date", "the document states no date, so its translation cannot have one");
  }
  if (data.source !== undefined && doc.source === undefined) {
    report("source", "the document names no source, so its translation cannot have one");
  }
  let ok = true;
  doc.sentences.forEach((sentence, i) => {
    const pair = data.sentences[i];
    if (pair === undefined) {
      report(`sentences[${i}]`, `missing: translate "${clip(sentence.text, 70)}"`);
      ok = false;
    } else if (pair.en !== sentence.text) {
      report(
        `sentences[${i}].en`,
        `is not the document's sentence ${i}, which reads "${clip(sentence.text, 70)}"`,
      );
      ok = false;
    }
  });
  if (data.sentences.length > doc.sentences.length) {
    report(
      `sentences[${doc.sentences.length}]`,
      `is one too many: the document has ${doc.sentences.length} sentences`,
    );
    ok = false;
  }
  if (!ok) return null;
  return {
    ...doc,
    sentences: doc.sentences.map((s, i) => ({ ...s, ru: data.sentences[i]?.ru ?? "" })),
    ru: {
      title: data.title,
      status: data.status,
      ...(data.date !== undefined && { date: data.date }),
      ...(data.source !== undefined && { source: data.source }),
    },
  };
}

/** Stored passages of one questions file, each resolved to its sentence range. */
function parseQuestions(
  file: KnowledgeFile,
  docs: ReadonlyMap<string, KnowledgeDocument>,
  report: Report,
): StoredPassage[] {
  const data = validate(file.name, file.content, QuestionsFile, report);
  if (!data) return [];
  const doc = expectDoc(file.name, data.doc, docs, report);
  if (!doc) return [];
  const find = (quote: string, field: string): number | undefined => {
    const hits = doc.sentences.filter((s) => s.text.includes(quote));
    if (hits.length === 1) return hits[0]?.index;
    report(
      field,
      hits.length === 0
        ? `not found verbatim in any sentence of "${doc.id}": "${clip(quote, 70)}"`
        : `found in ${hits.length} sentences of "${doc.id}": quote more words so it names one`,
    );
    return undefined;
  };
  const passages: StoredPassage[] = [];
  data.passages.forEach((p, i) => {
    const first = find(p.quote, `passages[${i}].quote`);
    const last = p.through === undefined ? first : find(p.through, `passages[${i}].through`);
    if (first === undefined || last === undefined) return;
    if (last < first) {
      report(`passages[${i}].through`, "comes before the quote: name the passage's last sentence");
      return;
    }
    passages.push({ doc: doc.id, first, last, questions: { en: p.en, ru: p.ru } });
  });
  return passages;
}

/** The document a per-document file belongs to: named in `doc` and by the file name alike. */
function expectDoc(
  name: string,
  id: string,
  docs: ReadonlyMap<string, KnowledgeDocument>,
  report: Report,
): KnowledgeDocument | undefined {
  const expected = name.replace(/^.*\//u, "").replace(/\.yaml$/u, "");
  if (id !== expected) {
    report("doc", `must match the file name "${expected}"`);
    return undefined;
  }
  const doc = docs.get(id);
  if (!doc) report("doc", `unknown document id "${id}": add knowledge/${id}.md first`);
  return doc;
}

/** Parses YAML and validates it, reporting YAML errors and every schema issue by field. */
function validate<T extends v.GenericSchema>(
  name: string,
  content: string,
  schema: T,
  report: Report,
): v.InferOutput<T> | undefined {
  let raw: unknown;
  try {
    raw = parseYaml(content);
  } catch (error) {
    report(undefined, `not valid YAML (${firstLine(error)})`);
    return undefined;
  }
  if (raw === null || raw === undefined) {
    report(
      undefined,
      `is empty: see the comment at the top of the knowledge/${name} of the repository`,
    );
    return undefined;
  }
  return check(schema, raw, report);
}

function check<T extends v.GenericSchema>(
  schema: T,
  raw: unknown,
  report: Report,
): v.InferOutput<T> | undefined {
  const result = v.safeParse(schema, raw);
  if (result.success) return result.output;
  for (const issue of result.issues) report(fieldOf(issue), messageOf(issue));
  return undefined;
}

/** `[2].citations[0].quote`, the way editors find a field in a YAML list. */
function fieldOf(issue: v.BaseIssue<unknown>): string | undefined {
  const path = issue.path ?? [];
  let field = "";
  for (const item of path) {
    const key = (item as { key: unknown }).key;
    field += typeof key === "number" ? `[${key}]` : `${field === "" ? "" : "."}${String(key)}`;
  }
  return field === "" ? undefined : field;
}

function messageOf(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === "schema" && issue.type === "strict_object" && issue.input !== undefined) {
    return "unknown field: remove it or check its spelling";
  }
  if (issue.input === undefined && issue.expected !== "never") return "is missing";
  return issue.message;
}

function reportDuplicates(
  entries: readonly { id: string; file: string; field: string }[],
  what: string,
  problems: KnowledgeProblem[],
): void {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const first = seen.get(entry.id);
    if (first !== undefined) {
      problems.push({
        file: entry.file,
        field: entry.field,
        message: `duplicate ${what} "${entry.id}" (first in ${first})`,
      });
    } else {
      seen.set(entry.id, `${entry.file} ${entry.field}`);
    }
  }
}

const firstLine = (error: unknown) => String((error as Error).message).split("\n")[0];
const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;
const formatBytes = (n: number) =>
  n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${Math.ceil(n / 1000)} kB`;

/** Bump when the Knowledge model changes, so old snapshots are not read. */
const SNAPSHOT_FORMAT = 1;

/** SHA-256 over every file's name and content: names a snapshot beyond doubt. */
function digestFiles(files: readonly KnowledgeFile[]): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    hash.update(
      `${file.name}\0${(file as { oversize?: number }).oversize ?? ""}\0${file.content}\0`,
    );
  }
  return hash.digest("hex").slice(0, 32);
}

/** FNV-1a over every file: a short version that changes whenever knowledge changes. */
function hashFiles(files: readonly KnowledgeFile[]): string {
  let hash = 0x811c9dc5;
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const text of [file.name, "\0", file.content, "\0"]) {
      for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
      }
    }
  }
  return hash.toString(36).padStart(7, "0").slice(-6);
}
