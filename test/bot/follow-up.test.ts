import { describe, expect, it } from "vitest";
import { followUpOf } from "../../src/bot/follow-up.js";

describe("followUpOf", () => {
  it.each([
    "tell me more",
    "More",
    "go on",
    "А подробнее?",
    "подробнее",
    "а ещё",
    "дальше",
    "podrobnee",
  ])("reads %j as a request for more", (text) => {
    expect(followUpOf(text)).toEqual({ kind: "more" });
  });

  it("reads a short new subject after 'and' / 'what about' / 'а'", () => {
    expect(followUpOf("and Japan?")).toEqual({ kind: "subject", subject: "japan" });
    expect(followUpOf("what about the timber cluster")).toEqual({
      kind: "subject",
      subject: "the timber cluster",
    });
    expect(followUpOf("А в Китае?")).toEqual({ kind: "subject", subject: "в китае" });
    expect(followUpOf("a v kitae")).toEqual({ kind: "subject", subject: "v kitae" });
  });

  it("reads a bare question word, with 'that' or 'это', as the same question asked another way", () => {
    expect(followUpOf("when was that?")).toEqual({ kind: "ask", cue: "when" });
    expect(followUpOf("а где это было?")).toEqual({ kind: "ask", cue: "где" });
    expect(followUpOf("Who?")).toEqual({ kind: "ask", cue: "who" });
    expect(followUpOf("kogda")).toEqual({ kind: "ask", cue: "когда" });
  });

  it.each([
    "When did the Tomsk delegation visit Tokyo?",
    "and when did the governor speak at the forum in Moscow",
    "what about the money the big russian companies spent on tomsk",
    "Skolkovo",
    "when the special economic zone opened",
  ])("leaves a question of its own alone: %j", (text) => {
    expect(followUpOf(text)).toBeUndefined();
  });
});
