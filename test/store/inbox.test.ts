import { expect, it } from "vitest";
import type { ClaimedUpdate, IncomingUpdate, Store } from "../../src/store/index.js";
import { MIN_INBOX_RETENTION_MS } from "../../src/store/index.js";
import { describeStore } from "./dialects.js";

const HOUR = 60 * 60 * 1000;
const LEASE = 30_000;

const update = (updateId: number, chatKey: string, text = `u${updateId}`): IncomingUpdate => ({
  updateId,
  chatKey,
  payload: { update_id: updateId, message: { text } },
});
const ids = (claimed: readonly ClaimedUpdate[]) => claimed.map((c) => c.updateId);

describeStore("inbox", (harness) => {
  it("stores new updates and reports an id already seen as not new, whatever its state", async () => {
    const store = await harness().open();
    expect(await store.inbox.insertMany([update(3, "a"), update(1, "b"), update(2, "a")])).toEqual([
      1, 2, 3,
    ]);
    const [claimed] = await store.inbox.claim({ claimant: "r1", limit: 1, leaseMs: LEASE });
    await store.inbox.markDone([2]);
    // 1 is in progress, 2 done, 3 pending: none of them is new; 4 is, once, even if listed twice.
    expect(claimed?.updateId).toBe(1);
    expect(
      await store.inbox.insertMany([
        update(1, "b"),
        update(2, "a"),
        update(3, "a"),
        update(4, "c"),
        update(4, "c"),
      ]),
    ).toEqual([4]);
    expect(await store.inbox.insertMany([])).toEqual([]);
  });

  it("hands out the stored payload and counts attempts", async () => {
    const store = await harness().open();
    await store.inbox.insertMany([update(7, "chat:1", "привет <b>&")]);
    const [claimed] = await store.inbox.claim({ claimant: "r1", limit: 10, leaseMs: LEASE });
    expect(claimed).toEqual({
      updateId: 7,
      chatKey: "chat:1",
      payload: { update_id: 7, message: { text: "привет <b>&" } },
      receivedAt: harness().clock.now(),
      attempts: 1,
      leaseUntil: harness().clock.now() + LEASE,
    });
  });

  it("claims the oldest first, one per chat, and a chat's next update only after its previous is done", async () => {
    const store = await harness().open();
    await store.inbox.insertMany([
      update(1, "a"),
      update(2, "a"),
      update(3, "b"),
      update(4, "a"),
      update(5, "c"),
    ]);
    const claim = (limit = 10) => store.inbox.claim({ claimant: "r1", limit, leaseMs: LEASE });

    expect(ids(await claim(2))).toEqual([1, 3]);
    // 2 waits for 1 (in progress); 4 waits for 2 (pending); 5 is free.
    expect(ids(await claim())).toEqual([5]);
    expect(ids(await claim())).toEqual([]);
    await store.inbox.markDone([3]);
    expect(ids(await claim())).toEqual([]);
    await store.inbox.markDone([1]);
    expect(ids(await claim())).toEqual([2]);
    await store.inbox.markDone([2]);
    expect(ids(await claim())).toEqual([4]);
  });

  it("an earlier update that arrives late waits while its chat has a later one in progress", async () => {
    const store = await harness().open();
    await store.inbox.insertMany([update(5, "a")]);
    expect(ids(await store.inbox.claim({ claimant: "r1", limit: 10, leaseMs: LEASE }))).toEqual([
      5,
    ]);
    await store.inbox.insertMany([update(4, "a"), update(6, "b")]);
    expect(ids(await store.inbox.claim({ claimant: "r1", limit: 10, leaseMs: LEASE }))).toEqual([
      6,
    ]);
    await store.inbox.markDone([5]);
    expect(ids(await store.inbox.claim({ claimant: "r1", limit: 10, leaseMs: LEASE }))).toEqual([
      4,
    ]);
  });

  it("an expired update is reclaimed before newer pending ones, within the limit", async () => {
    const { clock, open } = harness();
    const store = await open();
    await store.inbox.insertMany([update(1, "a"), update(2, "b")]);
    await store.inbox.claim({ claimant: "A", limit: 1, leaseMs: LEASE });
    clock.advance(LEASE);
    await store.inbox.insertMany([update(3, "c")]);
    expect(ids(await store.inbox.claim({ claimant: "B", limit: 2, leaseMs: LEASE }))).toEqual([
      1, 2,
    ]);
    expect(ids(await store.inbox.claim({ claimant: "B", limit: 2, leaseMs: LEASE }))).toEqual([3]);
  });

  it("marks finished updates done and claims the next in one call", async () => {
    const store = await harness().open();
    await store.inbox.insertMany([update(1, "a"), update(2, "a"), update(3, "b")]);
    expect(ids(await store.inbox.claim({ claimant: "r1", limit: 2, leaseMs: LEASE }))).toEqual([
      1, 3,
    ]);
    // 1 done frees its chat, so 2 comes in the same call; 3 stays in progress.
    const next = await store.inbox.claim({ claimant: "r1", limit: 1, leaseMs: LEASE, done: [1] });
    expect(ids(next)).toEqual([2]);
    expect((await store.inbox.unfinished()).map((u) => u.updateId)).toEqual([2, 3]);
    expect(
      await store.inbox.claim({ claimant: "r1", limit: 0, leaseMs: LEASE, done: [2, 3] }),
    ).toEqual([]);
    expect(await store.inbox.unfinished()).toEqual([]);
  });

  it("a done update is never claimed again, and its payload is dropped", async () => {
    const store = await harness().open();
    await store.inbox.insertMany([update(1, "a")]);
    await store.inbox.markDone([1]);
    harness().clock.advance(10 * LEASE);
    expect(await store.inbox.claim({ claimant: "r1", limit: 10, leaseMs: LEASE })).toEqual([]);
    expect(await store.inbox.unfinished()).toEqual([]);
  });

  it("lets another replica reclaim an update whose lease ran out, not before", async () => {
    const { clock, open } = harness();
    const [a, b] = [await open(), await open()];
    await a.inbox.insertMany([update(1, "a"), update(2, "a")]);
    expect(ids(await a.inbox.claim({ claimant: "A", limit: 10, leaseMs: LEASE }))).toEqual([1]);

    clock.advance(LEASE - 1);
    expect(await b.inbox.claim({ claimant: "B", limit: 10, leaseMs: LEASE })).toEqual([]);
    clock.advance(1);
    const [reclaimed, ...rest] = await b.inbox.claim({ claimant: "B", limit: 10, leaseMs: LEASE });
    // The expired update comes back, with its payload; the chat's next one still waits for it.
    expect(rest).toEqual([]);
    expect(reclaimed).toMatchObject({ updateId: 1, attempts: 2, payload: { update_id: 1 } });
    // A's lease is gone: it cannot renew or release what B now holds.
    expect(await a.inbox.renewLeases("A", [1], LEASE)).toEqual([]);
    expect(await a.inbox.release("A")).toBe(0);
    expect(await b.inbox.renewLeases("B", [1], LEASE)).toEqual([1]);
  });

  it("with expired: false, a claim takes pending updates only, and an expired one still holds its chat", async () => {
    const { clock, open } = harness();
    const [a, b] = [await open(), await open()];
    await a.inbox.insertMany([update(1, "a"), update(2, "a"), update(3, "b")]);
    expect(ids(await a.inbox.claim({ claimant: "A", limit: 1, leaseMs: LEASE }))).toEqual([1]);
    clock.advance(LEASE);
    const quick = { claimant: "B", limit: 10, leaseMs: LEASE, expired: false };
    expect(ids(await b.inbox.claim(quick))).toEqual([3]);
    expect(ids(await b.inbox.claim({ ...quick, expired: true }))).toEqual([1]);
  });

  it("renewing a lease keeps the update from being reclaimed", async () => {
    const { clock, open } = harness();
    const store = await open();
    await store.inbox.insertMany([update(1, "a")]);
    await store.inbox.claim({ claimant: "A", limit: 1, leaseMs: LEASE });
    clock.advance(LEASE - 1000);
    expect(await store.inbox.renewLeases("A", [1, 99], LEASE)).toEqual([1]);
    clock.advance(LEASE - 1000);
    expect(await store.inbox.claim({ claimant: "B", limit: 1, leaseMs: LEASE })).toEqual([]);
  });

  it("release hands back only the claimant's updates, which are then claimable at once", async () => {
    const store = await harness().open();
    await store.inbox.insertMany([update(1, "a"), update(2, "b"), update(3, "c")]);
    await store.inbox.claim({ claimant: "A", limit: 2, leaseMs: LEASE });
    await store.inbox.claim({ claimant: "B", limit: 1, leaseMs: LEASE });
    expect(await store.inbox.release("A", [2])).toBe(1);
    expect(await store.inbox.release("A")).toBe(1);
    const unfinished = await store.inbox.unfinished();
    expect(unfinished.map((u) => [u.updateId, u.status, u.claimedBy])).toEqual([
      [1, "pending", null],
      [2, "pending", null],
      [3, "in_progress", "B"],
    ]);
    expect(ids(await store.inbox.claim({ claimant: "C", limit: 10, leaseMs: LEASE }))).toEqual([
      1, 2,
    ]);
  });

  it("lists unfinished updates and counts each chat's backlog", async () => {
    const store = await harness().open();
    await store.inbox.insertMany([update(1, "a"), update(2, "a"), update(3, "b"), update(4, "c")]);
    await store.inbox.claim({ claimant: "A", limit: 1, leaseMs: LEASE });
    await store.inbox.markDone([4]);
    expect((await store.inbox.unfinished()).map((u) => [u.updateId, u.status])).toEqual([
      [1, "in_progress"],
      [2, "pending"],
      [3, "pending"],
    ]);
    expect(await store.inbox.backlog(["a", "b", "c", "nobody"])).toEqual(
      new Map([
        ["a", 2],
        ["b", 1],
        ["c", 0],
        ["nobody", 0],
      ]),
    );
  });

  it("prunes only done updates older than the retention, and refuses less than 24 h", async () => {
    const { clock, open } = harness();
    const store = await open();
    await store.inbox.insertMany([update(1, "a"), update(2, "b")]);
    await store.inbox.markDone([1]);
    clock.advance(2 * HOUR);
    await store.inbox.insertMany([update(3, "c")]);
    await store.inbox.markDone([3]);
    clock.advance(MIN_INBOX_RETENTION_MS - HOUR);

    await expect(store.inbox.prune(MIN_INBOX_RETENTION_MS - 1)).rejects.toThrow(/24 h/);
    // 1 is done and 25 h old; 2 is old but unfinished; 3 is done but 23 h old.
    expect(await store.inbox.prune(MIN_INBOX_RETENTION_MS)).toBe(1);
    expect(await store.inbox.insertMany([update(1, "a"), update(2, "b"), update(3, "c")])).toEqual([
      1,
    ]);
    expect((await store.inbox.unfinished()).map((u) => u.updateId)).toEqual([1, 2]);
  });

  it("large batches are stored whole", async () => {
    const store = await harness().open();
    const batch = Array.from({ length: 1234 }, (_, i) => update(i + 1, `chat:${i % 7}`));
    expect(await store.inbox.insertMany(batch)).toHaveLength(1234);
    expect(await store.inbox.insertMany(batch)).toEqual([]);
    expect([...(await store.inbox.backlog(["chat:0"])).values()]).toEqual([177]);
  });

  it("two replicas inserting the same deliveries each report an update new exactly once", async () => {
    const { open } = harness();
    const [a, b] = [await open(), await open()];
    const batches = Array.from({ length: 20 }, (_, i) =>
      Array.from({ length: 10 }, (_, j) => update(i * 5 + j, `chat:${j % 3}`)),
    );
    const results = await Promise.all(
      batches.flatMap((batch) => [a.inbox.insertMany(batch), b.inbox.insertMany(batch)]),
    );
    const reported = results.flat().sort((x, y) => x - y);
    const expected = [...new Set(batches.flat().map((u) => u.updateId))].sort((x, y) => x - y);
    expect(reported).toEqual(expected);
  });

  it("two replicas draining one inbox never handle an update twice and keep each chat's order", async () => {
    const { open } = harness();
    const replicas = [await open(), await open()];
    const chats = 12;
    const total = 240;
    await replicas[0]?.inbox.insertMany(
      Array.from({ length: total }, (_, i) => update(1000 + i, `chat:${(i * 7) % chats}`)),
    );
    const handled: { id: number; chat: string }[] = [];
    const busyChats = new Set<string>();
    const violations: string[] = [];

    // Three workers per replica, each claiming a few at a time, as the runtime would.
    const worker = async (store: Store, name: string) => {
      for (let idle = 0; idle < 3; ) {
        const claimed = await store.inbox.claim({ claimant: name, limit: 4, leaseMs: LEASE });
        if (claimed.length === 0) {
          idle++;
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        idle = 0;
        for (const c of claimed) {
          if (busyChats.has(c.chatKey))
            violations.push(`${c.chatKey} claimed twice at once (${c.updateId})`);
          busyChats.add(c.chatKey);
        }
        await new Promise((resolve) => setImmediate(resolve));
        for (const c of claimed) {
          handled.push({ id: c.updateId, chat: c.chatKey });
          busyChats.delete(c.chatKey);
        }
        await store.inbox.markDone(ids(claimed));
      }
    };
    await Promise.all(
      replicas.flatMap((store, r) =>
        [0, 1, 2].map((w) => worker(store as Store, `replica${r}/${w}`)),
      ),
    );

    expect(violations).toEqual([]);
    const handledIds = handled.map((h) => h.id);
    expect(new Set(handledIds).size).toBe(handledIds.length);
    expect(handledIds.length).toBe(total);
    for (let c = 0; c < chats; c++) {
      const order = handled.filter((h) => h.chat === `chat:${c}`).map((h) => h.id);
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
  });
});
