/**
 * The cold-start baseline: the least a grammY bot needs to start long polling
 * (getMe, deleteWebhook, getUpdates), with the echo handler of the pipeline
 * baseline. Run compiled (.bench-build/bench/bare-bot.js) with BOT_TOKEN and
 * BOT_API_ROOT, like dist/main.js.
 */
import { Bot } from "grammy";

const bot = new Bot(process.env.BOT_TOKEN ?? "", {
  client: { apiRoot: process.env.BOT_API_ROOT ?? "https://api.telegram.org" },
});
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
await bot.start();
