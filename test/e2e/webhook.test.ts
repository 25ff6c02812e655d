/**
 * End to end in webhook mode: the bot as `npm start` runs it with BOT_MODE=webhook registers its
 * URL and secret with the Telegram simulator, which then POSTs every update to it with the
 * X-Telegram-Bot-Api-Secret-Token header, one at a time, as Telegram does. A conversation runs
 * through it; every update is delivered once (answered 200 at the first attempt) and handled once.
 */
import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { buttonLabels, freshUser, textOf } from "../support/conversation.js";
import { E2E_TIMEOUT, freePort, useRunningBot } from "../support/running-bot.js";

const SECRET = "e2e_webhook_secret-0123456789";
let webhookUrl = "";

describe("webhook mode, end to end", { timeout: E2E_TIMEOUT }, () => {
  const running = useRunningBot({
    bot: async () => {
      const port = await freePort();
      webhookUrl = `http://127.0.0.1:${port}/telegram/updates`;
      return {
        env: {
          BOT_MODE: "webhook",
          WEBHOOK_URL: webhookUrl,
          WEBHOOK_LOOPBACK: "true",
          WEBHOOK_SECRET: SECRET,
          HOST: "127.0.0.1",
          PORT: String(port),
        },
      };
    },
  });

  it("takes a conversation posted with the secret: a question, ▶, /clusters → a card", async () => {
    const { api, talk } = running();
    expect(api.webhook).toMatchObject({ url: webhookUrl, secretToken: SECRET });
    const user = freshUser();

    const asked = await talk.say(user, "When did the Tomsk delegation visit Tokyo?");
    expect(asked.sent).toHaveLength(1);
    const answer = asked.sent[0] as Message;
    expect(answer.reply_to_message?.message_id).toBe(asked.update.message?.message_id);
    const first = textOf(answer);

    const paged = await talk.press(user, answer, "▶");
    expect(paged.edited.map((m) => m.message_id)).toEqual([answer.message_id]);
    expect(paged.callbackAnswers).toHaveLength(1);
    expect(textOf(talk.current(answer))).not.toBe(first);

    const list = (await talk.say(user, "/clusters")).sent[0] as Message;
    const cluster = buttonLabels(list.reply_markup).flat()[0] as string;
    const card = await talk.press(user, list, cluster);
    expect(textOf(card.edited[0])).toContain("What the texts say");

    // Each update was POSTed once, with the secret, and answered 200 at the first attempt.
    const pushed = talk.pushed.map((u) => u.update_id);
    // (The bot answers the POST just after its log line: wait for the server to note the answer.)
    await api.until(() => api.pendingUpdates.length === 0, "every update delivered");
    const deliveries = api.webhookDeliveries.filter((d) => pushed.includes(d.updateId));
    expect(deliveries.map((d) => d.updateId)).toEqual(pushed);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: 200, secretToken: SECRET, url: webhookUrl });
    }
    expect(api.pendingUpdates).toEqual([]);
    expect(api.callsOf("getUpdates")).toEqual([]);
  });
});
