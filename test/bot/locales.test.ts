import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../src/render/html.js";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";
import { tEn, tRu } from "../render/translate.js";

const localeDir = new URL("../../src/bot/locales/", import.meta.url);
const keysOf = (lang: string) =>
  [
    ...readFileSync(new URL(`${lang}.ftl`, localeDir), "utf8").matchAll(/^([a-z][a-z0-9-]*) =/gmu),
  ].map((m) => m[1] as string);
const keys = keysOf("en");
const PLAIN = /^(?:button|toast|inline|cmd)-/u;
const sample = {
  question: escapeHtml("a <b> & c"),
  example: escapeHtml("x & y"),
  title: escapeHtml("T <1>"),
  start: escapeHtml("s & t"),
  date: "1 May",
  source: "S",
  bot: "test_coop_bot",
  name: "N",
  text: "Q",
  when: "W",
  where: "P",
  who: "A, B",
  page: 1,
  pages: 2,
  // The operators' reports (/stats, /gaps, /reload) and the vote notices.
  reason: "R",
  days: 7,
  questions: 3,
  answered: "1 (33%)",
  hedged: "1 (33%)",
  declined: "1 (33%)",
  up: 2,
  down: 1,
  reasons: "R 1",
  languages: "en 2 · ru 1",
  from: "2026-01-01",
  to: "2026-01-28",
  max: 4,
  total: 9,
  n: 1,
  last: "2026-01-28 12:00 UTC",
  version: "abc123",
  previous: "def456",
  cards: 5,
  topics: 2,
};

describe("locale files", () => {
  it("define the same keys in English and Russian", () => {
    expect(new Set(keysOf("ru"))).toEqual(new Set(keys));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("render every message as valid Telegram HTML, for every plural form", () => {
    for (const t of [tEn, tRu]) {
      for (const key of keys.filter((k) => !PLAIN.test(k))) {
        for (const count of [0, 1, 2, 5, 21, 7]) {
          const html = t(key, {
            ...sample,
            count,
            documents: count,
            clusters: count,
            events: count,
          });
          expect(html, key).not.toMatch(/\{[$a-z]/u);
          expect(() => parseTelegramHtml(html, { strict: true }), `${key}: ${html}`).not.toThrow();
        }
      }
    }
  });

  it("keep plain texts plain and within Telegram's limits", () => {
    for (const t of [tEn, tRu]) {
      for (const key of keys.filter((k) => PLAIN.test(k))) {
        const text = t(key, { ...sample, question: "q", example: "e", title: "T", start: "s" });
        expect(text.length, key).toBeGreaterThan(0);
        if (key !== "cmd-ask") expect(text, key).not.toMatch(/[<>&]/u);
        if (key.startsWith("toast-")) expect([...text].length, key).toBeLessThanOrEqual(200);
        if (key.startsWith("cmd-")) expect(text.length, key).toBeLessThanOrEqual(256);
      }
    }
  });

  it("contain every key the code asks for", () => {
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (path.endsWith(".ts")) {
          const source = readFileSync(path, "utf8");
          for (const m of source.matchAll(/\bt\(\s*(?:[a-z]+,\s*)?"([a-z][a-z0-9-]*)"/gu))
            used.add(m[1] as string);
          for (const m of source.matchAll(/(?:View|Header)\([^)]*?"([a-z]+-[a-z0-9-]+)"/gu))
            used.add(m[1] as string);
          for (const m of source.matchAll(/`cmd-\$\{/gu))
            if (m) for (const k of keys.filter((k) => k.startsWith("cmd-"))) used.add(k);
        }
      }
    };
    walk(new URL("../../src/bot", import.meta.url).pathname);
    walk(new URL("../../src/render", import.meta.url).pathname);
    expect(used.size).toBeGreaterThan(30);
    for (const key of used) expect(keys, key).toContain(key);
    for (const kind of ["visit", "forum", "session", "mission", "meeting"])
      expect(keys).toContain(`event-kind-${kind}`);
  });
});
