/**
 * Two webhook replicas on one PostgreSQL, as behind a load balancer: the bot as `npm start`
 * runs it (launchBot, in process) twice, with DATABASE_URL naming one database (a schema of its
 * own), against the Telegram simulator. The test is the load balancer: it POSTs each update
 * to the replica it chooses, with the secret.
 *
 * - the same update delivered to both → stored once, one reply;
 * - /lang chosen through one replica → the other speaks that language;
 * - one replica killed while its reply is on the way → Telegram's redelivery goes to the
 *   other, which takes the update over once the dead one's claim runs out → one reply.
 *
 * The replicas' store clock is the test's: a claim running out is a clock moved, not a wait.
 * Which replica handles an update is up to their claims; where a test needs one to, it holds
 * the other's claims (hold()), as a replica busy elsewhere would.
 */
import type { Message, Update, User } from "grammy/types";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { SECRET_HEADER } from "../../src/runtime/webhook.js";
import { openStore, type Store } from "../../src/store/index.js";
import { TelegramSimulator } from "../../src/telegram-sim/index.js";
import { freshUser } from "../support/conversation.js";
import { E2E_TIMEOUT, freePort, RunningBot } from "../support/running-bot.js";
import { freshSchema, type TestSchema } from "../support/schema.js";

const postgres = inject("postgres");
const SECRET = "replica_secret-0123456789";
const LEASE_MS = 30_000;

let sim: TelegramSimulator;
let schema: TestSchema;
let store: Store;
let clock = 0;
const replicas: RunningBot[] = [];

beforeEach(async () => {
  if (!("url" in postgres)) return;
  clock = Date.now();
  sim = new TelegramSimulator();
  await sim.listen();
  schema = await freshSchema(postgres.url);
  // The test's own look at the shared store.
  store = await openStore({ databaseUrl: schema.url, logger: pino({ level: "silent" }) });
});

afterEach(async () => {
  if (!("url" in postgres)) return;
  await Promise.all(replicas.splice(0).map((replica) => replica.kill()));
  await store.close();
  await sim.close();
  await schema.drop();
});

/**
 * A replica listening on its own port, on the shared database. `hold(true)` keeps it from
 * claiming anything (its claims only mark done what it finished) once the claims it had under
 * way have ended; it starts held when `held` is set.
 */
