/**
 * The store: all state the bot keeps, behind one interface, on SQLite (one
 * file in DATA_DIR) or PostgreSQL (shared by replicas). See types.ts for the
 * contract and schema.ts for the tables.
 */
export { MIN_INBOX_RETENTION_MS } from "./inbox.js";
export { type MemoryState, memoryState } from "./memory.js";
export { type OpenStoreOptions, openStore } from "./open.js";
export { newQuestionId } from "./questions.js";
export { sessionAdapter } from "./sessions.js";
export type * from "./types.js";
