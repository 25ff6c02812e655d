import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deepLink, deepLinkPayload, parseDeepLinkPayload } from "../../src/bot/deep-link.js";
import { realSearch } from "../support/knowledge.js";

const { knowledge } = realSearch();

describe("deep links", () => {
  it("has a payload for every document, cluster and event of knowledge/, within Telegram's rule", () => {
    const targets = [
      ...knowledge.documents.map((d) => ({ kind: "doc" as const, id: d.id })),
      ...knowledge.clusters.map((c) => ({ kind: "cluster" as const, id: c.id })),
      ...knowledge.events.map((e) => ({ kind: "event" as const, id: e.id })),
      { kind: "help" as const },
    ];
    for (const target of targets) {
      const payload = deepLinkPayload(target);
      expect(payload).toMatch(/^[A-Za-z0-9_-]{1,64}$/u);
      expect(parseDeepLinkPayload(payload)).toEqual(target);
    }
  });

  it("builds t.me links", () => {
    expect(deepLink("test_coop_bot", { kind: "cluster", id: "timber" })).toBe(
      "https://t.me/test_coop_bot?start=cluster_timber",
    );
    expect(deepLink("test_coop_bot", { kind: "doc", id: "x".repeat(70) })).toBeUndefined();
  });

  it("rejects anything else", () => {
    for (const payload of [
      undefined,
      "",
      "doc_",
      "doc",
      "page_x",
      "doc_Upper",
      "doc_a--b",
      "cluster_a b",
      "x".repeat(65),
    ]) {
      expect(parseDeepLinkPayload(payload)).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.string(), (s) => {
        const target = parseDeepLinkPayload(s);
        if (target) expect(deepLinkPayload(target)).toBe(s);
      }),
    );
  });
});
