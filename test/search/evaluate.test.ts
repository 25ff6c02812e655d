import { describe, expect, it } from "vitest";
import { evaluate, parseEvalFile, replyText } from "../../src/search/evaluate.js";
import { engine } from "./support.js";

const line = (o: object) => JSON.stringify({ lang: "en", kind: "fact", answer_any: [], ...o });

describe("evaluate", () => {
  it("counts a hit when the first answer contains an expected string, case-insensitively", () => {
    const items = parseEvalFile(
      [
        line({
          id: "a",
          question: "how many jobs will gamma create",
          answer_any: ["160 THOUSAND"],
        }),
        line({
          id: "b",
          question: "how many jobs will gamma create",
          answer_any: ["no such text"],
        }),
        line({ id: "c", kind: "none", question: "what is the population of Tomsk" }),
        line({
          id: "d",
          kind: "none",
          lang: "ru",
          question: "Сколько рабочих мест создаст проект Гамма?",
        }),
      ].join("\n"),
    );
    const report = evaluate(engine, items);
    expect(report.outcomes.map((o) => o.hit1)).toEqual([true, false, true, false]);
    expect(report.overall).toMatchObject({ count: 4, hit1: 0.5, hit3: 0.5, mrr: 0.5 });
    // b answered and should have: a right decision; d answered but should have declined.
    expect(report.overall.declineAccuracy).toBe(0.75);
    expect(report.byLang.ru?.hit1).toBe(0);
    expect(report.misses.map((m) => m.item.id)).toEqual(["b", "d"]);
  });

  it("counts a hedge as not answering: right for an unanswerable question, wrong for another", () => {
    // "how much did gazprom buy": 66 billion is a total over three companies, so the engine hedges.
    expect(engine.ask("how much did gazprom buy").tier).toBe("hedge");
    const items = parseEvalFile(
      [
        line({ id: "a", kind: "none", question: "how much did gazprom buy" }),
        line({ id: "b", kind: "false_premise", question: "how much did gazprom buy" }),
        line({ id: "c", question: "how much did gazprom buy", answer_any: ["66 billion"] }),
      ].join("\n"),
    );
    expect(evaluate(engine, items).outcomes.map((o) => o.hit1)).toEqual([true, true, false]);
  });

  it("judges what a reply shows: a card's summary with its evidence, a passage with its context", () => {
    const [card] = engine.ask("who is Marco Rossi").answers;
    expect(card && replyText(engine, card)).toMatch(
      /^The Italian Ambassador who came to Tomsk on a Tuesday\./,
    );
    const [met] = engine.ask("who met the regional leadership").answers;
    expect(met && replyText(engine, met)).toContain(
      "Marco Rossi arrived in Tomsk. He met the regional leadership",
    );
  });

  it("names the line of a malformed entry", () => {
    expect(() => parseEvalFile(`${line({ question: "q" })}\n{oops`, "set.jsonl")).toThrow(
      "set.jsonl:2: not valid JSON",
    );
    expect(() => parseEvalFile(`{"question": "q"}`, "set.jsonl")).toThrow(
      "set.jsonl:1: needs question, kind and answer_any",
    );
  });
});
