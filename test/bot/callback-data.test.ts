import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  byteLength,
  type CallbackAction,
  CallbackDataError,
  encodeCallbackData,
  fitAnswerKeys,
  MAX_ANSWER_KEYS,
  parseCallbackData,
  tryEncodeCallbackData,
} from "../../src/bot/callback-data.js";
import { newQuestionId } from "../../src/store/index.js";
import { realSearch } from "../support/knowledge.js";

const search = realSearch();
const { knowledge } = search;
const longest = (ids: readonly string[]) => ids.reduce((a, b) => (b.length > a.length ? b : a), "");

const slug = fc.stringMatching(/^[a-z0-9]{1,12}(?:-[a-z0-9]{1,12}){0,2}$/u);
const key = fc.stringMatching(/^[0-9a-z]{1,3}\.[0-9a-z]{1,3}\+?$/u);
const version = fc.stringMatching(/^[0-9a-z]{6}$/u);
const page = fc.integer({ min: 0, max: 999 });
const lang = fc.constantFrom("en" as const, "ru" as const);
const questionId = fc.stringMatching(/^[A-Za-z0-9_-]{12}$/u);

const action: fc.Arbitrary<CallbackAction> = fc.oneof(
  fc
    .record({ version, keys: fc.array(key, { minLength: 1, maxLength: 5 }) })
    .chain(({ version, keys }) =>
      fc.oneof(
        fc
          .nat(keys.length - 1)
          .map((index): CallbackAction => ({ kind: "answer", version, index, keys })),
        fc.tuple(fc.nat(keys.length - 1), page).map(
          ([index, p]): CallbackAction => ({
            kind: "answerDocument",
            version,
            index,
            page: p,
            keys,
          }),
        ),
      ),
    ),
  fc
    .string({ minLength: 1, maxLength: 20 })
    .filter((s) => s.trim() !== "" && [...s].every((c) => c >= " "))
    .map((text): CallbackAction => ({ kind: "ask", text })),
  fc
    .tuple(lang, fc.nat(20))
    .map(([l, index]): CallbackAction => ({ kind: "example", lang: l, index })),
  fc.constant<CallbackAction>({ kind: "clusters" }),
  fc.constant<CallbackAction>({ kind: "noop" }),
  slug.map((id): CallbackAction => ({ kind: "cluster", id })),
  slug.map((id): CallbackAction => ({ kind: "event", id })),
  page.map((p): CallbackAction => ({ kind: "events", page: p })),
  page.map((p): CallbackAction => ({ kind: "sources", page: p })),
  fc
    .tuple(
      slug,
      page,
      fc.oneof(
        fc.constant({ kind: "sources" as const }),
        slug.map((id) => ({ kind: "cluster" as const, id })),
        slug.map((id) => ({ kind: "event" as const, id })),
      ),
    )
    .map(([id, p, back]): CallbackAction => ({ kind: "document", id, page: p, back })),
  lang.map((l): CallbackAction => ({ kind: "language", lang: l })),
  fc
    .tuple(questionId, fc.constantFrom("up" as const, "down" as const))
    .map(([question, vote]): CallbackAction => ({ kind: "vote", question, vote })),
  fc
    .tuple(
      questionId,
      fc.constantFrom(
        "wrong_passage" as const,
        "not_answered" as const,
        "outdated" as const,
        "other" as const,
      ),
    )
    .map(([question, reason]): CallbackAction => ({ kind: "voteReason", question, reason })),
  page.map((p): CallbackAction => ({ kind: "gaps", page: p })),
);

