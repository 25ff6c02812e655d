import { describe, expect, it } from "vitest";
import {
  formatProblem,
  KnowledgeError,
  type KnowledgeFile,
  loadKnowledge,
  normalizeSpace,
  parseKnowledge,
} from "../../src/search/corpus.js";
import { FIXTURE_FILES, fixtureKnowledge } from "./fixture.js";

/** The fixture with one file replaced (or removed when content is null); returns every problem as text. */
function problemsWith(name: string, content: string | null): string[] {
  const files: KnowledgeFile[] = FIXTURE_FILES.filter((f) => f.name !== name);
  if (content !== null) files.push({ name, content });
  try {
    parseKnowledge(files);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    return (error as KnowledgeError).problems.map(formatProblem);
  }
  throw new Error("expected the knowledge to be rejected");
}

const doc = (front: string, body = "Some text.") => `---\n${front}\n---\n\n${body}\n`;
const fixture = (name: string) => FIXTURE_FILES.find((f) => f.name === name)?.content ?? "";

describe("parseKnowledge", () => {
  it("loads the fixture: documents sorted by id, paragraphs normalised, a version hash", () => {
    const knowledge = fixtureKnowledge();
    expect(knowledge.documents.map((d) => d.id)).toEqual([
      "embassy-visit",
      "gamma-facts",
      "moscow-forum",
      "tokyo-official",
    ]);
    expect(knowledge.documents[0]?.paragraphs).toHaveLength(2);
    expect(knowledge.version).toMatch(/^[0-9a-z]{6}$/);
  });

  it("changes the version when any file changes", () => {
    const changed = fixtureKnowledge([
      {
        name: "embassy-visit.md",
        content: fixture("embassy-visit.md").replace("Tuesday,", "Wednesday,"),
      },
    ]);
    expect(changed.version).not.toBe(fixtureKnowledge().version);
  });

  it("names a document with no title", () => {
    expect(
      problemsWith("gamma-facts.md", doc("id: gamma-facts\nlanguage: en\ntags: []")),
    ).toContain("gamma-facts.md: title: is missing");
  });

  it("names an id that does not match the file name, and one that is not a slug", () => {
    expect(
      problemsWith("gamma-facts.md", doc("id: gamma\ntitle: T\nlanguage: en\ntags: []")),
    ).toContain('gamma-facts.md: id: must match the file name "gamma-facts"');
    expect(
      problemsWith("gamma-facts.md", doc("id: Gamma Facts\ntitle: T\nlanguage: en\ntags: []")).some(
        (p) => p.includes("id: must be a slug"),
      ),
    ).toBe(true);
  });

  it("names an unknown front-matter field (a typo would otherwise be silently ignored)", () => {
    const problems = problemsWith(
      "gamma-facts.md",
      doc("id: gamma-facts\ntitel: T\ntitle: T\nlanguage: en\ntags: []"),
    );
    expect(problems.some((p) => p.startsWith("gamma-facts.md: titel: unknown field"))).toBe(true);
  });

  it("names a document without front matter or body", () => {
    expect(problemsWith("gamma-facts.md", "Just text")[0]).toMatch(
      /^gamma-facts\.md: no front matter/,
    );
    expect(
      problemsWith("gamma-facts.md", doc("id: gamma-facts\ntitle: T\nlanguage: en\ntags: []", "")),
    ).toContain("gamma-facts.md: body: is empty: write the text below the front matter");
  });

  it("names a citation to an unknown document", () => {
    const clusters = fixture("clusters.yaml").replace("doc: gamma-facts", "doc: no-such-doc");
    expect(problemsWith("clusters.yaml", clusters)).toContain(
      'clusters.yaml: [0].citations[0].doc: unknown document id "no-such-doc"',
    );
  });

  it("names a quote that is not in its document verbatim", () => {
    const events = fixture("events.yaml").replace(
      "spoke at the forum in Moscow",
      "spoke at a forum in Moscow",
    );
    expect(problemsWith("events.yaml", events)).toContain(
      'events.yaml: [0].citations[0].quote: not found verbatim in document "moscow-forum": "spoke at a forum in Moscow"',
    );
  });

  it("finds quotes across line breaks and no-break spaces", () => {
    const events = fixture("events.yaml").replace(
      "spoke at the forum in Moscow",
      "spoke at\u00a0the forum\n        in Moscow",
    );
    expect(() => fixtureKnowledge([{ name: "events.yaml", content: events }])).not.toThrow();
  });

  it("names duplicate ids", () => {
    const events = `${fixture("events.yaml")}${fixture("events.yaml").replace(/^- id: forum[\s\S]*?(?=- id: visit)/u, "")}`;
    expect(problemsWith("events.yaml", events)).toContain(
      'events.yaml: [2].id: duplicate event id "visit" (first in events.yaml [1].id)',
    );
  });

  it("names an event of an unknown kind and a glossary entry without Russian", () => {
    expect(
      problemsWith("events.yaml", fixture("events.yaml").replace("kind: forum", "kind: party")),
    ).toContain(
      'events.yaml: [0].kind: "party" is not one of visit, forum, session, mission, meeting',
    );
    expect(problemsWith("glossary.yaml", "- kind: term\n  en: [word]\n")).toContain(
      "glossary.yaml: [0].ru: must be a list",
    );
  });

  it("names a missing data file and invalid YAML", () => {
    expect(problemsWith("glossary.yaml", null)).toContain(
      "glossary.yaml: missing: this data file is required",
    );
    expect(problemsWith("clusters.yaml", "- id: [unclosed")[0]).toMatch(
      /^clusters\.yaml: not valid YAML/,
    );
  });

  it("reports every problem at once, not just the first", () => {
    const events = fixture("events.yaml")
      .replace("kind: forum", "kind: party")
      .replace("arrived in Tomsk", "flew to Tomsk");
    expect(problemsWith("events.yaml", events)).toHaveLength(2);
  });
});

describe("knowledge/", () => {
  const knowledge = loadKnowledge("knowledge");

  it("loads and validates", () => {
    expect(knowledge.documents.length).toBeGreaterThanOrEqual(6);
    expect(knowledge.clusters.length).toBeGreaterThan(0);
    expect(knowledge.events.length).toBeGreaterThan(0);
    expect(knowledge.glossary.length).toBeGreaterThan(100);
  });

  it("has every citation of every cluster and event in its document, verbatim", () => {
    const bodies = new Map(
      knowledge.documents.map((d) => [d.id, normalizeSpace(d.paragraphs.join(" "))]),
    );
    const citations = [...knowledge.clusters, ...knowledge.events].flatMap((x) => x.citations);
    expect(citations.length).toBeGreaterThan(0);
    for (const { doc, quote } of citations)
      expect(bodies.get(doc), `${doc}: ${quote}`).toContain(quote);
  });
});
