/**
 * The tables as kysely sees them. Migrations (migrations.ts) create exactly
 * these; a change here goes with a new migration there.
 *
 * Portable column types only: text, integer, bigint (times in ms). JSON is
 * kept as text so both dialects hand back the same thing.
 */
import type { AnswerKind, AnswerTier, UpdateStatus, VoteReason, VoteValue } from "./types.js";

export interface InboxTable {
  update_id: number;
  chat_key: string;
  /** The update as JSON; null once done (it holds people's names). */
  payload: string | null;
  received_at: number;
  status: UpdateStatus;
  attempts: number;
  claimed_by: string | null;
  lease_until: number | null;
  done_at: number | null;
}

export interface SessionTable {
  key: string;
  /** JSON. */
  value: string;
  updated_at: number;
}

/**
 * One generic cell rate algorithm counter per key: `tat` is the theoretical
 * arrival time of the next event; the whole state is this one number.
 */
export interface RateLimitTable {
  key: string;
  tat: number;
  /** 1 when the last hit was allowed: set by the same statement that moves `tat`. */
  allowed: number;
}

export interface QuestionTable {
  id: string;
  asked_at: number;
  chat_type: string;
  language: string;
  question: string | null;
  normalized: string | null;
  user_hash: string;
  kind: AnswerKind;
  tier: AnswerTier;
  answer_key: string | null;
  /** JSON array of strings. */
  suggestions: string;
  latency_ms: number;
  knowledge_version: string;
}

export interface VoteTable {
  question_id: string;
  user_hash: string;
  vote: VoteValue;
  reason: VoteReason | null;
  voted_at: number;
}

/** Leases for "one holder at a time" on SQLite (PostgreSQL uses advisory locks). */
export interface LockTable {
  name: string;
  holder: string;
  expires_at: number;
}

/** Small named values of the store itself: the user-hash salt, the health probe. */
export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  inbox: InboxTable;
  sessions: SessionTable;
  rate_limits: RateLimitTable;
  questions: QuestionTable;
  votes: VoteTable;
  locks: LockTable;
  meta: MetaTable;
}
