/**
 * The local chat's mechanics with a tiny grammY bot, independent of the real
 * bot's features: rendering, numbering, edits, notices, inline mode, and the
 * warnings a developer needs (unanswered buttons, calls Telegram would refuse).
 */
import { Bot, InlineKeyboard } from "grammy";
import { describe, expect, it } from "vitest";
import { LocalChat } from "../../src/chat/local-chat.js";
import { LOCAL_BOT_INFO } from "../../src/chat/session.js";
import { TelegramSimulator } from "../../src/telegram-sim/index.js";

function setUp(configure: (bot: Bot) => void, options: { echo?: boolean } = {}) {
  const sim = new TelegramSimulator({ botInfo: LOCAL_BOT_INFO });
  const bot = new Bot("0:local-chat", { botInfo: LOCAL_BOT_INFO });
  bot.api.config.use(sim.transformer);
  configure(bot);
  const out: string[] = [];
  const chat = new LocalChat({ bot, sim, write: (t) => out.push(t), ...options });
  return { api: sim, bot, chat, out, text: () => out.join("\n") };
}

describe("LocalChat mechanics", () => {
  it("renders a reply with numbered buttons; a number presses one; edits re-render", async () => {
    const { chat, out, api } = setUp((bot) => {
      bot.on("message:text", (ctx) =>
        ctx.reply(`You said <b>${ctx.message.text}</b>`, {
          parse_mode: "HTML",
          reply_markup: new InlineKeyboard()
            .text("◀", "prev")
            .text("▶", "next")
            .row()
            .url("Site", "https://example.org"),
        }),
      );
      bot.callbackQuery("next", async (ctx) => {
        await ctx.answerCallbackQuery({ text: "Page 2" });
        await ctx.editMessageText("Page <i>two</i>", { parse_mode: "HTML" });
      });
    });
    await chat.input("hello");
    expect(out.at(-1)).toBe(
      "bot ›\n  You said hello\n  [1] ◀  [2] ▶\n  [3] Site ↗ https://example.org",
    );
    await chat.input("2");
    expect(out.slice(-3)).toEqual([
      "  ↳ pressed [2] ▶",
      "  💬 Page 2",
      "bot › (edited)\n  Page two",
    ]);
    // The edited message has no buttons left, so "2" is a message again.
    await chat.input("2");
    expect(out.at(-1)).toMatch(/^bot ›\n {2}You said 2/u);
    expect(api.calls.every((c) => c.ok)).toBe(true);
  });

  it("echoes piped input, and shows url buttons without opening them", async () => {
    const { chat, text } = setUp(
      (bot) => {
        bot.on("message:text", (ctx) =>
          ctx.reply("Links", {
            reply_markup: new InlineKeyboard().url("Site", "https://example.org"),
          }),
        );
      },
      { echo: true },
    );
    await chat.input("links please");
    await chat.input("1");
    expect(text()).toContain("you › links please");
    expect(text()).toContain("(Telegram would open https://example.org)");
  });

  it("warns when the bot leaves a button press unanswered, or makes a call Telegram refuses", async () => {
    const { chat, text } = setUp((bot) => {
      bot.command("bad", (ctx) => ctx.reply("<b>unclosed", { parse_mode: "HTML" }));
      bot.on("message:text", (ctx) =>
        ctx.reply("Press", { reply_markup: new InlineKeyboard().text("Go", "go") }),
      );
      bot.callbackQuery("go", () => {});
      bot.catch(() => {});
    });
    await chat.input("/bad");
    expect(text()).toMatch(
      /✖ Telegram would refuse sendMessage: Bad Request: can't parse entities/u,
    );
    await chat.input("question");
    await chat.input("1");
    expect(text()).toContain("the bot did not answer the button press");
  });

  it("sends /commands with their bot_command entity", async () => {
    const { chat, out } = setUp((bot) => {
      bot.command("start", (ctx) => ctx.reply(`start with payload "${ctx.match}"`));
    });
    await chat.input("/start doc_x");
    expect(out.at(-1)).toBe('bot ›\n  start with payload "doc_x"');
  });

  it("inline mode: @bot lists results, a number sends one via the bot; its buttons work", async () => {
    const { chat, out, api } = setUp((bot) => {
      bot.on("inline_query", (ctx) =>
        ctx.answerInlineQuery([
          {
            type: "article",
            id: "r1",
            title: `About ${ctx.inlineQuery.query}`,
            description: "first",
            input_message_content: { message_text: "<b>Answer</b> one", parse_mode: "HTML" },
            reply_markup: new InlineKeyboard().text("More", "more"),
          },
          {
            type: "article",
            id: "r2",
            title: "Second",
            input_message_content: { message_text: "two" },
          },
        ]),
      );
      bot.callbackQuery("more", async (ctx) => {
        await ctx.answerCallbackQuery();
        await ctx.editMessageText("Answer one, more");
      });
    });
    await chat.input("@bot tokyo");
    expect(out.at(-1)).toContain('inline results for "tokyo"');
    expect(out.at(-1)).toContain("[1] About tokyo — first");
    await chat.input("1");
    expect(out.at(-1)).toBe("you › via @local_chat_bot\n  Answer one\n  [1] More");
    await chat.input("1");
    expect(out.at(-1)).toBe("bot › (edited)\n  Answer one, more");
    expect(api.calls.every((c) => c.ok)).toBe(true);
  });

  it("says so when an inline query gets no answer", async () => {
    const { chat, out } = setUp(() => {});
    await chat.input("@local_chat_bot anything");
    expect(out.at(-1)).toContain("(no inline results)");
  });
});