async function replica(held = false): Promise<Replica> {
  const port = await freePort();
  let holding = held;
  const claims = new Set<Promise<unknown>>();
  const bot = await RunningBot.start({
    sim,
    env: {
      BOT_MODE: "webhook",
      WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`,
      WEBHOOK_LOOPBACK: "true",
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      DATABASE_URL: schema.url,
    },
    store: { now: () => clock, poolSize: 4 },
    timings: { dispatcher: { leaseMs: LEASE_MS } },
    wrapStore: (opened) => ({
      ...opened,
      inbox: {
        ...opened.inbox,
        claim: (claim) => {
          const claiming = opened.inbox.claim(holding ? { ...claim, limit: 0 } : claim);
          claims.add(claiming);
          void claiming.finally(() => claims.delete(claiming)).catch(() => {});
          return claiming;
        },
      },
    }),
  });
  replicas.push(bot);
  return Object.assign(bot, {
    async hold(hold: boolean) {
      holding = hold;
      if (hold) await Promise.allSettled([...claims]);
    },
  });
}

type Replica = RunningBot & { hold(hold: boolean): Promise<void> };

/** What the load balancer does: POST the update to one replica; resolves with the status. */
async function deliver(to: RunningBot, update: Update): Promise<number> {
  const { port } = to.service.address ?? { port: 0 };
  const response = await fetch(`http://127.0.0.1:${port}/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", [SECRET_HEADER]: SECRET },
    body: JSON.stringify(update),
  });
  return response.status;
}

/** A message from `user` in their private chat, known to the simulated Telegram. */
const says = (user: User, text: string): Update =>
  sim.receive(sim.updates.textMessage(text, { from: user, chat: sim.updates.privateChat(user) }));

/** The bot's messages in a user's private chat. */
const repliesTo = (user: User): Message[] =>
  sim.messagesIn(user.id).filter((m) => m.from?.id === sim.botInfo.id);

/** Waits until one of the replicas has handled the update; returns which. */
function handledBy(updateId: number, ...bots: RunningBot[]): Promise<RunningBot> {
  return Promise.any(bots.map((bot) => bot.handled(updateId).then(() => bot)));
}

/** Resolves once nothing is left unfinished in the shared inbox (done marks follow the log line). */
async function inboxDrained(): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if ((await store.inbox.unfinished()).length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("updates left unfinished in the inbox");
}

const linesOf = (updateId: number, ...bots: RunningBot[]) =>
  bots.flatMap((bot) => bot.updateLines(updateId));

describe.skipIf("skip" in postgres)(
  "two webhook replicas on one PostgreSQL",
  { timeout: E2E_TIMEOUT },
  () => {
    it("the same update delivered to both is stored once and answered once", async () => {
      const [a, b] = [await replica(), await replica()];
      const user = freshUser();
      const update = says(user, "/help");
      expect(await Promise.all([deliver(a, update), deliver(b, update)])).toEqual([200, 200]);
      await handledBy(update.update_id, a, b);
      // Done in the shared inbox: no replica will ever claim it again.
      await inboxDrained();
      expect(linesOf(update.update_id, a, b)).toHaveLength(1);
      const repeats = [a, b]
        .flatMap((bot) => bot.records)
        .filter((r) => r.msg === "webhook: repeated update ignored");
      expect(repeats).toHaveLength(1);
      expect(repliesTo(user)).toHaveLength(1);
      for (const bot of [a, b]) expect(await bot.stop()).toBe(0);
      expect([...a.problems(), ...b.problems()]).toEqual([]);
      expect(sim.problems()).toEqual([]);
    });

    it("a language chosen through one replica is the one the other speaks", async () => {
      const [a, b] = [await replica(), await replica()];
      const user = freshUser({ language_code: "en" });
      /** Delivers to `to` while the other replica takes nothing: `to` handles it. */
      const through = async (to: Replica, update: Update) => {
        for (const r of [a, b]) await r.hold(r !== to);
        expect(await deliver(to, update)).toBe(200);
        await to.handled(update.update_id);
      };
      // B meets the user first, in English…
      await through(b, says(user, "/help"));
      expect(repliesTo(user).at(-1)?.text).toMatch(/^ℹ️ What I know/u);
      // …the choice is made through A…
      await through(a, says(user, "/lang"));
      const menu = repliesTo(user).at(-1) as Message;
      const russian = menu.reply_markup?.inline_keyboard
        .flat()
        .find((button) => button.text === "Русский");
      if (!russian || !("callback_data" in russian)) throw new Error("no Русский button");
      await through(
        a,
        sim.receive(sim.updates.callbackQuery(menu, russian.callback_data, { from: user })),
      );
      // …and B speaks Russian from then on.
      await through(b, says(user, "/help"));
      expect(repliesTo(user).at(-1)?.text).toMatch(/^ℹ️ Что я знаю/u);
      for (const r of [a, b]) await r.hold(false);
      for (const bot of [a, b]) expect(await bot.stop()).toBe(0);
      expect([...a.problems(), ...b.problems()]).toEqual([]);
      expect(sim.problems()).toEqual([]);
    });

    it("one replica killed while its reply is on the way: the redelivery to the other is answered once", async () => {
      // B takes nothing until A has the update.
      const [a, b] = [await replica(), await replica(true)];
      const user = freshUser();
      const reply = sim.hold(
        "sendMessage",
        (call) => String(call.payload.chat_id) === String(user.id),
      );
      const update = says(user, "/help");
      expect(await deliver(a, update)).toBe(200);
      await reply.arrived;
      await b.hold(false);
      // A dies with the reply still on its way: it never reaches Telegram.
      await a.crash();
      sim.failNext("sendMessage", { type: "drop" });
      reply.release();
      await sim.until(
        () => sim.callsOf("sendMessage").some((c) => c.fault !== undefined),
        "A's reply lost",
      );
      expect(repliesTo(user)).toEqual([]);

      // Telegram delivers the update again, to B, after A's claim has run out: already stored,
      // so not stored twice; B takes the stored one over and answers it.
      clock += LEASE_MS;
      expect(await deliver(b, update)).toBe(200);
      await b.handled(update.update_id);
      expect(b.updateLines(update.update_id)).toHaveLength(1);
      expect(repliesTo(user)).toHaveLength(1);
      expect(repliesTo(user)[0]?.text).toMatch(/^ℹ️ What I know/u);
      await inboxDrained();
      expect(await b.stop()).toBe(0);
      // B says it handles again what another claim left unfinished, and nothing else went wrong.
      expect(b.problems().map((r) => r.msg)).toEqual([
        "inbox: handling an update again that an earlier claim did not finish; a reply sent just before that claim ended may be sent twice",
      ]);
    });
  },
);
