/**
 * The interface languages: which one a user gets, and the Fluent translations
 * loaded by grammY's i18n plugin from ./locales/*.ftl.
 */
import { readFileSync } from "node:fs";
import { I18n } from "@grammyjs/i18n";
import type { Context } from "grammy";
import type { Translate } from "../render/labels.js";
import type { Lang } from "../search/types.js";

/** The interface languages, English first: it is the default. */
export const LANGS: readonly Lang[] = ["en", "ru"];

/** Telegram language codes whose speakers get the Russian interface. */
const RUSSIAN_SPEAKING = new Set(["ru", "uk", "be", "kk"]);

/**
 * The interface language for a Telegram `language_code` (an IETF tag such as
 * "ru" or "pt-br"): Russian for ru, uk, be and kk, English otherwise.
 */
export function languageFor(languageCode: string | undefined): Lang {
  const primary = languageCode?.toLowerCase().split(/[-_]/u)[0] ?? "";
  return RUSSIAN_SPEAKING.has(primary) ? "ru" : "en";
}

/** Narrows untrusted text (callback data, stored sessions) to a language. */
export function isLang(value: unknown): value is Lang {
  return value === "en" || value === "ru";
}

/** Where the .ftl files live; resolved from this module so it works under tsx with no build step. */
const LOCALES_DIR = new URL("./locales/", import.meta.url);

/**
 * Creates the i18n plugin with both locales loaded.
 *
 * Files are read here, not at import, so importing the bot has no side effects.
 * Fluent's bidi isolation marks are turned off: they would be invisible
 * characters inside Telegram messages and callback notices, and would count
 * against Telegram's length limits.
 */
export function createI18n<C extends Context>(
  localeNegotiator?: (ctx: C) => string | undefined,
): I18n<C> {
  const i18n = new I18n<C>({
    defaultLocale: "en",
    fluentBundleOptions: { useIsolating: false },
    ...(localeNegotiator && { localeNegotiator }),
  });
  for (const lang of LANGS) {
    i18n.loadLocaleSync(lang, {
      source: readFileSync(new URL(`${lang}.ftl`, LOCALES_DIR), "utf8"),
    });
  }
  rememberBundleMatches(i18n.fluent as unknown as Partial<BundleMatcher>);
  return i18n;
}

interface BundleMatcher {
  matchBundles(locales: string[]): unknown;
}

/**
 * The plugin negotiates the locale again on every translation (a reply makes
 * a dozen): about 3% of all the time an answer takes, measured. Our locales
 * are all loaded above and never change, so each locale list's match is
 * remembered.
 */
function rememberBundleMatches(fluent: Partial<BundleMatcher>): void {
  // A private method of the plugin's: should a version drop it, translations still work, unremembered.
  if (typeof fluent.matchBundles !== "function") return;
  const match = fluent.matchBundles.bind(fluent);
  const matches = new Map<string, unknown>();
  fluent.matchBundles = (locales) => {
    const key = locales.join(",");
    let found = matches.get(key);
    if (found === undefined) {
      found = match(locales);
      // Telegram's language codes are a few hundred at most; the cap only guards against surprises.
      if (matches.size < 1000) matches.set(key, found);
    }
    return found;
  };
}

/** A translate function bound to one language, for code that runs outside an update (and tests). */
export function translatorFor<C extends Context>(i18n: I18n<C>, lang: Lang): Translate {
  return (key, variables) => i18n.t(lang, key, variables);
}
