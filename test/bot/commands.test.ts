import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { commandMenus, registerBotCommands } from "../../src/bot/commands.js";
import { createLogger } from "../../src/logger.js";
import { validateBotApiCall } from "../../src/telegram-sim/index.js";

function apiRecording(fail: boolean) {
  const calls: { method: string; payload: Record<string, unknown> }[] = [];
  const api = new Api("123456:TEST-token-for-unit-tests_abcdef", { apiRoot: "http://127.0.0.1:9" });
  api.config.use(async (_prev, method, payload) => {
    calls.push({ method, payload: payload as Record<string, unknown> });
    return (
      fail
        ? { ok: false, error_code: 500, description: "Internal Server Error" }
        : { ok: true, result: true }
    ) as never;
  });
  return { api, calls };
}

describe("registerBotCommands", () => {
  it("sets English default and Russian menus for private chats and groups, all valid", async () => {
    const { api, calls } = apiRecording(false);
    const lines: string[] = [];
    const logger = createLogger({
      level: "info",
      destination: { write: (l: string) => lines.push(l) },
    });
    expect(await registerBotCommands(api, logger)).toEqual({ ok: 4, failed: 0 });
    expect(
      calls.map((c) => [
        c.method,
        (c.payload.scope as { type: string }).type,
        c.payload.language_code,
      ]),
    ).toEqual([
      ["setMyCommands", "all_private_chats", undefined],
      ["setMyCommands", "all_private_chats", "ru"],
      ["setMyCommands", "all_group_chats", undefined],
      ["setMyCommands", "all_group_chats", "ru"],
    ]);
    for (const call of calls) expect(validateBotApiCall(call.method, call.payload)).toBeNull();
    const ruPrivate = commandMenus()[1];
    expect(ruPrivate?.commands.find((c) => c.command === "clusters")?.description).toBe(
      "Инновационные кластеры",
    );
    expect(commandMenus()[2]?.commands.map((c) => c.command)).not.toContain("start");
  });

  it("logs and swallows failures", async () => {
    const { api } = apiRecording(true);
    const lines: string[] = [];
    const logger = createLogger({
      level: "info",
      destination: { write: (l: string) => lines.push(l) },
    });
    expect(await registerBotCommands(api, logger)).toEqual({ ok: 0, failed: 4 });
    expect(lines.filter((l) => l.includes("setMyCommands failed"))).toHaveLength(4);
  });
});
