/** How the local chat shows a message's text and entities in a terminal. */
import { describe, expect, it } from "vitest";
import { renderEntities } from "../../src/chat/render.js";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";

describe("renderEntities", () => {
  const parsed = parseTelegramHtml(
    '<b>bold</b> <a href="https://example.org">site</a>\n<blockquote>quoted</blockquote>',
  );

  it("strips tags and keeps link addresses when not a TTY", () => {
    const plain = renderEntities(parsed.text, parsed.entities, false);
    expect(plain).toBe("bold site (https://example.org/)\n│ quoted");
    expect(plain).not.toContain("\u001b[");
  });

  it("shows bold with ANSI codes on a TTY", () => {
    const styled = renderEntities(parsed.text, parsed.entities, true);
    expect(styled).toContain("\u001b[1mbold\u001b[22m");
  });
});
