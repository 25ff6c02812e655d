/** /lang: English or Russian, remembered per user in the session store. */
import { Composer } from "grammy";
import type { Lang } from "../../search/types.js";
import { onButton } from "../buttons.js";
import type { BotContext } from "../context.js";
import { replyView, showView, viewContext } from "../reply.js";
import { languageView } from "../views.js";

export function langFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("lang", (ctx) => replyView(ctx, languageView(viewContext(ctx), "lang-choose")));
  onButton(composer, "language", (ctx, action) => chooseLanguage(ctx, action.lang));
  return composer;
}

/**
 * Applies a language button: stores the choice and redraws the message in the
 * new language. Choosing the current language edits nothing (the message would
 * not change) and just says so.
 */
async function chooseLanguage(ctx: BotContext, lang: Lang): Promise<void> {
  if (lang === ctx.lang && ctx.session.lang === lang) {
    await ctx.answerCallbackQuery({ text: ctx.t("toast-lang-same") });
    return;
  }
  ctx.session.lang = lang;
  ctx.lang = lang;
  ctx.i18n.useLocale(lang);
  await showView(ctx, languageView(viewContext(ctx), "lang-set"), false);
  await ctx.answerCallbackQuery({ text: ctx.t("toast-lang-set") });
}
