import { describe, expect, it } from "vitest";
import { type Config, DEFAULT_API_ROOT, formatConfigProblems, parseConfig } from "../src/config.js";

const TOKEN = "123456789:AAHfake-token_for-tests-only-0123456789";

function ok(env: Record<string, string | undefined>, requireToken = true): Config {
  const result = parseConfig(env, { requireToken });
  if (!result.ok) throw new Error(formatConfigProblems(result.problems));
  return result.config;
}

function problems(env: Record<string, string | undefined>, requireToken = true) {
  const result = parseConfig(env, { requireToken });
  if (result.ok) throw new Error("expected problems");
  return result.problems;
}

/** The one problem reported, which must name `variable`. */
function only(env: Record<string, string | undefined>, variable: string): string {
  const found = problems(env);
  expect(found.map((p) => p.variable)).toEqual([variable]);
  return (found[0] as { message: string }).message;
}

const WEBHOOK = {
  BOT_TOKEN: TOKEN,
  BOT_MODE: "webhook",
  WEBHOOK_URL: "https://bot.example.org/telegram",
  WEBHOOK_SECRET: "s3cret_value-1",
};

describe("parseConfig defaults", () => {
  it("needs only BOT_TOKEN and fills in every default", () => {
    expect(ok({ BOT_TOKEN: TOKEN })).toEqual({
      botToken: TOKEN,
      botApiRoot: DEFAULT_API_ROOT,
      mode: "polling",
      host: "0.0.0.0",
      logLevel: "info",
      knowledgeDir: "knowledge",
      dataDir: "data",
      adminIds: [],
      questionLogDays: 90,
      logQuestions: true,
    });
  });

  it("serves health in polling mode only when PORT is set; webhook mode listens on 8080 by default", () => {
    expect(ok({ BOT_TOKEN: TOKEN }).port).toBeUndefined();
    expect(ok({ BOT_TOKEN: TOKEN, PORT: "9090" }).port).toBe(9090);
    expect(ok(WEBHOOK).port).toBe(8080);
  });

  it("reads every variable", () => {
    const config = ok({
      ...WEBHOOK,
      BOT_API_ROOT: "http://127.0.0.1:8081/",
      HOST: "127.0.0.1",
      PORT: "8443",
      LOG_LEVEL: "DEBUG",
      KNOWLEDGE_DIR: "/srv/knowledge",
      DATA_DIR: "/var/lib/bot",
      ADMIN_IDS: "111, 222,111",
      QUESTION_LOG_DAYS: "30",
      LOG_QUESTIONS: "FALSE",
      DATABASE_URL: "postgres://bot:secret@db.internal:5432/bot",
    });
    expect(config).toEqual({
      botToken: TOKEN,
      botApiRoot: "http://127.0.0.1:8081",
      mode: "webhook",
      webhook: { url: WEBHOOK.WEBHOOK_URL, secret: WEBHOOK.WEBHOOK_SECRET },
      host: "127.0.0.1",
      port: 8443,
      logLevel: "debug",
      knowledgeDir: "/srv/knowledge",
      dataDir: "/var/lib/bot",
      adminIds: [111, 222],
      questionLogDays: 30,
      logQuestions: false,
      databaseUrl: "postgres://bot:secret@db.internal:5432/bot",
    });
  });

  it("treats empty and blank values as unset", () => {
    const config = ok({
      BOT_TOKEN: ` ${TOKEN} `,
      BOT_MODE: "",
      PORT: " ",
      LOG_LEVEL: "",
      HOST: "",
    });
    expect(config.botToken).toBe(TOKEN);
    expect(config.mode).toBe("polling");
    expect(config.port).toBeUndefined();
  });

  it("returns a frozen object, webhook settings included", () => {
    const config = ok(WEBHOOK);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.webhook)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it("ignores the webhook variables in polling mode", () => {
    const config = ok({
      BOT_TOKEN: TOKEN,
      WEBHOOK_URL: "not a url",
      WEBHOOK_SECRET: "bad secret!",
    });
    expect(config.webhook).toBeUndefined();
  });

  it("runs without a token when none is required (the local chat)", () => {
    const config = ok({}, false);
    expect(config.botToken).toBeUndefined();
    expect("botToken" in config).toBe(false);
  });

  it("accepts every port from 1 to 65535 and every log level", () => {
    expect(ok({ BOT_TOKEN: TOKEN, PORT: "1" }).port).toBe(1);
    expect(ok({ BOT_TOKEN: TOKEN, PORT: "65535" }).port).toBe(65535);
    for (const level of ["fatal", "error", "warn", "info", "debug", "trace", "silent"]) {
      expect(ok({ BOT_TOKEN: TOKEN, LOG_LEVEL: level }).logLevel).toBe(level);
    }
  });
});

describe("parseConfig problems, by variable", () => {
  it("BOT_TOKEN missing: says where to get one and hints at the local chat", () => {
    const message = only({}, "BOT_TOKEN");
    expect(message).toMatch(/missing/);
    expect(message).toMatch(/@BotFather/);
    expect(message).toMatch(/to try the bot locally, run npm run chat/);
  });

  it.each([
    "123:short",
    "not-a-token",
    "abc:AAHfake-token_for-tests-only-0123456789",
    "123456789:has spaces in it and more",
  ])("BOT_TOKEN malformed (%s), without echoing the value", (value) => {
    const message = only({ BOT_TOKEN: value }, "BOT_TOKEN");
    expect(message).toMatch(/malformed/);
    expect(message).not.toContain(value);
  });

  it("BOT_TOKEN malformed is reported even when no token is required", () => {
    expect(problems({ BOT_TOKEN: "nope" }, false).map((p) => p.variable)).toEqual(["BOT_TOKEN"]);
  });

  it.each(["api.telegram.org", "ftp://example.org", "http://"])(
    "BOT_API_ROOT not an http(s) URL (%s)",
    (value) => {
      expect(only({ BOT_TOKEN: TOKEN, BOT_API_ROOT: value }, "BOT_API_ROOT")).toMatch(/http/);
    },
  );

  it.each(["webhooks", "POLLING", "long-polling"])(
    "BOT_MODE not polling or webhook (%s)",
    (value) => {
      expect(only({ BOT_TOKEN: TOKEN, BOT_MODE: value }, "BOT_MODE")).toContain(value);
    },
  );

  it("WEBHOOK_URL missing in webhook mode", () => {
    expect(only({ ...WEBHOOK, WEBHOOK_URL: undefined }, "WEBHOOK_URL")).toMatch(/missing/);
  });

  it.each(["bot.example.org/telegram", "ws://bot.example.org/telegram"])(
    "WEBHOOK_URL malformed (%s)",
    (value) => {
      expect(only({ ...WEBHOOK, WEBHOOK_URL: value }, "WEBHOOK_URL")).toMatch(/https:\/\//);
    },
  );

  it.each([
    ["http://bot.example.org/telegram", /only over HTTPS/],
    ["https://bot.example.org:9999/telegram", /port 443, 80, 88 or 8443.*not 9999/],
    ["https://bot.example.org:8080/telegram", /not 8080/],
    // A loopback URL is refused too unless WEBHOOK_LOOPBACK allows it, and the message says so.
    ["http://127.0.0.1:8080/telegram", /set WEBHOOK_LOOPBACK=true/],
    ["https://localhost:3000/telegram", /set WEBHOOK_LOOPBACK=true/],
  ])("WEBHOOK_URL refused as Telegram's setWebhook refuses it (%s)", (value, expected) => {
    expect(only({ ...WEBHOOK, WEBHOOK_URL: value }, "WEBHOOK_URL")).toMatch(expected);
  });

  it.each([
    "https://bot.example.org/telegram",
    "https://bot.example.org:443/t",
    "https://bot.example.org:80/t",
    "https://bot.example.org:88/t",
    "https://bot.example.org:8443/t",
  ])("WEBHOOK_URL on a port Telegram posts to is fine (%s)", (value) => {
    expect(ok({ ...WEBHOOK, WEBHOOK_URL: value }).webhook?.url).toBe(value);
  });

  it("WEBHOOK_LOOPBACK=true allows http and any port on loopback hosts only", () => {
    const loopback = { ...WEBHOOK, WEBHOOK_LOOPBACK: "true" };
    for (const url of [
      "http://127.0.0.1:8080/t",
      "http://localhost:3000/t",
      "http://[::1]:9000/t",
    ]) {
      expect(ok({ ...loopback, WEBHOOK_URL: url }).webhook?.url).toBe(url);
    }
    expect(only({ ...loopback, WEBHOOK_URL: "http://10.0.0.5:8080/t" }, "WEBHOOK_URL")).toMatch(
      /only over HTTPS/,
    );
    expect(only({ ...WEBHOOK, WEBHOOK_LOOPBACK: "yes" }, "WEBHOOK_LOOPBACK")).toMatch(/"true"/);
  });

  it("an entry point's own defaults apply only where the variable is unset", () => {
    const defaults = { LOG_LEVEL: "warn" } as const;
    const quiet = parseConfig({}, { requireToken: false, defaults });
    const asked = parseConfig({ LOG_LEVEL: "debug" }, { requireToken: false, defaults });
    expect(quiet.ok && quiet.config.logLevel).toBe("warn");
    expect(asked.ok && asked.config.logLevel).toBe("debug");
  });

  it("WEBHOOK_SECRET missing in webhook mode", () => {
    expect(only({ ...WEBHOOK, WEBHOOK_SECRET: "" }, "WEBHOOK_SECRET")).toMatch(/missing/);
  });

  it.each(["has space", "semi;colon", "ünïcode", "x".repeat(257)])(
    "WEBHOOK_SECRET malformed (%s)",
    (value) => {
      expect(only({ ...WEBHOOK, WEBHOOK_SECRET: value }, "WEBHOOK_SECRET")).toMatch(
        /1-256 characters/,
      );
    },
  );

  it("WEBHOOK_SECRET of exactly 256 allowed characters is fine", () => {
    expect(ok({ ...WEBHOOK, WEBHOOK_SECRET: "a".repeat(256) }).webhook?.secret).toHaveLength(256);
  });

  it.each(["0", "65536", "http", "80.5", "-1", "8080x"])(
    "PORT not a whole number from 1 to 65535 (%s)",
    (value) => {
      expect(only({ BOT_TOKEN: TOKEN, PORT: value }, "PORT")).toContain(`"${value}"`);
    },
  );

  it.each(["mysql://db/bot", "sqlite:///var/lib/bot.db", "/var/lib/bot.sqlite", "not a url"])(
    "DATABASE_URL not PostgreSQL (%s): says what is expected, without echoing the value",
    (value) => {
      const message = only({ BOT_TOKEN: TOKEN, DATABASE_URL: value }, "DATABASE_URL");
      expect(message).toMatch(/postgres:\/\//u);
      expect(message).toMatch(/DATA_DIR/u);
      expect(message).not.toContain(value);
    },
  );

  it("DATABASE_URL accepts postgres:// and postgresql://, a Unix socket included", () => {
    for (const url of [
      "postgres://u:p@h/db",
      "postgresql://h:5433/db",
      "postgresql:///bot?host=/run/postgresql",
    ]) {
      expect(ok({ BOT_TOKEN: TOKEN, DATABASE_URL: url }).databaseUrl).toBe(url);
    }
  });

  it.each(["verbose", "warning", "10"])("LOG_LEVEL unknown (%s)", (value) => {
    expect(only({ BOT_TOKEN: TOKEN, LOG_LEVEL: value }, "LOG_LEVEL")).toMatch(/must be one of/);
  });

  it("reports every problem at once, in a stable order", () => {
    const found = problems({
      BOT_MODE: "webhook",
      PORT: "0",
      LOG_LEVEL: "loud",
      BOT_API_ROOT: "nowhere",
      DATABASE_URL: "mysql://db",
    });
    expect(found.map((p) => p.variable)).toEqual([
      "BOT_TOKEN",
      "BOT_API_ROOT",
      "WEBHOOK_URL",
      "WEBHOOK_SECRET",
      "PORT",
      "LOG_LEVEL",
      "DATABASE_URL",
    ]);
  });
});

describe("parseConfig: admins and the question log", () => {
  it("ADMIN_IDS: numeric ids only, one line naming the variable and the expected form", () => {
    for (const bad of ["@alice", "12a", "1,-5", "0", "1.5", "1234567890123456"]) {
      const message = only({ BOT_TOKEN: TOKEN, ADMIN_IDS: bad }, "ADMIN_IDS");
      expect(message).toMatch(/Telegram user ids separated by commas/);
    }
    expect(ok({ BOT_TOKEN: TOKEN, ADMIN_IDS: " 42 , ,7 " }).adminIds).toEqual([42, 7]);
    expect(Object.isFrozen(ok({ BOT_TOKEN: TOKEN, ADMIN_IDS: "42" }).adminIds)).toBe(true);
  });

  it("QUESTION_LOG_DAYS: whole days from 1 to 3650", () => {
    expect(ok({ BOT_TOKEN: TOKEN, QUESTION_LOG_DAYS: "1" }).questionLogDays).toBe(1);
    expect(ok({ BOT_TOKEN: TOKEN, QUESTION_LOG_DAYS: "3650" }).questionLogDays).toBe(3650);
    for (const bad of ["0", "3651", "7.5", "-1", "ninety"]) {
      expect(only({ BOT_TOKEN: TOKEN, QUESTION_LOG_DAYS: bad }, "QUESTION_LOG_DAYS")).toMatch(
        /whole number of days from 1 to 3650/,
      );
    }
  });

  it("LOG_QUESTIONS: true or false, nothing else", () => {
    expect(ok({ BOT_TOKEN: TOKEN, LOG_QUESTIONS: "false" }).logQuestions).toBe(false);
    expect(ok({ BOT_TOKEN: TOKEN, LOG_QUESTIONS: "True" }).logQuestions).toBe(true);
    expect(only({ BOT_TOKEN: TOKEN, LOG_QUESTIONS: "no" }, "LOG_QUESTIONS")).toMatch(
      /"true".*"false"/,
    );
  });
});

describe("formatConfigProblems", () => {
  it("gives one line per problem, starting with the variable", () => {
    const found = problems({ BOT_TOKEN: "bad", PORT: "x" });
    const lines = formatConfigProblems(found).split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^BOT_TOKEN is malformed/);
    expect(lines[1]).toMatch(/^PORT must be/);
  });
});
