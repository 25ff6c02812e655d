/**
 * The inbox's two halves on a real store, SQLite and PostgreSQL: intake (stored once, repeats
 * recognised, a chat's backlog bounded) and the dispatcher (claims, per-chat order, fairness,
 * stop and hand-back, takeover after a lease runs out, giving up on a poison update).
 * Handlers are gates the tests open; the store's clock is moved by hand.
 */
import type { Update } from "grammy/types";
import { expect, it } from "vitest";
import { Dispatcher } from "../../src/runtime/dispatcher.js";
import { createIntake } from "../../src/runtime/intake.js";
import type { Store } from "../../src/store/index.js";
import { UpdateFactory } from "../../src/telegram-sim/index.js";
import { describeStore } from "../store/dialects.js";
import { Recorder } from "../support/recorder.js";
import { captureLog } from "./log-capture.js";

const factory = new UpdateFactory();
const user = (id: number) => factory.user({ id, language_code: "en" });
/** A message from user `id` in their private chat. */
const message = (id: number, text: string): Update =>
  factory.textMessage(text, { from: user(id), chat: factory.privateChat(user(id)) });

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** A dispatcher on `store` whose handler records texts and waits at `gates[text]` if there is one. */
function dispatcherOn(
  store: Store,
  options: {
    claimant?: string;
    concurrency?: number;
    gates?: Record<string, Promise<void>>;
    idlePollMs?: number;
    maxAttempts?: number;
  } = {},
) {
  const started = new Recorder<string>();
  const finished = new Recorder<string>();
  const log = captureLog();
  const dispatcher = new Dispatcher({
    inbox: store.inbox,
    logger: log.logger,
    claimant: options.claimant ?? "test",
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
    timings: { idlePollMs: options.idlePollMs ?? 60_000, renewEveryMs: 60_000, leaseMs: 30_000 },
    handle: async (update) => {
      const text = update.message?.text ?? "";
      started.push(text);
      await options.gates?.[text];
      finished.push(text);
    },
  });
  const intake = createIntake({
    inbox: store.inbox,
    logger: log.logger,
    onStored: () => dispatcher.wake(),
  });
  return { dispatcher, intake, started, finished, log };
}

