import { describe, expect, it } from "vitest";
import { createSearchEngine } from "../../src/search/engine.js";
import { engine, knowledge, LEXICON, texts } from "./support.js";

describe("answers", () => {
  it("quote the passage that answers, with where it comes from", () => {
    const [answer] = engine.ask("how many jobs will the gamma project create").answers;
    expect(answer).toMatchObject({
      kind: "passage",
      docId: "gamma-facts",
      title: "Gamma project in facts",
      text: "1. 160 thousand highly-efficient workplaces will be created before 2020 as a result of the Gamma project.",
    });
    const marked = answer?.highlights.map((h) => answer.text.slice(h.start, h.end));
    expect(marked).toEqual(["workplaces", "created", "Gamma project"]);
  });

  it("carry the reviewed translation and the Russian title, date and source", () => {
    const [answer] = engine.ask("когда приехал посол").answers;
    expect(answer).toMatchObject({
      ru: "Во вторник посол Италии Марко Росси прибыл в Томск.",
      titleRu: "Посол Италии посетил Томск",
      date: "Tuesday",
      dateRu: "во вторник",
      sourceRu: "Администрация области",
    });
    expect(answer?.quotes[0]?.highlightsRu.length).toBeGreaterThan(0);
  });

  it("leave the translation out when a sentence has none", () => {
    expect(
      engine.ask("how many jobs will the gamma project create").answers[0]?.ru,
    ).toBeUndefined();
  });

  it("give a passage that starts mid-thought the sentence it leans on", () => {
    const [answer] = engine.ask("who met the regional leadership").answers;
    expect(answer?.text).toBe("He met the regional leadership at the administration.");
    expect(answer?.context.map((q) => q.text)).toEqual([
      "On Tuesday, the Italian Ambassador Marco Rossi arrived in Tomsk.",
    ]);
  });

  it("give a list asked for as a list in one reply, each item its own quote", () => {
    const [answer] = engine.ask("what are the governor's three tasks").answers;
    expect(answer?.quotes.map((q) => q.text)).toEqual([
      "The governor named three tasks.",
      "First, build roads.",
      "Second, train engineers.",
      "Finally, attract investors.",
    ]);
  });

  it("open a card for 'who is', 'tell me about' and a bare name, with its best quote as evidence", () => {
    for (const question of ["who is Marco Rossi", "расскажи про Росси", "Rossi"]) {
      const result = engine.ask(question);
      expect(result, question).toMatchObject({ tier: "answer", reason: "card" });
      expect(result.answers[0]?.card, question).toEqual({ kind: "topic", id: "marco-rossi" });
      expect(result.answers[0]?.text, question).toBe(
        "On Tuesday, the Italian Ambassador Marco Rossi arrived in Tomsk.",
      );
    }
  });

  it("pick the card's quote that shares most with the question", () => {
    const [answer] = engine.ask("Gamma project workplaces").answers;
    expect(answer?.text).toMatch(/160 thousand highly-efficient workplaces/);
    expect(engine.ask("Gamma").answers[0]?.text).toMatch(/based on 3 clusters/);
  });

  it("name the clusters, events and topics the passage speaks of", () => {
    const [clusters] = engine.ask("what clusters is gamma based on").answers;
    expect(clusters?.related).toEqual({ clusters: ["oil"], events: [], topics: ["gamma"] });
  });

  it("never quote the same sentence twice in one result", () => {
    const sentences = engine
      .ask("governor", { limit: 10 })
      .answers.flatMap((a) => a.quotes.map((q) => `${a.docId}#${q.index}`));
    expect(new Set(sentences).size).toBe(sentences.length);
  });
});