describe("callback data", () => {
  it("round-trips every action, with and without 'new message'", () => {
    fc.assert(
      fc.property(action, fc.boolean(), (a, newMessage) => {
        const data = tryEncodeCallbackData(a, { newMessage });
        if (data === undefined) return; // did not fit: the keyboard leaves such a button out
        expect(byteLength(data)).toBeLessThanOrEqual(64);
        const parsed = parseCallbackData(data);
        const viewKinds = ["clusters", "cluster", "events", "event", "sources", "document"];
        expect(parsed).toEqual({
          kind: "action",
          action: a,
          newMessage: a.kind === "ask" || (newMessage && viewKinds.includes(a.kind)),
        });
      }),
      { numRuns: 500 },
    );
  });

  it("is short and versioned", () => {
    expect(encodeCallbackData({ kind: "cluster", id: "timber" })).toBe("1c|timber");
    expect(encodeCallbackData({ kind: "events", page: 1 }, { newMessage: true })).toBe("1E|1|+");
    expect(
      encodeCallbackData({ kind: "answer", version: "abc123", index: 1, keys: ["5.0", "5.3+"] }),
    ).toBe("1a|abc123|1|5.0,5.3+");
  });

  it("carries a question id and a vote or reason in a few bytes; anything else is stale", () => {
    const id = newQuestionId();
    expect(encodeCallbackData({ kind: "vote", question: id, vote: "down" })).toBe(`1v|${id}|d`);
    expect(encodeCallbackData({ kind: "voteReason", question: id, reason: "outdated" })).toBe(
      `1r|${id}|o`,
    );
    expect(encodeCallbackData({ kind: "gaps", page: 3 })).toBe("1g|3");
    for (const data of [`1v|${id}|x`, `1v|${id}`, "1v|short|u", `1r|${id}|u`, `1v|${id}|u|+`]) {
      expect(parseCallbackData(data), data).toEqual({ kind: "stale", reason: "malformed" });
    }
  });

  it("fits the longest ids of knowledge/ in every button that carries ids", () => {
    const doc = longest(knowledge.documents.map((d) => d.id));
    const cluster = longest(knowledge.clusters.map((c) => c.id));
    const event = longest(knowledge.events.map((e) => e.id));
    for (const a of [
      { kind: "cluster", id: cluster },
      { kind: "event", id: event },
      { kind: "document", id: doc, page: 99, back: { kind: "sources" } },
    ] as CallbackAction[]) {
      expect(byteLength(encodeCallbackData(a, { newMessage: true }))).toBeLessThanOrEqual(64);
    }
  });

  it("fits every document button of the cards, with its way back to the card", () => {
    const pairs = [
      ...knowledge.clusters.flatMap((c) =>
        c.citations.map((q) => [q.doc, { kind: "cluster", id: c.id }] as const),
      ),
      ...knowledge.events.flatMap((e) =>
        [e.doc, ...e.citations.map((q) => q.doc)].map(
          (d) => [d, { kind: "event", id: e.id }] as const,
        ),
      ),
    ];
    for (const [id, back] of pairs) {
      const data = encodeCallbackData({ kind: "document", id, page: 99, back });
      expect(byteLength(data)).toBeLessThanOrEqual(64);
    }
  });

  it("fits the answers of real questions, keeping as many keys as fit", () => {
    const result = search.ask("When did the Tomsk delegation visit Tokyo?", { limit: 10 });
    const keys = fitAnswerKeys(
      knowledge.version,
      result.answers.map((a) => a.passageKey),
    );
    expect(keys.length).toBeGreaterThanOrEqual(Math.min(5, result.answers.length));
    const widest = encodeCallbackData({
      kind: "answerDocument",
      version: knowledge.version,
      index: keys.length - 1,
      page: 999,
      keys,
    });
    expect(byteLength(widest)).toBeLessThanOrEqual(64);
    const many = Array.from({ length: 30 }, (_, i) => `${i}.${i}+`);
    const fitted = fitAnswerKeys("abcdef", many);
    expect(fitted.length).toBeLessThanOrEqual(MAX_ANSWER_KEYS);
    expect(
      tryEncodeCallbackData({
        kind: "answerDocument",
        version: "abcdef",
        index: fitted.length - 1,
        page: 999,
        keys: fitted,
      }),
    ).toBeDefined();
    expect(fitAnswerKeys("abcdef", ["bad key", "a|b", "ok.1"])).toEqual(["ok.1"]);
  });

  it("refuses to encode what does not fit or is invalid", () => {
    expect(tryEncodeCallbackData({ kind: "ask", text: "я".repeat(40) })).toBeUndefined();
    expect(() => encodeCallbackData({ kind: "ask", text: "я".repeat(40) })).toThrow(
      CallbackDataError,
    );
    expect(() => encodeCallbackData({ kind: "cluster", id: "Not A Slug" })).toThrow(
      CallbackDataError,
    );
    expect(() =>
      encodeCallbackData({ kind: "answer", version: "v1", index: 3, keys: ["a"] }),
    ).toThrow(CallbackDataError);
  });

  it("reads stale, forged and malformed data as stale, never throwing", () => {
    for (const data of [
      undefined,
      "",
      "2c|timber",
      "1z",
      "1c",
      "1c|Timber",
      "1c|timber|extra",
      "1E|-1",
      "1E|1000",
      "1E|01",
      "1a|v|0|",
      "1a|abcdef|5|a,b",
      "1d|doc|0|xfoo",
      "1l|de",
      "1q|",
      "1q| ",
      "1n|x",
      "x".repeat(65),
      "1c|timber".padEnd(70, "-"),
      "\u0000\uffff",
      "1c\u200b|timber",
    ]) {
      expect(parseCallbackData(data).kind).toBe("stale");
    }
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.string().map((s) => `1${s}`),
          fc.anything(),
        ),
        (data) => {
          const parsed = parseCallbackData(data);
          expect(["action", "stale"]).toContain(parsed.kind);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
