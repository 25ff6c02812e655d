import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  explainKnowledgeFailure,
  formatProblem,
  KnowledgeError,
  type KnowledgeFile,
  knowledgeWarnings,
  loadKnowledge,
  parseKnowledge,
} from "../../src/knowledge/load.js";
import { normalizeSpace } from "../../src/knowledge/sentences.js";
import { FIXTURE_FILES, fixtureFile, fixtureKnowledge } from "./fixture.js";

/** Every problem, as text, of the fixture with one file replaced (or removed when content is null). */
function problemsWith(
  name: string,
  content: string | null,
  limits?: Parameters<typeof parseKnowledge>[1],
): string[] {
  const files: KnowledgeFile[] = FIXTURE_FILES.filter((f) => f.name !== name);
  if (content !== null) files.push({ name, content });
  try {
    parseKnowledge(files, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    return (error as KnowledgeError).problems.map(formatProblem);
  }
  throw new Error("expected the knowledge to be rejected");
}

const doc = (front: string, body = "Some text.") => `---\n${front}\n---\n\n${body}\n`;

describe("documents", () => {
  it("loads the fixture: documents sorted by id, sentences numbered, a version hash", () => {
    const knowledge = fixtureKnowledge();
    expect(knowledge.documents.map((d) => d.id)).toEqual([
      "embassy-visit",
      "gamma-facts",
      "moscow-forum",
      "tokyo-official",
    ]);
    const visit = knowledge.documents[0];
    expect(visit?.paragraphs).toHaveLength(2);
    expect(visit?.sentences.map((s) => [s.index, s.paragraph])).toEqual([
      [0, 0],
      [1, 0],
      [2, 1],
      [3, 1],
    ]);
    expect(knowledge.version).toMatch(/^[0-9a-z]{6}$/);
  });

  it("changes the version when any file changes", () => {
    const changed = fixtureKnowledge([
      {
        name: "tokyo-official.md",
        content: fixtureFile("tokyo-official.md").replace("praised", "liked"),
      },
    ]);
    expect(changed.version).not.toBe(fixtureKnowledge().version);
  });

  it("names a document with no title, an id unlike its file name, an unknown field", () => {
    expect(problemsWith("tokyo-official.md", doc("id: tokyo-official\nlanguage: en"))).toContain(
      "tokyo-official.md: title: is missing",
    );
    expect(problemsWith("tokyo-official.md", doc("id: tokyo\ntitle: T\nlanguage: en"))).toContain(
      'tokyo-official.md: id: must match the file name "tokyo-official"',
    );
    expect(
      problemsWith(
        "tokyo-official.md",
        doc("id: tokyo-official\ntitel: T\ntitle: T\nlanguage: en"),
      ),
    ).toContain("tokyo-official.md: titel: unknown field: remove it or check its spelling");
  });

  it("names a document without front matter or body", () => {
    expect(problemsWith("tokyo-official.md", "Just text")[0]).toMatch(
      /^tokyo-official\.md: no front matter/,
    );
    expect(
      problemsWith("tokyo-official.md", doc("id: tokyo-official\ntitle: T\nlanguage: en", "")),
    ).toContain("tokyo-official.md: body: is empty: write the text below the front matter");
  });

  it("refuses a file over the size limit and a document over the sentence limit, by name", () => {
    const big = doc("id: tokyo-official\ntitle: T\nlanguage: en", "Word. ".repeat(1_000));
    expect(
      problemsWith("tokyo-official.md", big, { maxFileBytes: 5_000, maxSentences: 5_000 }),
    ).toEqual([
      "tokyo-official.md: is 7 kB, over the limit of 5 kB: split it into smaller documents",
    ]);
    expect(
      problemsWith("tokyo-official.md", big, { maxFileBytes: 1_000_000, maxSentences: 100 }),
    ).toEqual(["tokyo-official.md: body: has 1000 sentences, over the limit of 100: split it"]);
  });

  it("does not read a file over the limit from disk at all", () => {
    const dir = mkdtempSync(join(tmpdir(), "knowledge-"));
    writeFileSync(join(dir, "huge.md"), doc("id: huge\ntitle: T\nlanguage: en", "x".repeat(5_000)));
    expect(() => loadKnowledge(dir, { limits: { maxFileBytes: 1_000, maxSentences: 10 } })).toThrow(
      /huge\.md: is \d+ kB, over the limit of 1 kB/,
    );
  });
});

describe("cards and glossary", () => {
  it("names a citation to an unknown document and a quote that is not verbatim", () => {
    const clusters = fixtureFile("clusters.yaml").replace("doc: gamma-facts", "doc: no-such-doc");
    expect(problemsWith("clusters.yaml", clusters)).toContain(
      'clusters.yaml: [0].citations[0].doc: unknown document id "no-such-doc"',
    );
    const events = fixtureFile("events.yaml").replace(
      "spoke at the forum in Moscow",
      "spoke at a forum in Moscow",
    );
    expect(problemsWith("events.yaml", events)).toContain(
      'events.yaml: [0].citations[0].quote: not found verbatim in document "moscow-forum": "spoke at a forum in Moscow"',
    );
  });

  it("finds quotes across line breaks and no-break spaces", () => {
    const events = fixtureFile("events.yaml").replace(
      "spoke at the forum in Moscow",
      "spoke at\u00a0the forum\n        in Moscow",
    );
    expect(() => fixtureKnowledge([{ name: "events.yaml", content: events }])).not.toThrow();
  });

  it("names duplicate ids, an unknown kind and a missing field of a topic", () => {
    const topics = fixtureFile("topics.yaml");
    expect(problemsWith("topics.yaml", `${topics}${topics}`)).toContain(
      'topics.yaml: [2].id: duplicate id "marco-rossi" (first in topics.yaml [0].id)',
    );
    expect(problemsWith("topics.yaml", topics.replace("kind: person", "kind: hero"))).toContain(
      "topics.yaml: [0].kind: must be one of person, organisation, company, programme, facility, network, place, forum",
    );
    expect(problemsWith("topics.yaml", topics.replace(/ {2}summary:.*\n/u, ""))).toContain(
      "topics.yaml: [0].summary: is missing",
    );
  });

  it("names a glossary entry without Russian, and invalid YAML", () => {
    expect(problemsWith("glossary.yaml", "- kind: term\n  en: [word]\n")).toContain(
      "glossary.yaml: [0].ru: is missing",
    );
    expect(problemsWith("clusters.yaml", "- id: [unclosed")[0]).toMatch(
      /^clusters\.yaml: not valid YAML/,
    );
  });

  it("reports every problem at once, not just the first", () => {
    const events = fixtureFile("events.yaml")
      .replace("kind: forum", "kind: party")
      .replace("arrived in Tomsk", "flew to Tomsk");
    expect(problemsWith("events.yaml", events)).toHaveLength(2);
  });

  it("needs no data file but a document: a knowledge base can be one text", () => {
    const knowledge = parseKnowledge([
      { name: "one.md", content: doc("id: one\ntitle: One\nlanguage: en") },
    ]);
    expect(knowledge.documents).toHaveLength(1);
    expect(knowledge.topics).toEqual([]);
  });
});

describe("translations", () => {
  const visit = () => fixtureKnowledge().documents.find((d) => d.id === "embassy-visit");

  it("attach a reviewed Russian sentence to each sentence, and the Russian title, date and source", () => {
    expect(visit()?.sentences[0]?.ru).toBe("Во вторник посол Италии Марко Росси прибыл в Томск.");
    expect(visit()?.ru).toEqual({
      title: "Посол Италии посетил Томск",
      date: "во вторник",
      source: "Администрация области",
      status: "reviewed",
    });
  });

  it("name a translated sentence that is not the document's, by position", () => {
    const ru = fixtureFile("ru/embassy-visit.yaml").replace(
      "He met the regional",
      "He greeted the regional",
    );
    expect(problemsWith("ru/embassy-visit.yaml", ru)).toContain(
      'ru/embassy-visit.yaml: sentences[1].en: is not the document\'s sentence 1, which reads "He met the regional leadership at the administration."',
    );
  });

  it("name a missing sentence, a date the document does not state, and an unknown document", () => {
    const ru = fixtureFile("ru/embassy-visit.yaml");
    const short = ru.slice(0, ru.indexOf("  - en: Some of them"));
    expect(problemsWith("ru/embassy-visit.yaml", short)).toContain(
      'ru/embassy-visit.yaml: sentences[3]: missing: translate "Some of them run academic mobility programs."',
    );
    const gamma = ru.replace("doc: embassy-visit", "doc: gamma-facts");
    expect(problemsWith("ru/gamma-facts.yaml", gamma)).toContain(
      "ru/gamma-facts.yaml: date: the document states no date, so its translation cannot have one",
    );
    expect(problemsWith("ru/nope.yaml", ru.replace("doc: embassy-visit", "doc: nope"))).toContain(
      'ru/nope.yaml: doc: unknown document id "nope": add knowledge/nope.md first',
    );
  });
});

describe("stored questions", () => {
  it("point at the sentences their quotes name, through the last one", () => {
    const knowledge = fixtureKnowledge();
    const tasks = knowledge.passages.find((p) => p.doc === "moscow-forum");
    expect(tasks).toMatchObject({ first: 4, last: 7 });
    expect(tasks?.questions.ru).toContain("задачи губернатора");
  });

  it("name a quote found in no sentence or in several, and a passage that ends before it starts", () => {
    const questions = fixtureFile("questions/moscow-forum.yaml");
    expect(
      problemsWith(
        "questions/moscow-forum.yaml",
        questions.replace("The governor named three tasks.", "The mayor named"),
      ),
    ).toContain(
      'questions/moscow-forum.yaml: passages[0].quote: not found verbatim in any sentence of "moscow-forum": "The mayor named"',
    );
    expect(
      problemsWith(
        "questions/moscow-forum.yaml",
        questions.replace("The governor named three tasks.", "Tomsk"),
      ),
    ).toContain(
      'questions/moscow-forum.yaml: passages[0].quote: found in 3 sentences of "moscow-forum": quote more words so it names one',
    );
    const backwards = questions.replace(
      "Finally, attract investors.",
      "Governor Ivan Petrov spoke",
    );
    expect(problemsWith("questions/moscow-forum.yaml", backwards)).toContain(
      "questions/moscow-forum.yaml: passages[0].through: comes before the quote: name the passage's last sentence",
    );
  });

  it("leave warnings for untranslated documents and sentences without questions", () => {
    const warnings = knowledgeWarnings(fixtureKnowledge()).map(formatProblem);
    expect(warnings).toContain(
      "ru/gamma-facts.yaml: missing: Russian speakers will read this document in English",
    );
    expect(warnings).toContain(
      'questions/gamma-facts.yaml: sentence 2 has no stored questions: "3. The Tomsk region hopes the project will attract investors."',
    );
    expect(warnings.some((w) => w.startsWith("ru/embassy-visit.yaml"))).toBe(false);
  });
});

describe("loadKnowledge with a cache", () => {
  it("keeps a snapshot of what it validated, reads it back, and misses it after any change", () => {
    const dir = mkdtempSync(join(tmpdir(), "knowledge-"));
    const cacheDir = join(dir, ".cache");
    for (const file of FIXTURE_FILES) {
      mkdirSync(dirname(join(dir, file.name)), { recursive: true });
      writeFileSync(join(dir, file.name), file.content);
    }
    const first = loadKnowledge(dir, { cacheDir });
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect(loadKnowledge(dir, { cacheDir })).toEqual(first);
    // A broken file is found even with a snapshot of the old files at hand.
    writeFileSync(join(dir, "clusters.yaml"), "- id: [unclosed");
    expect(() => loadKnowledge(dir, { cacheDir })).toThrow(KnowledgeError);
  });
});

describe("explainKnowledgeFailure", () => {
  it("prefixes each problem with the directory, or says the directory cannot be read", () => {
    const error = new KnowledgeError([{ file: "a.md", field: "title", message: "is missing" }]);
    expect(explainKnowledgeFailure(error, "kb")).toBe("kb/a.md: title: is missing");
    expect(explainKnowledgeFailure(new Error("ENOENT"), "kb")).toBe(
      'KNOWLEDGE_DIR cannot be read ("kb"): ENOENT',
    );
  });
});

describe("knowledge/", () => {
  const knowledge = loadKnowledge("knowledge");

  it("loads, with every document translated and reviewed", () => {
    expect(knowledge.documents.length).toBeGreaterThanOrEqual(6);
    for (const d of knowledge.documents) expect(d.ru?.status, d.id).toBe("reviewed");
    expect(knowledge.topics.length).toBeGreaterThan(30);
  });

  it("has stored questions, three or more in each language, for every sentence", () => {
    for (const d of knowledge.documents) {
      for (const s of d.sentences) {
        const own = knowledge.passages.filter(
          (p) => p.doc === d.id && p.first <= s.index && s.index <= p.last,
        );
        const count = (lang: "en" | "ru") => own.reduce((n, p) => n + p.questions[lang].length, 0);
        expect(count("en"), `${d.id} #${s.index}`).toBeGreaterThanOrEqual(3);
        expect(count("ru"), `${d.id} #${s.index}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it("quotes every card's citations verbatim", () => {
    const bodies = new Map(
      knowledge.documents.map((d) => [d.id, normalizeSpace(d.paragraphs.join(" "))]),
    );
    const citations = [...knowledge.clusters, ...knowledge.events, ...knowledge.topics].flatMap(
      (x) => x.citations,
    );
    for (const { doc: id, quote } of citations)
      expect(bodies.get(id), `${id}: ${quote}`).toContain(quote);
  });
});
