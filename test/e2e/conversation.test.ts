/**
 * A conversation end to end, over HTTP against the Telegram simulator, in both
 * languages: small talk gets a friendly word (never "nothing found", never a
 * quote), "tell me more" and "А подробнее?" continue the last answer with the
 * next passage of the same text. The knowledge is the fixture corpus.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type Conversations, freshUser, textOf } from "../support/conversation.js";
import { E2E_TIMEOUT, useRunningBot } from "../support/running-bot.js";

const running = useRunningBot();
let talk: Conversations;
beforeAll(() => {
  ({ talk } = running());
});

/** The text of the one message the bot sent in reply. */
const replyText = (exchange: Awaited<ReturnType<Conversations["say"]>>) => {
  expect(exchange.sent).toHaveLength(1);
  return textOf(exchange.sent[0]);
};
const isDeclineOrQuote = (text: string) => /^[🤷🤔]|📄/u.test(text);

describe.concurrent("a conversation, end to end", { timeout: E2E_TIMEOUT }, () => {
  it.each([
    ["en", ["Hello", "What can you do?", "Thanks!", "ok", "bye"]],
    ["ru", ["Здравствуйте!", "что ты умеешь?", "Спасибо!", "ясно", "privet"]],
  ] as const)(
    "answers small talk in %s with neither a decline nor a quote",
    async (lang, lines) => {
      const user = freshUser({ language_code: lang });
      for (const line of lines) {
        const exchange = await talk.say(user, line);
        const text = replyText(exchange);
        expect(isDeclineOrQuote(text), `${line}: ${text}`).toBe(false);
        expect(exchange.outcome, line).toBe("small_talk");
      }
    },
  );

  it("continues an answer with the next passage of the same text: tell me more", async () => {
    const user = freshUser();
    const answer = replyText(await talk.say(user, "When did the Tomsk delegation visit Tokyo?"));
    expect(answer).toContain("visited Tokyo with an official mission");
    const more = replyText(await talk.say(user, "tell me more"));
    expect(more).toContain("The governor told Japanese businessmen");
    expect(more).toContain("📄 A Tomsk delegation on a mission to Tokyo");
  });

  it("continues an answer with the next passage of the same text: А подробнее?", async () => {
    const user = freshUser({ language_code: "ru" });
    replyText(await talk.say(user, "Когда томская делегация была в Токио?"));
    const more = replyText(await talk.say(user, "А подробнее?"));
    expect(more).toContain("Губернатор рассказал японским бизнесменам");
    expect(more).toContain("📄 Томская делегация с миссией в Токио");
  });
});
