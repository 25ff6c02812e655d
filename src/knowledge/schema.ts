/**
 * The one schema of every knowledge file, as valibot schemas: the loader
 * validates with them and the raw types are derived from them, so a field
 * cannot be documented in one place and checked differently in another.
 * Cross-file rules (a quote must occur in its document, a translation must
 * follow its document's sentences) are checked by the loader after these.
 */
import * as v from "valibot";
import { normalizeSpace } from "./sentences.js";
import { EVENT_KINDS, GLOSSARY_KINDS, TOPIC_KINDS } from "./types.js";

/** Text: YAML reads `2035` as a number, so numbers are taken as their text. */
const Text = v.pipe(
  v.union([v.string(), v.number()], "must be text"),
  v.transform((value) => normalizeSpace(String(value))),
  v.nonEmpty("is empty"),
);
const TextList = v.array(Text, "must be a list of texts");
const NonEmptyTextList = v.pipe(TextList, v.minLength(1, "must not be empty"));
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;
const Slug = v.pipe(Text, v.regex(SLUG_PATTERN, "must be a slug of a-z, 0-9 and single hyphens"));

const Localized = v.strictObject({ en: Text, ru: Text }, "must have an en and a ru text");
const Names = v.strictObject(
  { en: NonEmptyTextList, ru: NonEmptyTextList },
  "must list en and ru names",
);
const Citation = v.strictObject({ doc: Slug, quote: Text }, "must be a mapping with doc and quote");
const Citations = v.pipe(
  v.array(Citation, "must list { doc, quote }"),
  v.minLength(1, "must list at least one { doc, quote }"),
);

/** The front matter of a knowledge/<id>.md document. */
export const DocumentMeta = v.strictObject(
  {
    id: Slug,
    title: Text,
    date: v.optional(Text),
    source: v.optional(Text),
    language: Text,
    tags: v.optional(TextList, []),
    origin: v.optional(Text),
  },
  "must be a mapping of id, title, language, tags (and date, source, origin)",
);

export const ClusterEntry = v.strictObject({
  id: Slug,
  name: Localized,
  aliases: v.optional(
    v.strictObject({ en: v.optional(TextList, []), ru: v.optional(TextList, []) }),
    { en: [], ru: [] },
  ),
  description: Localized,
  citations: Citations,
});

export const EventEntry = v.strictObject({
  id: Slug,
  kind: v.picklist(EVENT_KINDS, `must be one of ${EVENT_KINDS.join(", ")}`),
  title: Localized,
  when: v.optional(Localized),
  where: v.optional(Localized),
  who: v.optional(TextList, []),
  summary: Localized,
  doc: Slug,
  citations: Citations,
});

export const TopicEntry = v.strictObject({
  id: Slug,
  kind: v.picklist(TOPIC_KINDS, `must be one of ${TOPIC_KINDS.join(", ")}`),
  names: Names,
  summary: Localized,
  unknown: v.optional(Localized),
  citations: Citations,
});

export const GlossaryItem = v.strictObject({
  kind: v.picklist(GLOSSARY_KINDS, `must be one of ${GLOSSARY_KINDS.join(", ")}`),
  en: NonEmptyTextList,
  ru: NonEmptyTextList,
});

/** knowledge/ru/<doc>.yaml: a document's Russian translation, sentence by sentence. */
export const TranslationFile = v.strictObject({
  doc: Slug,
  status: v.picklist(["reviewed", "draft"], "must be reviewed or draft"),
  title: Text,
  date: v.optional(Text),
  source: v.optional(Text),
  sentences: v.array(v.strictObject({ en: Text, ru: Text }), "must list { en, ru } sentences"),
});

/** knowledge/questions/<doc>.yaml: the questions each passage of a document answers. */
export const QuestionsFile = v.strictObject({
  doc: Slug,
  passages: v.array(
    v.strictObject({
      quote: Text,
      through: v.optional(Text),
      en: v.pipe(TextList, v.minLength(1, "must list at least one question")),
      ru: v.pipe(TextList, v.minLength(1, "must list at least one question")),
    }),
    "must list passages",
  ),
});

export const listOf = <T extends v.GenericSchema>(item: T) =>
  v.array(item, "must be a YAML list of entries");

export type DocumentMetaInput = v.InferOutput<typeof DocumentMeta>;
export type TranslationInput = v.InferOutput<typeof TranslationFile>;
export type QuestionsInput = v.InferOutput<typeof QuestionsFile>;
