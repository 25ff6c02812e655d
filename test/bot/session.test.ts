/** Sessions in the store (src/bot/session.ts): read per update, written only when changed. */
import { describe, expect, it } from "vitest";
import { sanitizeSession, sessionKey } from "../../src/bot/session.js";
import { memoryState } from "../../src/store/index.js";
import type { SessionStore } from "../../src/store/types.js";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";
import { BotHarness, ENGLISH_USER } from "../support/bot-harness.js";

const textOf = (text: unknown) => parseTelegramHtml(String(text)).text;

/** A memory store whose session calls are recorded, and whose reads can be made to fail. */
function recordingStore() {
  const state = memoryState();
  const log: string[] = [];
  let failReads = false;
  const sessions: SessionStore = {
    get: async (key) => {
      log.push(`get ${key}`);
      if (failReads) throw new Error("connection terminated unexpectedly");
      return state.sessions.get(key);
    },
    set: async (key, value) => {
      log.push(`set ${key} ${JSON.stringify(value)}`);
      await state.sessions.set(key, value);
    },
    delete: async (key) => {
      log.push(`delete ${key}`);
      await state.sessions.delete(key);
    },
    prune: (prefix, maxAgeMs) => state.sessions.prune(prefix, maxAgeMs),
  };
  return {
    store: { ...state, sessions },
    /** The English user's session key: their identity, hashed with the state's salt. */
    key: sessionKey(`user:${ENGLISH_USER.id}`, state.hashUserId),
    raw: state.sessions,
    log,
    failReads: (fail: boolean) => {
      failReads = fail;
    },
  };
}

describe("sessions", () => {
  it("are read once per update and written only when a handler changed them; empty ones are not stored", async () => {
    const { store, log, key: KEY } = recordingStore();
    const h = new BotHarness({ store });
    await h.text("/help");
    await h.text("When did the Tomsk delegation visit Tokyo?");
    // The person's session only: the chat's last answer is kept apart, under its own key.
    const own = () => log.filter((l) => l.includes(KEY));
    expect(own()).toEqual([`get ${KEY}`, `get ${KEY}`]);
    await h.text("/lang");
    await h.press(h.lastSent(), "Русский");
    await h.text("/help");
    expect(own().filter((l) => !l.startsWith("get"))).toEqual([`set ${KEY} {"lang":"ru"}`]);
    expect(h.problems()).toEqual([]);
  });

  it("a failed read falls back to the last state this process knew, not to an empty one", async () => {
    const { store, failReads } = recordingStore();
    const h = new BotHarness({ store });
    await h.text("/lang");
    await h.press(h.lastSent(), "Русский");
    failReads(true);
    const [help] = await h.text("/help");
    expect(textOf(help?.payload.text)).toMatch(/^ℹ️ Что я знаю/u);
    expect(
      h.logLines.some(
        (l) => l.msg === "session read failed; using the last state this process knew",
      ),
    ).toBe(true);
    // …and nothing was written over the stored choice meanwhile.
    failReads(false);
    const [again] = await h.text("/help");
    expect(textOf(again?.payload.text)).toMatch(/^ℹ️ Что я знаю/u);
  });

  it("a stored value of the wrong shape reads as no session", async () => {
    const { store, raw, key } = recordingStore();
    await raw.set(key, { lang: "de", other: 1 });
    const h = new BotHarness({ store });
    const [help] = await h.text("/help");
    expect(textOf(help?.payload.text)).toMatch(/^ℹ️ What I know/u);
  });

  it("sanitizeSession keeps known fields with valid values only", () => {
    expect(sanitizeSession({ lang: "ru", other: 1 })).toEqual({ lang: "ru" });
    expect(sanitizeSession({ lang: "de" })).toEqual({});
    expect(sanitizeSession("ru")).toEqual({});
    expect(sanitizeSession(null)).toEqual({});
  });
});
