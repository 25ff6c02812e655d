/**
 * README transcripts: marked blocks found and read back, regenerated from the
 * real bot (over the fixture corpus), and the README itself up to date with
 * the bot over knowledge/.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CUT_MARK,
  findTranscripts,
  renderTranscript,
  transcribeReadme,
  transcriptInputs,
  updateTranscripts,
} from "../../src/chat/transcript.js";
import { parseConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import type { SearchEngine } from "../../src/search/types.js";
import { fixtureSearch, realSearch } from "../support/knowledge.js";

let search: SearchEngine;

beforeAll(() => {
  search = fixtureSearch();
});

function deps(engine: SearchEngine = search) {
  const parsed = parseConfig({}, { requireToken: false });
  if (!parsed.ok) throw new Error("config");
  return { config: parsed.config, logger: createLogger({ level: "silent" }), search: engine };
}

const CLUSTERS_QUESTION = "How many innovation clusters is INO Tomsk based on?";

const block = (attributes: string, content: string) =>
  `<!-- transcript${attributes} -->\n\`\`\`text\n${content}\`\`\`\n<!-- /transcript -->\n`;

describe("findTranscripts", () => {
  it("finds each marked block with its attributes, content, line and inputs", () => {
    const markdown = [
      "# Title\n\n",
      block(" lang=ru lines=3", "you › привет\nbot ›\n  Здравствуйте\n"),
      "\nBetween.\n\n",
      block("", "you › /clusters\n"),
    ].join("");
    const blocks = findTranscripts(markdown);
    expect(blocks.map((b) => [b.index, b.line, b.lang, b.maxLines, b.inputs])).toEqual([
      [0, 3, "ru", 3, ["привет"]],
      // No attributes: an English user, replies shown whole.
      [1, 13, "en", undefined, ["/clusters"]],
    ]);
    expect(blocks[0]?.content).toBe("you › привет\nbot ›\n  Здравствуйте\n");
    expect(blocks[1]?.name).toBe("transcript 2 (line 13)");
    // start/end delimit the content exactly, so replacing that slice replaces the block.
    for (const b of blocks) expect(markdown.slice(b.start, b.end)).toBe(b.content);
  });

  it("takes an empty block (a new transcript with no lines yet)", () => {
    const [only] = findTranscripts(block(" lang=en", ""));
    expect(only?.content).toBe("");
    expect(only?.inputs).toEqual([]);
  });

  it("leaves alone markers shown inside another fenced block", () => {
    // Four backticks: a ``` line inside would close a three-backtick fence, as in CommonMark.
    const markdown = `\`\`\`\`markdown\n${block("", "you › hi\n")}\`\`\`\`\n`;
    expect(findTranscripts(markdown)).toEqual([]);
  });

  it.each([
    [block(" lang=de", ""), /line 1: transcript attribute "lang=de"/u],
    [block(" lines=0", ""), /"lines=0"/u],
    [block(" lines=4=5", ""), /"lines=4=5"/u],
    [block(" colour=red", ""), /"colour=red"/u],
    ["<!-- transcript -->\n```\nyou › hi\n```\n<!-- /transcript -->\n", /```text line/u],
    ["<!-- transcript -->\n```text\nyou › hi\n```\n", /ends with ``` then <!-- \/transcript -->/u],
    ["text\n<!-- /transcript -->\n", /line 2: .*without an opening/u],
  ])("refuses a malformed block, naming the line and what is expected (%#)", (markdown, error) => {
    expect(() => findTranscripts(markdown)).toThrow(error);
  });
});

describe("transcriptInputs", () => {
  it("reads typed lines from `you ›` and button numbers from `pressed [n]`, not the bot's text", () => {
    const content = [
      "you › /clusters",
      "bot ›",
      "  you › a bot message quoting the prompt is indented, not typed",
      "  [1] 🏭 Photonics  [2] 🏭 Medicine",
      "  ↳ pressed [2] 🏭 Medicine",
      "bot › (edited)",
      "  🏭 Medicine",
      "you › 7",
      "",
    ].join("\n");
    expect(transcriptInputs(content)).toEqual(["/clusters", "2", "7"]);
  });

  it("skips the query a switch-inline button echoes, keeps one the user typed", () => {
    const content = [
      "  ↳ pressed [3] 🔎 Search here",
      "you › @local_chat_bot clusters",
      '  inline results for "clusters" (type a number to send one):',
      "you › @local_chat_bot tokyo",
      "",
    ].join("\n");
    expect(transcriptInputs(content)).toEqual(["3", "@local_chat_bot tokyo"]);
  });

  it("refuses a picked inline result: which number picked it is not shown", () => {
    expect(() =>
      transcriptInputs("you › @local_chat_bot x\nyou › via @local_chat_bot\n  text\n", "line 9"),
    ).toThrow(/line 9: .*inline result/u);
  });
});

describe("renderTranscript", () => {
  it("prints what the piped chat prints, and its inputs read back are the ones given", async () => {
    const inputs = [CLUSTERS_QUESTION, "/clusters", "1"];
    const text = await renderTranscript({ ...deps(), lang: "en", inputs });
    expect(text.startsWith(`you › ${CLUSTERS_QUESTION}\nbot ›\n`)).toBe(true);
    expect(text).toMatch(/based on 3 innovation clusters/u);
    expect(text).toMatch(/^ {2}↳ pressed \[1\] /mu);
    expect(text).toContain("\nbot › (edited)\n");
    // The piped chat prints no intro, and ends every block with a newline.
    expect(text).not.toContain("Local chat with the bot");
    expect(text.endsWith("\n")).toBe(true);
    expect(text).not.toMatch(/would refuse|the bot failed|did not answer/u);
    expect(transcriptInputs(text)).toEqual(inputs);
  });

  it("speaks the user's language", async () => {
    const text = await renderTranscript({ ...deps(), lang: "ru", inputs: ["/start"] });
    expect(text).toMatch(/^bot ›\n.*[а-яё]{4}/imu);
  });

  it("ends at /quit as the chat does", async () => {
    const text = await renderTranscript({
      ...deps(),
      lang: "en",
      inputs: ["/start", "/quit", "/help"],
    });
    expect(text).toContain("you › /start");
    expect(text).not.toContain("/help");
  });

  it("with maxLines keeps the first lines of each bot message and marks the cut", async () => {
    const inputs = [CLUSTERS_QUESTION, "/clusters"];
    const whole = await renderTranscript({ ...deps(), lang: "en", inputs });
    const cut = await renderTranscript({ ...deps(), lang: "en", inputs, maxLines: 2 });
    const wholeLines = whole.split("\n");
    const cutLines = cut.split("\n");
    expect(cutLines.filter((l) => l === CUT_MARK).length).toBeGreaterThan(0);
    expect(cutLines.length).toBeLessThan(wholeLines.length);
    // Each message: its header, its first two lines as they were, then the mark.
    let from = 0;
    for (let i = 0; i < cutLines.length; i++) {
      if (!cutLines[i]?.startsWith("bot ›")) continue;
      const at = wholeLines.indexOf(cutLines[i] ?? "", from);
      from = at + 1;
      expect(cutLines.slice(i, i + 3)).toEqual(wholeLines.slice(at, at + 3));
      expect([CUT_MARK, "you › /clusters", ""]).toContain(cutLines[i + 3]);
    }
    expect(transcriptInputs(cut)).toEqual(inputs);
  });
});

describe("updateTranscripts and transcribeReadme", () => {
  it("replaces a stale block's content, names it, and keeps everything around it", async () => {
    const fresh = await renderTranscript({ ...deps(), lang: "en", inputs: ["/clusters"] });
    const markdown = [
      "Intro.\n",
      block(" lines=3", `you › ${CLUSTERS_QUESTION}\nbot ›\n  an answer the bot no longer gives\n`),
      "Middle.\n",
      block("", fresh),
      "End.\n",
    ].join("");
    const first = await transcribeReadme(markdown, deps());
    expect(first.changed).toEqual(["transcript 1 (line 2)"]);
    expect(first.markdown).not.toContain("no longer gives");
    expect(first.markdown).toMatch(/based on 3 innovation clusters/u);
    expect(first.markdown.startsWith("Intro.\n<!-- transcript lines=3 -->\n```text\n")).toBe(true);
    expect(first.markdown).toContain(`Middle.\n${block("", fresh)}End.\n`);
    // lines=3 applied to the regenerated block.
    expect(findTranscripts(first.markdown)[0]?.content).toMatch(/\n {2}…\n/u);
    // Up to date now: nothing changes, nothing is reported.
    const second = await transcribeReadme(first.markdown, deps());
    expect(second).toEqual({ markdown: first.markdown, changed: [] });
  });

  it("hands each block to the renderer with its own attributes and inputs, in order", async () => {
    const seen: string[] = [];
    const markdown = `${block(" lang=ru", "you › а\n")}${block(" lines=2", "you › b\n")}`;
    const { markdown: out, changed } = await updateTranscripts(markdown, (b) => {
      seen.push(`${b.lang} ${b.maxLines} ${b.inputs.join(",")}`);
      return b.index === 0 ? b.content : "you › b\nbot ›\n  B\n";
    });
    expect(seen).toEqual(["ru undefined а", "en 2 b"]);
    expect(changed).toEqual(["transcript 2 (line 6)"]);
    expect(out).toBe(
      `${block(" lang=ru", "you › а\n")}${block(" lines=2", "you › b\nbot ›\n  B\n")}`,
    );
  });
});

describe("README.md", () => {
  it("shows the transcripts the bot gives over knowledge/ (npm run transcripts regenerates them)", async () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(findTranscripts(readme).length).toBeGreaterThan(0);
    const { changed } = await transcribeReadme(readme, deps(realSearch()));
    expect(changed).toEqual([]);
  });
});
