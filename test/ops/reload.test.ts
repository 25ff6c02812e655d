/** /reload's outcome and reply, apart from the bot. */
import { describe, expect, it } from "vitest";
import { formatReload, reloadKnowledge } from "../../src/ops/reload.js";
import { visibleLength } from "../../src/render/html.js";
import { createSearchHolder } from "../../src/search/holder.js";
import { openSearch } from "../../src/search/open.js";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";
import { tEn } from "../render/translate.js";
import { knowledgeCopy } from "../support/knowledge-dir.js";

describe("reloadKnowledge", () => {
  it("swaps only a valid, changed directory; a missing one is a problem, not a crash", () => {
    const copy = knowledgeCopy();
    const engine = openSearch(copy.dir);
    const holder = createSearchHolder(engine);
    expect(reloadKnowledge(holder, copy.dir)).toMatchObject({ ok: true, changed: false });
    expect(holder.current).toBe(engine);
    const missing = reloadKnowledge(holder, `${copy.dir}/nowhere`);
    expect(missing).toMatchObject({ ok: false, kept: { version: engine.knowledge.version } });
    expect(missing.ok ? [] : missing.problems[0]).toMatch(/nowhere: cannot be read: ENOENT/u);
    expect(holder.current).toBe(engine);
    copy.remove();
  });
});

describe("the reply to /reload", () => {
  it("lists every problem, escaped, over as many messages as it takes", () => {
    const problems = Array.from(
      { length: 300 },
      (_, i) => `doc-${i}.md: title: must be a string, not <${i}> & more words to fill the line`,
    );
    const counts = { version: "v1", documents: 1, clusters: 0, events: 0, topics: 0, questions: 0 };
    const pages = formatReload({ ok: false, kept: counts, problems }, tEn);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(visibleLength(page)).toBeLessThanOrEqual(4096);
      expect(() => parseTelegramHtml(page, { strict: true })).not.toThrow();
    }
    const text = pages.map((p) => parseTelegramHtml(p).text).join("\n");
    for (const problem of problems) expect(text).toContain(`• ${problem}`);
    expect(text).toMatch(
      /^❌ Knowledge not reloaded\. I keep answering from version v1\. Problems found: 300\./u,
    );
  });
});
