import { expect, it } from "vitest";
import { describeStore } from "./dialects.js";

const rule = { limit: 3, windowMs: 3000 };

describeStore("rate limits", (harness) => {
  it("allows a burst of `limit`, then one per windowMs / limit", async () => {
    const { clock, open } = harness();
    const store = await open();
    const hit = () => store.rateLimits.hit("user:1", rule);
    expect((await Promise.all([hit(), hit(), hit()])).map((d) => d.allowed)).toEqual([
      true,
      true,
      true,
    ]);
    expect(await hit()).toEqual({ allowed: false, retryAfterMs: 1000 });
    clock.advance(400);
    // A refused event does not count: the wait shrinks as time passes.
    expect(await hit()).toEqual({ allowed: false, retryAfterMs: 600 });
    clock.advance(600);
    expect((await hit()).allowed).toBe(true);
    expect((await hit()).allowed).toBe(false);
  });

  it("recovers the whole burst after a quiet window, and keys are independent", async () => {
    const { clock, open } = harness();
    const store = await open();
    for (let i = 0; i < 3; i++) await store.rateLimits.hit("user:1", rule);
    expect((await store.rateLimits.hit("user:1", rule)).allowed).toBe(false);
    expect((await store.rateLimits.hit("chat:-5", rule)).allowed).toBe(true);
    clock.advance(3000);
    const burst = [];
    for (let i = 0; i < 4; i++) burst.push((await store.rateLimits.hit("user:1", rule)).allowed);
    expect(burst).toEqual([true, true, true, false]);
  });

  it("counts hits from every replica against one budget", async () => {
    const { open } = harness();
    const [a, b] = [await open(), await open()];
    const limit = { limit: 10, windowMs: 60_000 };
    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).rateLimits.hit("user:7", limit)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
  });

  it("prunes counters that have recovered, and only those", async () => {
    const { clock, open } = harness();
    const store = await open();
    await store.rateLimits.hit("old", rule);
    clock.advance(2000);
    await store.rateLimits.hit("recent", rule);
    expect(await store.rateLimits.prune()).toBe(1);
    // "recent" kept its state: two more fit in its burst, not three.
    const after = [];
    for (let i = 0; i < 3; i++) after.push((await store.rateLimits.hit("recent", rule)).allowed);
    expect(after).toEqual([true, true, false]);
  });

  it("refuses a rule that cannot be met", async () => {
    const store = await harness().open();
    await expect(store.rateLimits.hit("k", { limit: 0, windowMs: 1000 })).rejects.toThrow(
      RangeError,
    );
    await expect(store.rateLimits.hit("k", { limit: 1.5, windowMs: 1000 })).rejects.toThrow(
      RangeError,
    );
    await expect(store.rateLimits.hit("k", { limit: 1, windowMs: 0 })).rejects.toThrow(RangeError);
  });
});
