/**
 * `npm start` as a real child process — scripts/start.mjs, which checks the build and runs
 * dist/main.js (test/support/build.ts has built it from src/) —: configuration errors,
 * polling and webhook mode against the Telegram simulator's HTTP front end, and SIGTERM with
 * an update in flight. (What runs inside the process is tested in process by test/e2e.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SECRET_HEADER } from "../../src/runtime/webhook.js";
import { TelegramSimulator } from "../../src/telegram-sim/index.js";
import { FIXTURE_KNOWLEDGE_DIR } from "../support/knowledge.js";
import { freePort } from "../support/running-bot.js";
import { killAll, logRecords, runScript } from "./process.js";

const MAIN = "scripts/start.mjs";
let api: TelegramSimulator | undefined;

async function startSimulator(): Promise<TelegramSimulator> {
  const sim = new TelegramSimulator();
  await sim.listen();
  return sim;
}
let dataDir = "";

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "bot-main-"));
});

afterEach(async () => {
  killAll();
  await api?.close();
  api = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start: configuration problems", () => {
  it("exits 1 with one line naming BOT_TOKEN and hinting at the local chat", async () => {
    // An empty BOT_TOKEN also keeps a developer's .env from supplying one.
    const child = runScript(MAIN, { BOT_TOKEN: "" });
    expect(await child.exited).toBe(1);
    const lines = child.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^BOT_TOKEN is missing: .*@BotFather/);
    expect(lines[0]).toContain("to try the bot locally, run npm run chat");
    expect(child.stdout()).toBe("");
  });

  it("exits 1 with one line per malformed variable", async () => {
    const child = runScript(MAIN, {
      BOT_TOKEN: "7000000001:AAFakeTokenForTestsOnly_0123456789abc",
      PORT: "http",
      BOT_MODE: "hook",
    });
    expect(await child.exited).toBe(1);
    const lines = child.stderr().trim().split("\n");
    expect(lines.map((line) => line.split(" ")[0])).toEqual(["BOT_MODE", "PORT"]);
  });

  it("exits 1 with one line naming KNOWLEDGE_DIR when it cannot be read", async () => {
    const child = runScript(MAIN, {
      BOT_TOKEN: "7000000001:AAFakeTokenForTestsOnly_0123456789abc",
      KNOWLEDGE_DIR: join(dataDir, "missing"),
    });
    expect(await child.exited).toBe(1);
    const lines = child.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^KNOWLEDGE_DIR cannot be read/);
  });

  it("exits 1 with one line naming DATA_DIR when the store cannot be created there", async () => {
    const file = join(dataDir, "a-file");
    writeFileSync(file, "not a directory\n");
    const child = runScript(MAIN, {
      BOT_TOKEN: "7000000001:AAFakeTokenForTestsOnly_0123456789abc",
      KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR,
      DATA_DIR: join(file, "data"),
    });
    expect(await child.exited).toBe(1);
    const lines = child.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^DATA_DIR cannot be used: .*a-file/u);
  });

  it("exits 1 with one line naming DATABASE_URL when PostgreSQL cannot be reached, without its password", async () => {
    const port = await freePort();
    const child = runScript(MAIN, {
      BOT_TOKEN: "7000000001:AAFakeTokenForTestsOnly_0123456789abc",
      KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR,
      DATABASE_URL: `postgres://bot:hunter2@127.0.0.1:${port}/bot`,
    });
    expect(await child.exited).toBe(1);
    const lines = child.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^DATABASE_URL cannot be used: .*127\\.0\\.0\\.1:${port}/bot`, "u"),
    );
    expect(child.stderr() + child.stdout()).not.toContain("hunter2");
  });

  it("exits 1 listing the problems of a broken knowledge directory", async () => {
    const knowledge = mkdtempSync(join(tmpdir(), "bot-knowledge-"));
    writeFileSync(join(knowledge, "broken.md"), "no front matter here\n");
    try {
      const child = runScript(MAIN, {
        BOT_TOKEN: "7000000001:AAFakeTokenForTestsOnly_0123456789abc",
        KNOWLEDGE_DIR: knowledge,
      });
      expect(await child.exited).toBe(1);
      expect(child.stderr()).toContain("broken.md");
    } finally {
      rmSync(knowledge, { recursive: true, force: true });
    }
  });
});

describe("npm start against the Bot API", () => {
  it("polling: answers, and on SIGTERM finishes the update in flight, confirms it, exits 0", async () => {
    api = await startSimulator();
    const child = runScript(MAIN, {
      BOT_TOKEN: api.token,
      BOT_API_ROOT: api.apiRoot,
      DATA_DIR: dataDir,
      KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR,
      LOG_LEVEL: "info",
    });
    await child.waitFor("polling for updates");
    expect(api.callsOf("setMyCommands").length).toBeGreaterThan(0);

    // The reply is held: SIGTERM arrives while the update is being handled.
    const reply = api.hold("sendMessage");
    const { update } = api.pushUpdate(api.updates.textMessage("Tell me about zanzibarquux"));
    await reply.arrived;
    child.process.kill("SIGTERM");
    await child.waitFor("polling: taking no more updates");
    expect(api.callsOf("sendMessage")).toHaveLength(0);
    reply.release();

    expect(await child.exited).toBe(0);
    const sent = api.callsOf("sendMessage");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.ok).toBe(true);
    expect(api.pendingUpdates).toEqual([]);
    const records = logRecords(child.stdout());
    const messages = records.map((r) => r.msg);
    expect(messages).toContain("shutting down");
    expect(messages.at(-1)).toBe("stopped");
    expect(records.some((r) => r.update_id === update.update_id)).toBe(true);
    // What users write is not logged at info level.
    expect(child.stdout()).not.toContain("zanzibarquux");
    // The token appears in no log line, even though every request URL carries it.
    expect(child.stdout()).not.toContain(api.token);
    expect(child.stderr()).not.toContain(api.token);
  });

  it("exits 1 with a fatal log line, and no token in any line, when the token is revoked", async () => {
    api = await startSimulator();
    const child = runScript(MAIN, {
      BOT_TOKEN: api.token,
      BOT_API_ROOT: api.apiRoot,
      DATA_DIR: dataDir,
      KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR,
      LOG_LEVEL: "trace",
    });
    await child.waitFor("polling for updates");
    api.failNext("getUpdates", {
      type: "error",
      error: { error_code: 401, description: "Unauthorized" },
    });
    // Ends the pending long poll; the next getUpdates gets the 401.
    api.pushUpdate(api.updates.textMessage("/start"));
    expect(await child.exited).toBe(1);
    const fatal = logRecords(child.stdout()).filter((r) => r.level === 60);
    expect(fatal.length).toBeGreaterThan(0);
    expect(JSON.stringify(fatal)).toContain("Unauthorized");
    expect(child.stdout()).not.toContain(api.token.split(":")[1]);
    expect(child.stderr()).not.toContain(api.token.split(":")[1]);
  });

  it("webhook: sets the webhook, takes updates with the secret only, serves /healthz, exits 0", async () => {
    api = await startSimulator();
    const port = await freePort();
    const secret = "main_test_secret";
    const url = `http://127.0.0.1:${port}/telegram`;
    const child = runScript(MAIN, {
      BOT_TOKEN: api.token,
      BOT_API_ROOT: api.apiRoot,
      BOT_MODE: "webhook",
      WEBHOOK_URL: url,
      WEBHOOK_LOOPBACK: "true",
      WEBHOOK_SECRET: secret,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: dataDir,
      KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR,
    });
    await child.waitFor("webhook server listening");
    expect(api.webhook).toMatchObject({ url, secretToken: secret });

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);

    const forged = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", [SECRET_HEADER]: "not_the_secret" },
      body: JSON.stringify(api.updates.textMessage("/start")),
    });
    expect(forged.status).toBe(401);

    // The server delivers this one itself, with the secret.
    api.pushUpdate(api.updates.textMessage("/help"));
    await api.waitForCall("sendMessage");
    await api.until(() => api?.pendingUpdates.length === 0, "the delivery answered");
    expect(api.callsOf("sendMessage")).toHaveLength(1);

    child.process.kill("SIGTERM");
    expect(await child.exited).toBe(0);
    // The webhook stays set, so Telegram keeps updates for the next start.
    expect(api.webhook?.url).toBe(url);
    expect(child.stdout()).not.toContain(api.token);
    expect(child.stdout()).not.toContain(secret);
  });
});
