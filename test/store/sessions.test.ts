import { session } from "grammy";
import { expect, it } from "vitest";
import { sessionAdapter } from "../../src/store/index.js";
import { describeStore } from "./dialects.js";

describeStore("sessions", (harness) => {
  it("keeps a JSON value per key until it is replaced or deleted", async () => {
    const store = await harness().open();
    expect(await store.sessions.get("user:1")).toBeUndefined();
    await store.sessions.set("user:1", { lang: "ru", history: ["кластеры", 3, null] });
    await store.sessions.set("user:2", { lang: "en" });
    await store.sessions.set("user:1", { lang: "en" });
    expect(await store.sessions.get("user:1")).toEqual({ lang: "en" });
    await store.sessions.delete("user:1");
    await store.sessions.delete("user:404");
    expect(await store.sessions.get("user:1")).toBeUndefined();
    expect(await store.sessions.get("user:2")).toEqual({ lang: "en" });
  });

  it("a value written through one replica is read by another", async () => {
    const { open } = harness();
    const [a, b] = [await open(), await open()];
    await a.sessions.set("chat:-100", { lang: "ru" });
    expect(await b.sessions.get("chat:-100")).toEqual({ lang: "ru" });
  });

  it("refuses a value that is not JSON rather than storing nothing", async () => {
    const store = await harness().open();
    await expect(store.sessions.set("k", undefined)).rejects.toThrow(/not JSON/);
  });

  it("serves as grammY's session storage, each prefix apart", async () => {
    const store = await harness().open();
    const lang = sessionAdapter<{ lang: string }>(store.sessions, "lang:");
    const conv = sessionAdapter<{ turns: number }>(store.sessions, "conv:");
    await lang.write("42", { lang: "ru" });
    await conv.write("42", { turns: 2 });
    expect(await lang.read("42")).toEqual({ lang: "ru" });
    expect(await store.sessions.get("conv:42")).toEqual({ turns: 2 });
    await lang.delete("42");
    expect(await lang.read("42")).toBeUndefined();
    expect(await conv.read("42")).toEqual({ turns: 2 });
    // grammY accepts it as a storage adapter.
    expect(typeof session({ initial: () => ({ lang: "en" }), storage: lang })).toBe("function");
  });

  it("prunes the entries under a prefix not written for a while, and only those", async () => {
    const h = harness();
    const store = await h.open();
    await store.sessions.set("conversation:a", { at: 1 });
    await store.sessions.set("session:a", { lang: "ru" });
    h.clock.advance(10 * 60_000);
    await store.sessions.set("conversation:b", { at: 2 });
    h.clock.advance(6 * 60_000);
    // conversation:a is 16 minutes old, conversation:b 6: only a goes; sessions stay.
    expect(await store.sessions.prune("conversation:", 15 * 60_000)).toBe(1);
    expect(await store.sessions.get("conversation:a")).toBeUndefined();
    expect(await store.sessions.get("conversation:b")).toEqual({ at: 2 });
    expect(await store.sessions.get("session:a")).toEqual({ lang: "ru" });
  });
});
