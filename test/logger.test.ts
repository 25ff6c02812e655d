import { describe, expect, it } from "vitest";
import { captureLog } from "./runtime/log-capture.js";

const TOKEN = "123456789:AAHfake-token_for-tests-only-0123456789";

describe("createLogger", () => {
  it("writes JSON lines with level, time and message", () => {
    const log = captureLog({ level: "info" });
    log.logger.info({ updateId: 7 }, "handled");
    const [record] = log.records();
    expect(record).toMatchObject({ level: 30, msg: "handled", updateId: 7 });
    expect(typeof record?.time).toBe("string");
  });

  it("honours the level", () => {
    const log = captureLog({ level: "warn" });
    log.logger.info("not shown");
    log.logger.debug("not shown either");
    log.logger.warn("shown");
    expect(log.records().map((r) => r.msg)).toEqual(["shown"]);
  });

  it("scrubs the token from messages, fields, nested errors and URLs", () => {
    const log = captureLog({ secrets: [TOKEN] });
    log.logger.error(`request to https://api.telegram.org/bot${TOKEN}/getUpdates failed`);
    log.logger.warn({ url: `http://127.0.0.1:1/bot${TOKEN}/sendMessage` }, "retrying");
    log.logger.error({ err: new Error(`reason: bot${TOKEN} refused`) }, "failed");
    log.logger.info({ nested: { deeper: [TOKEN] } }, "deep");
    expect(log.lines).toHaveLength(4);
    expect(log.text()).not.toContain(TOKEN);
    expect(log.text()).not.toContain("AAHfake-token_for-tests-only");
    expect(log.text()).toContain("[REDACTED]");
  });

  it("scrubs anything shaped like a token, even one it was not told about", () => {
    const log = captureLog();
    const other = "987654321:ZZZanother-token-shape_0123456789abc";
    log.logger.warn({ detail: `bot${other}/getMe` }, "unknown token");
    expect(log.text()).not.toContain(other);
  });

  it("scrubs secrets that do not look like tokens (the webhook secret)", () => {
    const log = captureLog({ secrets: ["webhook-secret-value"] });
    log.logger.info({ header: "webhook-secret-value" }, "header");
    expect(log.text()).not.toContain("webhook-secret-value");
  });
});
