/**
 * How renderers get their words: a translate function, so rendering stays pure
 * and testable without Telegram or the i18n plugin (grammY's `ctx.t` fits it).
 *
 * Convention: messages are HTML templates and every variable passed to them has
 * already been escaped by the caller (see src/bot/locales/en.ftl).
 */
export type Translate = (
  key: string,
  variables?: Readonly<Record<string, string | number>>,
) => string;
