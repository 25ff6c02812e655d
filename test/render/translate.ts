/** Translate functions over the real locale files, for render tests. */
import { createI18n, translatorFor } from "../../src/bot/i18n.js";
import type { Translate } from "../../src/render/labels.js";

const i18n = createI18n();
export const tEn: Translate = translatorFor(i18n, "en");
export const tRu: Translate = translatorFor(i18n, "ru");
