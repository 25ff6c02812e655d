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
 * Applies a language button: stores the choice, and only once it is stored
 * redraws the message in the new language. Choosing the current language edits
 * nothing (the message would not change) and just says so. A choice the store
 * refuses is not applied: the user is told, in the language the bot still
 * speaks, and the menu stays as it was for another try.
 */
async function chooseLanguage(ctx: BotContext, lang: Lang): Promise<void> {
  if (lang === ctx.lang && ctx.session.lang === lang) {
    await ctx.answerCallbackQuery({ text: ctx.t("toast-lang-same") });
    return;
  }
  const previous = ctx.session.lang;
  ctx.session.lang = lang;
  try {
    await ctx.saveSession();
  } catch (error) {
    if (previous === undefined) delete ctx.session.lang;
    else ctx.session.lang = previous;
    ctx.outcome = "error";
    ctx.services.logger.error({ err: error }, "could not save the language choice");
    await ctx.answerCallbackQuery({ text: ctx.t("toast-lang-not-saved"), show_alert: true });
    return;
  }
  ctx.lang = lang;
  ctx.i18n.useLocale(lang);
  await showView(ctx, languageView(viewContext(ctx), "lang-set"), false);
  await ctx.answerCallbackQuery({ text: ctx.t("toast-lang-set") });
}