describe("languages and spelling", () => {
  it("reads Russian typed in Latin letters like its Cyrillic twin", () => {
    const latin = engine.ask("kogda posol pribyl v tomsk");
    const cyrillic = engine.ask("когда посол прибыл в томск");
    expect(latin.questionLang).toBe("ru");
    expect(latin.answers[0]?.passageKey).toBe(cyrillic.answers[0]?.passageKey);
    expect(latin.tier).toBe("answer");
  });

  it("corrects typos to words of the texts and says how it read the question", () => {
    const result = engine.ask("univercities in tomks");
    expect(result.answers[0]?.text).toBe("All Tomsk universities have partners in Italy.");
    expect(result.corrected).toBe("universities in tomsk");
  });

  it("offers a guess two edits away only as 'did you mean', when the guess is answered", () => {
    const result = engine.ask("rasatim");
    expect(result.tier).toBe("decline");
    expect(result.suggestions).toContainEqual({ kind: "didYouMean", text: "rosatom" });
  });
});

describe("honest confidence", () => {
  it("declines a question that shares only a common word with the texts", () => {
    const result = engine.ask("What is the population of Tomsk?");
    expect(result).toMatchObject({ tier: "decline", noAnswer: true, answers: [] });
  });

  it("hedges, showing the closest passages, when a passage covers the question but not what it asks", () => {
    // 66 billion rubles is what all three companies bought together.
    const result = engine.ask("how much did gazprom buy");
    expect(result).toMatchObject({ tier: "hedge", reason: "part-of-total", noAnswer: true });
    expect(result.answers.length).toBeGreaterThan(0);
  });

  it("does not answer 'which X' when the texts never mention X", () => {
    expect(engine.ask("which italian cities are partners of tomsk universities").tier).toBe(
      "hedge",
    );
  });

  it("does not answer for a role nobody in the texts holds next to a name", () => {
    expect(engine.ask("who is the mayor of Moscow").noAnswer).toBe(true);
    expect(engine.ask("кто мэр Томска").noAnswer).toBe(true);
  });

  it("declines a question of stop words only", () => {
    expect(engine.ask("what is it?")).toMatchObject({ tier: "decline", reason: "no-words" });
    expect(engine.ask("").noAnswer).toBe(true);
  });

  it("offers related cards when declining", () => {
    const result = engine.ask("Moscow population density statistics");
    expect(result.tier).toBe("decline");
    expect(result.suggestions).toContainEqual({ kind: "event", id: "forum" });
  });
});

describe("keys and lookups", () => {
  it("rebuild an answer from its key, the way buttons do after a restart", () => {
    const [answer] = engine.ask("how many jobs will the gamma project create").answers;
    const again = createSearchEngine(knowledge, { lexicon: LEXICON }).answerByKey(
      answer?.passageKey ?? "",
      "jobs",
    );
    expect(again?.text).toBe(answer?.text);
    expect(again?.highlights.map((h) => again.text.slice(h.start, h.end))).toEqual(["workplaces"]);
    expect(engine.answerByKey("zz.99")).toBeUndefined();
  });

  it("give the next passage of the same document, and nothing after the last", () => {
    expect(engine.nextAnswer("0.0")?.text).toBe(
      "He met the regional leadership at the administration.",
    );
    expect(engine.nextAnswer("0.3")).toBeUndefined();
  });

  it("find documents, clusters, events and topics by id; events in date order", () => {
    expect(engine.document("gamma-facts")?.title).toBe("Gamma project in facts");
    expect(engine.cluster("oil")?.name.en).toBe("Oil cluster");
    expect(engine.event("forum")?.when?.ru).toBe("12 ноября");
    expect(engine.topic("marco-rossi")?.unknown?.en).toMatch(/how long he stayed/);
    expect(engine.document("nope")).toBeUndefined();
    expect(engine.eventsInDateOrder().map((e) => e.id)).toEqual(["forum", "visit"]);
  });
});

it("answers from the same knowledge the same way every time", () => {
  expect(texts("how many jobs will the gamma project create")).toEqual(
    texts("how many jobs will the gamma project create"),
  );
});
