/** `npm run chat` as a child process, scripted through piped stdin. */
import { afterEach, describe, expect, it } from "vitest";
import { renderTranscript } from "../../src/chat/transcript.js";
import { parseConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { killAll, runScript } from "../runtime/process.js";
import { FIXTURE_KNOWLEDGE_DIR, fixtureSearch } from "../support/knowledge.js";

afterEach(() => killAll());

describe("npm run chat (piped)", () => {
  it("answers a question, presses a button, runs a command and exits on end of input", async () => {
    const child = runScript(
      "src/cli/chat.ts",
      // No token needed; an empty BOT_TOKEN also keeps a developer's .env out of it.
      { BOT_TOKEN: "", LANG: "C", KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR },
      { stdin: "How many innovation clusters is INO Tomsk based on?\n/clusters\n1\n" },
    );
    expect(await child.exited).toBe(0);
    const out = child.stdout();
    expect(out).toContain("you › How many innovation clusters is INO Tomsk based on?");
    expect(out).toMatch(/bot ›\n.*based on 3 innovation clusters/u);
    expect(out).toContain("you › /clusters");
    expect(out).toMatch(/pressed \[1\]/u);
    expect(out).toContain("bot › (edited)");
    expect(out).not.toContain("\u001b[");
    expect(out).not.toMatch(/would refuse|the bot failed/u);
    expect(child.stderr()).toBe("");
  });

  it("stops at /quit and takes --lang ru", async () => {
    const child = runScript(
      "src/cli/chat.ts",
      { BOT_TOKEN: "", KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR },
      { stdin: "/start\n/quit\n/help\n", args: ["--lang", "ru"] },
    );
    expect(await child.exited).toBe(0);
    expect(child.stdout()).toContain("you › /start");
    expect(child.stdout()).toMatch(/bot ›\n.*[а-яё]{4}/iu);
    expect(child.stdout()).not.toContain("you › /help");
  });

  it("prints exactly what renderTranscript gives, so README transcripts are what a reader gets", async () => {
    const inputs = [
      "How many innovation clusters is INO Tomsk based on?",
      "tell me more",
      "/clusters",
      "2",
    ];
    const child = runScript(
      "src/cli/chat.ts",
      { BOT_TOKEN: "", KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR },
      { stdin: `${inputs.join("\n")}\n`, args: ["--lang", "ru"] },
    );
    expect(await child.exited).toBe(0);
    const parsed = parseConfig({}, { requireToken: false });
    if (!parsed.ok) throw new Error("config");
    const transcript = await renderTranscript({
      config: parsed.config,
      logger: createLogger({ level: "silent" }),
      search: fixtureSearch(),
      lang: "ru",
      inputs,
    });
    expect(child.stdout()).toBe(transcript);
  });
});
