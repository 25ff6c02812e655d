import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type {
  Citation,
  Cluster,
  GlossaryEntry,
  Knowledge,
  KnowledgeDocument,
  KnowledgeEvent,
  Localized,
} from "./types.js";

/** One thing wrong with knowledge/, located precisely enough for an editor to fix it. */
export interface KnowledgeProblem {
  readonly file: string;
  /** Dotted path of the offending field, e.g. `events[2].citations[0].quote`. */
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
 * problem (`knowledge/events.yaml: [2].kind: …`), or why the directory cannot
 * be read at all.
 */
export function explainKnowledgeFailure(error: unknown, dir: string): string {
  if (error instanceof KnowledgeError) {
    return error.problems.map((p) => `${dir}/${formatProblem(p)}`).join("\n");
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `KNOWLEDGE_DIR cannot be read ("${dir}"): ${reason}`;
}

/** A file of the knowledge directory: name relative to the directory, and its text. */
export interface KnowledgeFile {
  readonly name: string;
  readonly content: string;
}

export const DATA_FILES = {
  clusters: "clusters.yaml",
  events: "events.yaml",
  glossary: "glossary.yaml",
} as const;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const EVENT_KINDS = new Set(["visit", "forum", "session", "mission", "meeting"]);
const GLOSSARY_KINDS = new Set(["person", "place", "organisation", "programme", "cluster", "term"]);
const DOCUMENT_FIELDS = new Set(["id", "title", "date", "source", "language", "tags", "origin"]);

/** Reads every Markdown document and data file of a knowledge directory. */
export function readKnowledgeDir(dir: string): KnowledgeFile[] {
  const wanted = new Set<string>(Object.values(DATA_FILES));
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md") || wanted.has(name))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(dir, name), "utf8") }));
}

/**
 * Loads and validates a knowledge directory.
 * @throws KnowledgeError listing every problem found.
 */
export function loadKnowledge(dir: string): Knowledge {
  return parseKnowledge(readKnowledgeDir(dir));
}

/**
 * Parses and validates knowledge files (pure: no I/O, so tests feed it fixtures).
 * Collects every problem before throwing, so an editor fixes them in one pass.
 * @throws KnowledgeError
 */
export function parseKnowledge(files: readonly KnowledgeFile[]): Knowledge {
  const problems: KnowledgeProblem[] = [];
  const byName = new Map(files.map((f) => [f.name, f.content]));

  const documents: KnowledgeDocument[] = [];
  for (const file of files.filter((f) => f.name.endsWith(".md"))) {
    const doc = parseDocument(file, problems);
    if (doc) documents.push(doc);
  }
  reportDuplicates(
    documents.map((d) => ({ id: d.id, file: d.file, field: "id" })),
    "document id",
    problems,
  );
  if (documents.length === 0) {
    problems.push({ file: ".", message: "no documents: add at least one Markdown file" });
  }

  const bodies = new Map(documents.map((d) => [d.id, normalizeSpace(d.paragraphs.join(" "))]));
  const clusters = parseList(DATA_FILES.clusters, byName, problems, (item, at) =>
    parseCluster(item, at, bodies),
  );
  const events = parseList(DATA_FILES.events, byName, problems, (item, at) =>
    parseEvent(item, at, bodies),
  );
  const glossary = parseList(DATA_FILES.glossary, byName, problems, (item, at) =>
    parseGlossaryEntry(item, at),
  );
  reportDuplicates(
    clusters.map((c, i) => ({ id: c.id, file: DATA_FILES.clusters, field: `[${i}].id` })),
    "cluster id",
    problems,
  );
  reportDuplicates(
    events.map((e, i) => ({ id: e.id, file: DATA_FILES.events, field: `[${i}].id` })),
    "event id",
    problems,
  );

  if (problems.length > 0) throw new KnowledgeError(problems);
  documents.sort((a, b) => a.id.localeCompare(b.id));
  return Object.freeze({
    documents,
    clusters,
    events,
    glossary,
    version: hashFiles(files),
  });
}

/** Collapses every run of white space (including no-break spaces) into one space. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

function parseDocument(
  file: KnowledgeFile,
  problems: KnowledgeProblem[],
): KnowledgeDocument | null {
  const at = (field: string, message: string) => problems.push({ file: file.name, field, message });
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/u.exec(file.content);
  if (!match) {
    problems.push({
      file: file.name,
      message: "no front matter: start the file with a --- block holding id, title, language, tags",
    });
    return null;
  }
  let meta: unknown;
  try {
    meta = parseYaml(match[1] ?? "");
  } catch (error) {
    at("front matter", `not valid YAML (${(error as Error).message.split("\n")[0]})`);
    return null;
  }
  if (!isRecord(meta)) {
    at("front matter", "must be a mapping of fields");
    return null;
  }
  for (const key of Object.keys(meta)) {
    if (!DOCUMENT_FIELDS.has(key))
      at(key, `unknown field (allowed: ${[...DOCUMENT_FIELDS].join(", ")})`);
  }
  const expectedId = file.name.replace(/\.md$/u, "");
  const id = requireString(meta.id, "id", at);
  if (id !== undefined && !SLUG.test(id)) at("id", "must be a slug of a-z, 0-9 and single hyphens");
  if (id !== undefined && id !== expectedId) at("id", `must match the file name "${expectedId}"`);
  const title = requireString(meta.title, "title", at);
  const language = requireString(meta.language, "language", at);
  const date = optionalString(meta.date, "date", at);
  const source = optionalString(meta.source, "source", at);
  const origin = optionalString(meta.origin, "origin", at);
  const tags = stringList(meta.tags, "tags", at, { allowEmpty: true });
  const paragraphs = (match[2] ?? "")
    .split(/\r?\n\s*\r?\n/u)
    .map(normalizeSpace)
    .filter((p) => p.length > 0);
  if (paragraphs.length === 0) at("body", "is empty: write the text below the front matter");
  if (
    id === undefined ||
    title === undefined ||
    language === undefined ||
    paragraphs.length === 0
  ) {
    return null;
  }
  return {
    id,
    title,
    language,
    tags: tags ?? [],
    paragraphs,
    file: file.name,
    ...(date !== undefined && { date }),
    ...(source !== undefined && { source }),
    ...(origin !== undefined && { origin }),
  };
}

function parseList<T>(
  name: string,
  files: Map<string, string>,
  problems: KnowledgeProblem[],
  parseItem: (item: unknown, at: Reporter) => T | null,
): T[] {
  const content = files.get(name);
  if (content === undefined) {
    problems.push({ file: name, message: "missing: this data file is required" });
    return [];
  }
  let data: unknown;
  try {
    data = parseYaml(content);
  } catch (error) {
    problems.push({
      file: name,
      message: `not valid YAML (${(error as Error).message.split("\n")[0]})`,
    });
    return [];
  }
  if (!Array.isArray(data)) {
    problems.push({ file: name, message: "must be a YAML list of entries" });
    return [];
  }
  const items: T[] = [];
  data.forEach((item, index) => {
    const at: Reporter = (field, message) =>
      problems.push({ file: name, field: `[${index}]${field ? `.${field}` : ""}`, message });
    if (!isRecord(item)) {
      at("", "must be a mapping of fields");
      return;
    }
    const parsed = parseItem(item, at);
    if (parsed) items.push(parsed);
  });
  return items;
}

type Reporter = (field: string, message: string) => void;

function parseCluster(item: unknown, at: Reporter, bodies: Map<string, string>): Cluster | null {
  const record = item as Record<string, unknown>;
  const id = requireSlug(record.id, "id", at);
  const name = localized(record.name, "name", at);
  const description = localized(record.description, "description", at);
  const citations = parseCitations(record.citations, at, bodies);
  if (!id || !name || !description || !citations) return null;
  return { id, name, description, citations };
}

function parseEvent(
  item: unknown,
  at: Reporter,
  bodies: Map<string, string>,
): KnowledgeEvent | null {
  const record = item as Record<string, unknown>;
  const id = requireSlug(record.id, "id", at);
  const kind = requireString(record.kind, "kind", at);
  if (kind !== undefined && !EVENT_KINDS.has(kind)) {
    at("kind", `"${kind}" is not one of ${[...EVENT_KINDS].join(", ")}`);
  }
  const title = localized(record.title, "title", at);
  const when = optionalString(record.when, "when", at);
  const where = record.where === undefined ? undefined : localized(record.where, "where", at);
  const who = stringList(record.who, "who", at, { allowEmpty: true }) ?? [];
  const summary = localized(record.summary, "summary", at);
  const doc = requireString(record.doc, "doc", at);
  if (doc !== undefined && !bodies.has(doc)) at("doc", `unknown document id "${doc}"`);
  const citations = parseCitations(record.citations, at, bodies);
  if (!id || !kind || !EVENT_KINDS.has(kind) || !title || !summary || !doc || !citations)
    return null;
  if (record.where !== undefined && !where) return null;
  return {
    id,
    kind: kind as KnowledgeEvent["kind"],
    title,
    who,
    summary,
    doc,
    citations,
    ...(when !== undefined && { when }),
    ...(where && { where }),
  };
}

function parseGlossaryEntry(item: unknown, at: Reporter): GlossaryEntry | null {
  const record = item as Record<string, unknown>;
  const kind = requireString(record.kind, "kind", at);
  if (kind !== undefined && !GLOSSARY_KINDS.has(kind)) {
    at("kind", `"${kind}" is not one of ${[...GLOSSARY_KINDS].join(", ")}`);
  }
  const en = stringList(record.en, "en", at);
  const ru = stringList(record.ru, "ru", at);
  if (!kind || !GLOSSARY_KINDS.has(kind) || !en || !ru) return null;
  return { kind: kind as GlossaryEntry["kind"], en, ru };
}

function parseCitations(
  value: unknown,
  at: Reporter,
  bodies: Map<string, string>,
): Citation[] | null {
  if (!Array.isArray(value) || value.length === 0) {
    at("citations", "must list at least one { doc, quote }");
    return null;
  }
  const citations: Citation[] = [];
  let ok = true;
  value.forEach((raw, i) => {
    const field = `citations[${i}]`;
    if (!isRecord(raw)) {
      at(field, "must be a mapping with doc and quote");
      ok = false;
      return;
    }
    const doc = requireString(raw.doc, `${field}.doc`, at);
    const quote = requireString(raw.quote, `${field}.quote`, at);
    if (doc === undefined || quote === undefined) {
      ok = false;
      return;
    }
    const body = bodies.get(doc);
    if (body === undefined) {
      at(`${field}.doc`, `unknown document id "${doc}"`);
      ok = false;
    } else if (!body.includes(normalizeSpace(quote))) {
      at(`${field}.quote`, `not found verbatim in document "${doc}": "${quote}"`);
      ok = false;
    }
    citations.push({ doc, quote: normalizeSpace(quote) });
  });
  return ok ? citations : null;
}

function localized(value: unknown, field: string, at: Reporter): Localized | null {
  if (!isRecord(value)) {
    at(field, "must have an en and a ru text");
    return null;
  }
  const en = requireString(value.en, `${field}.en`, at);
  const ru = requireString(value.ru, `${field}.ru`, at);
  return en !== undefined && ru !== undefined ? { en, ru } : null;
}

function requireSlug(value: unknown, field: string, at: Reporter): string | undefined {
  const id = requireString(value, field, at);
  if (id !== undefined && !SLUG.test(id)) {
    at(field, `"${id}" must be a slug of a-z, 0-9 and single hyphens`);
    return undefined;
  }
  return id;
}

function requireString(value: unknown, field: string, at: Reporter): string | undefined {
  if (value === undefined || value === null) {
    at(field, "is missing");
    return undefined;
  }
  if (typeof value !== "string" && typeof value !== "number") {
    at(field, "must be text");
    return undefined;
  }
  const text = normalizeSpace(String(value));
  if (text === "") {
    at(field, "is empty");
    return undefined;
  }
  return text;
}

function optionalString(value: unknown, field: string, at: Reporter): string | undefined {
  return value === undefined || value === null ? undefined : requireString(value, field, at);
}

function stringList(
  value: unknown,
  field: string,
  at: Reporter,
  { allowEmpty = false } = {},
): string[] | undefined {
  if (!Array.isArray(value)) {
    at(field, "must be a list");
    return undefined;
  }
  if (!allowEmpty && value.length === 0) {
    at(field, "must not be empty");
    return undefined;
  }
  const items: string[] = [];
  value.forEach((item, i) => {
    const text = requireString(item, `${field}[${i}]`, at);
    if (text !== undefined) items.push(text);
  });
  return items.length === value.length ? items : undefined;
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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