describeStore("intake and dispatcher", (harness) => {
  it("handles every stored update once, marks it done, and recognises a redelivery", async () => {
    const store = await harness().open();
    const { dispatcher, intake, finished } = dispatcherOn(store);
    dispatcher.start();
    const updates = [message(1, "a"), message(2, "b"), message(3, "c")];
    expect((await intake.accept(updates)).stored).toEqual(updates.map((u) => u.update_id));
    await finished.count(3);
    expect((await dispatcher.stop()).abandoned).toEqual([]);
    expect(await store.inbox.unfinished()).toEqual([]);
    // Telegram delivering the same update again, a day later: not handled twice.
    harness().clock.advance(24 * 60 * 60 * 1000 - 1);
    expect(await store.inbox.prune(24 * 60 * 60 * 1000)).toBe(0);
    const again = await intake.accept([updates[0] as Update]);
    expect(again).toEqual({ stored: [], repeated: [updates[0]?.update_id], dropped: [] });
    expect(finished.values.sort()).toEqual(["a", "b", "c"]);
  });

  it("keeps a chat's order; a chat whose handling waits holds one slot, never its backlog's", async () => {
    const store = await harness().open();
    const slow = gate();
    const { dispatcher, intake, started, finished } = dispatcherOn(store, {
      concurrency: 2,
      gates: { s1: slow.opened },
    });
    dispatcher.start();
    // The slow chat's first reply waits (a flood wait); it has four more queued.
    await intake.accept(["s1", "s2", "s3", "s4", "s5"].map((t) => message(1, t)));
    await started.count(1);
    // Six other people write meanwhile: all answered through the one slot left.
    await intake.accept([2, 3, 4, 5, 6, 7].map((id) => message(id, `other${id}`)));
    await finished.count(6);
    expect(started.values.filter((t) => t.startsWith("s"))).toEqual(["s1"]);
    slow.open();
    await finished.count(11);
    expect(finished.values.filter((t) => t.startsWith("s"))).toEqual([
      "s1",
      "s2",
      "s3",
      "s4",
      "s5",
    ]);
    await dispatcher.stop();
  });

  it("keeps one user's updates in order across chats, within a process", async () => {
    const store = await harness().open();
    const first = gate();
    const { dispatcher, intake, started, finished } = dispatcherOn(store, {
      gates: { "in the group": first.opened },
    });
    dispatcher.start();
    const group = factory.supergroup();
    await intake.accept([
      factory.textMessage("in the group", { from: user(9), chat: group }),
      message(9, "in private"),
      message(10, "someone else"),
    ]);
    await finished.until((v) => v.includes("someone else"));
    expect(started.values).not.toContain("in private");
    first.open();
    await finished.count(3);
    expect(finished.values.indexOf("in private")).toBeGreaterThan(
      finished.values.indexOf("in the group"),
    );
    await dispatcher.stop();
  });

  it("at stop, finishes what runs, leaves the rest in the inbox, and hands back what outlives the deadline", async () => {
    const store = await harness().open();
    const stuck = gate();
    const { dispatcher, intake, started } = dispatcherOn(store, {
      gates: { stuck: stuck.opened },
    });
    dispatcher.start();
    const updates = [message(1, "stuck"), message(1, "queued behind it")];
    await intake.accept(updates);
    await started.count(1);
    const report = await dispatcher.stop(AbortSignal.abort());
    expect(report.abandoned).toEqual([updates[0]?.update_id]);
    const left = await store.inbox.unfinished();
    expect(left.map((u) => [u.updateId, u.status])).toEqual([
      [updates[0]?.update_id, "pending"],
      [updates[1]?.update_id, "pending"],
    ]);
    // The next start (same claimant) handles both, the given-up one first, and says it may repeat.
    const next = dispatcherOn(store);
    next.dispatcher.start();
    next.dispatcher.wake();
    await next.finished.count(2);
    expect(next.finished.values).toEqual(["stuck", "queued behind it"]);
    expect(
      next.log.records().some((r) => r.updateId === updates[0]?.update_id && r.attempts === 2),
    ).toBe(true);
    await next.dispatcher.stop();
    stuck.open();
  });

  it("takes over an update whose claimant vanished once its lease has run out", async () => {
    const { open, clock } = harness();
    const [dead, alive] = [await open(), await open()];
    const update = message(1, "orphan");
    await createIntake({
      inbox: dead.inbox,
      logger: captureLog().logger,
      onStored: () => {},
    }).accept([update]);
    expect(await dead.inbox.claim({ claimant: "dead", limit: 10, leaseMs: 30_000 })).toHaveLength(
      1,
    );
    const { dispatcher, finished } = dispatcherOn(alive, { claimant: "alive", idlePollMs: 5 });
    dispatcher.start();
    // While the lease holds nothing happens; once it has run out, the other replica takes it.
    clock.advance(30_000);
    await finished.count(1);
    expect(finished.values).toEqual(["orphan"]);
    await dispatcher.stop();
    expect(await alive.inbox.unfinished()).toEqual([]);
  });

  it("gives up an update that every attempt to handle it ended with its process", async () => {
    const store = await harness().open();
    const update = message(1, "poison");
    await store.inbox.insertMany([
      { updateId: update.update_id, chatKey: "chat:1", payload: update },
    ]);
    for (let i = 0; i < 3; i++) {
      await store.inbox.claim({ claimant: "test", limit: 1, leaseMs: 1000 });
      await store.inbox.release("test");
    }
    const { dispatcher, started, log } = dispatcherOn(store, { maxAttempts: 3 });
    dispatcher.start();
    await log.waitFor(
      (r) => r.msg === "inbox: update given up: every attempt to handle it ended with its process",
    );
    await dispatcher.stop();
    expect(started.values).toEqual([]);
    expect(await store.inbox.unfinished()).toEqual([]);
  });

  it("stores the updates handed over in one turn in one write, and tells each caller of its own", async () => {
    const store = await harness().open();
    const writes: number[][] = [];
    const inbox = {
      ...store.inbox,
      insertMany: (rows: Parameters<Store["inbox"]["insertMany"]>[0]) => {
        writes.push(rows.map((r) => r.updateId));
        return store.inbox.insertMany(rows);
      },
    };
    const intake = createIntake({ inbox, logger: captureLog().logger, onStored: () => {} });
    const [a, b, c] = [message(1, "a"), message(2, "b"), message(3, "c")];
    await intake.accept([a as Update]);
    // Three webhook requests at once, one of them a redelivery of a.
    const results = await Promise.all([
      intake.accept([b as Update]),
      intake.accept([c as Update]),
      intake.accept([a as Update]),
    ]);
    expect(writes).toEqual([[a.update_id], [b.update_id, c.update_id, a.update_id]]);
    expect(results).toEqual([
      { stored: [b.update_id], repeated: [], dropped: [] },
      { stored: [c.update_id], repeated: [], dropped: [] },
      { stored: [], repeated: [a.update_id], dropped: [] },
    ]);
  });

  it("counts a chat's backlog in the store only when its estimate reaches the bound", async () => {
    const store = await harness().open();
    let counted = 0;
    const inbox = {
      ...store.inbox,
      backlog: (keys: readonly string[]) => {
        counted++;
        return store.inbox.backlog(keys);
      },
    };
    const intake = createIntake({
      inbox,
      logger: captureLog().logger,
      onStored: () => {},
      maxBacklog: 5,
    });
    // A chat whose every update is handled before the next comes: its backlog stays at 1.
    for (let i = 1; i <= 12; i++) {
      const update = message(1, `one at a time ${i}`);
      expect((await intake.accept([update])).dropped).toEqual([]);
      await store.inbox.markDone([update.update_id]);
    }
    // Asked at the 5th update and at the 9th (finding 1 unfinished each time), not at every one.
    expect(counted).toBe(2);
  });

  it("bounds a chat's backlog: the newest beyond it are dropped, told once, and logged", async () => {
    const store = await harness().open();
    const log = captureLog();
    const told = new Recorder<number>();
    const intake = createIntake({
      inbox: store.inbox,
      logger: log.logger,
      onStored: () => {},
      maxBacklog: 3,
      onDropped: async (updates) => {
        for (const update of updates) told.push(update.update_id);
      },
      keyOf: (update) => `hash(chat:${update.message?.chat.id})`,
    });
    const flood = [1, 2, 3, 4, 5].map((i) => message(1, `flood ${i}`));
    const result = await intake.accept(flood);
    expect(result.dropped).toEqual([flood[4]?.update_id, flood[3]?.update_id]);
    await told.count(2);
    const more = await intake.accept([message(1, "flood 6"), message(2, "another chat")]);
    expect(more.dropped).toHaveLength(1);
    expect((await store.inbox.unfinished()).map((u) => u.chatKey)).toEqual([
      "hash(chat:1)",
      "hash(chat:1)",
      "hash(chat:1)",
      "hash(chat:2)",
    ]);
    const warnings = log
      .records()
      .filter(
        (r) =>
          r.msg === "inbox: a chat's backlog is full; its newest updates are dropped unhandled",
      );
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ chat: "hash(chat:1)", maxBacklog: 3 });
  });
});
