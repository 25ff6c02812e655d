/**
 * The Telegram simulator: one simulated Telegram (chats, messages, queries, the Bot API's
 * rules) with an in-process front end (a grammY transformer) and an HTTP one (a Bot API
 * server on 127.0.0.1 with long polling and webhook delivery). See simulator.ts.
 */
export { parseTelegramHtml, TelegramHtmlError, tryParseTelegramHtml } from "./html.js";
export type { ParsedHtml } from "./html-parser.js";
export type { MethodContext, MethodHandler } from "./methods.js";
export { DEFAULT_METHODS } from "./methods.js";
export type { WebhookConfig, WebhookDelivery } from "./queue.js";
export { type FormattedText, type Payload, storedHtmlText } from "./rule-kit.js";
export { type BotApiError, UPDATE_TYPES, validateBotApiCall } from "./rules.js";
export { type CallOutcome, SIMULATOR_TOKEN, TelegramSimulator } from "./simulator.js";
export { BotApiException } from "./store.js";
export type {
  BotApiResponse,
  CallSource,
  Failure,
  Hold,
  PushResult,
  RecordedCall,
  RecordedCallStart,
  SimulatorEvent,
  SimulatorOptions,
} from "./types.js";
export {
  DEFAULT_BOT,
  DEFAULT_USER,
  detectEntities,
  type MessageOptions,
  type UpdateBody,
  UpdateFactory,
} from "./updates.js";
