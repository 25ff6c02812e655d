/**
 * The store's public contract: everything the bot keeps between updates and
 * between processes, behind one interface whatever the database is.
 *
 * Times are milliseconds since the epoch (UTC) everywhere, so the same
 * integer arithmetic runs unchanged on SQLite and PostgreSQL.
 */

export type StoreDialect = "sqlite" | "postgres";

/** Where an update stands in the inbox. */
export type UpdateStatus = "pending" | "in_progress" | "done";

/** An update as received, before it is stored. */
export interface IncomingUpdate {
  readonly updateId: number;
  /**
   * The key whose updates are handled strictly in order, one at a time
   * (the chat, or the user where there is no chat). Chosen by the runtime.
   */
  readonly chatKey: string;
  /** The update itself; stored as JSON and cleared once the update is done. */
  readonly payload: unknown;
}

/** An update handed to one claimant for handling. */
export interface ClaimedUpdate {
  readonly updateId: number;
  readonly chatKey: string;
  readonly payload: unknown;
  readonly receivedAt: number;
  /** How many times it has been claimed, this claim included. */
  readonly attempts: number;
  /** Until when the claim holds; after that another claimant may take it over. */
  readonly leaseUntil: number;
}

/** An update that is not done yet, as listed at start. */
export interface UnfinishedUpdate {
  readonly updateId: number;
  readonly chatKey: string;
  readonly status: Exclude<UpdateStatus, "done">;
  readonly receivedAt: number;
  readonly attempts: number;
  readonly claimedBy: string | null;
  readonly leaseUntil: number | null;
}

export interface ClaimOptions {
  /** Who claims: a replica's id. Leases held by it can be renewed or released by it. */
  readonly claimant: string;
  /** At most this many updates, never two of one chat key. */
  readonly limit: number;
  /** How long the claim holds unless renewed. */
  readonly leaseMs: number;
  /**
   * Updates to mark done first, as markDone would: a dispatcher that reports
   * what it finished and asks for more in one call costs one commit on
   * PostgreSQL instead of two.
   */
  readonly done?: readonly number[];
  /**
   * Also look for updates whose claimant's lease ran out (true by default).
   * That is one more statement per claim; a dispatcher that claims after
   * every update may look only now and then.
   */
  readonly expired?: boolean;
}

/**
 * The durable inbox: every update is stored before Telegram is told it
 * arrived, handled from here, and remembered (by id) after it is done so a
 * redelivery is recognised.
 */
export interface Inbox {
  /**
   * Stores updates not seen before and returns the ids of those that were
   * new, in ascending order. An id already stored (pending, in progress or
   * done and not yet pruned) is left as it is and not returned.
   */
  insertMany(updates: readonly IncomingUpdate[]): Promise<number[]>;
  /**
   * Claims the oldest claimable updates, at most one per chat key. An update
   * is claimable when it is pending, or in progress with an expired lease,
   * and no earlier update of its chat key is unfinished. Two claimants never
   * receive the same update while its lease holds.
   */
  claim(options: ClaimOptions): Promise<ClaimedUpdate[]>;
  /** Extends the claimant's leases on these updates; returns the ids it still holds. */
  renewLeases(claimant: string, updateIds: readonly number[], leaseMs: number): Promise<number[]>;
  /** Marks updates done whatever their state (handled, or dropped on purpose) and clears their payload. */
  markDone(updateIds: readonly number[]): Promise<void>;
  /** Hands the claimant's in-progress updates back as pending (shutdown, or a restart under a stable claimant id). */
  release(claimant: string, updateIds?: readonly number[]): Promise<number>;
  /** Everything not done, oldest first. */
  unfinished(): Promise<UnfinishedUpdate[]>;
  /** Unfinished updates per chat key, for the given keys (absent keys count 0). */
  backlog(chatKeys: readonly string[]): Promise<Map<string, number>>;
  /**
   * Forgets done updates received more than `retentionMs` ago. Telegram
   * redelivers for up to 24 hours, so a shorter retention is refused.
   */
  prune(retentionMs: number): Promise<number>;
}

/** Sessions: one JSON value per key. */
export interface SessionStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Deletes the entries under `prefix` not written for `maxAgeMs` (a chat's
   * last answer, kept only for follow-ups); returns how many went.
   */
  prune(prefix: string, maxAgeMs: number): Promise<number>;
}

/** `limit` events per `windowMs`, allowed in a burst, then one every windowMs / limit. */
export interface RateLimitRule {
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** When not allowed: how long until the next event would be. */
  readonly retryAfterMs: number;
}

/** Rate-limit counters shared by every process using the store. */
export interface RateLimits {
  /** Counts one event for `key` if the rule allows it, atomically. */
  hit(key: string, rule: RateLimitRule): Promise<RateLimitDecision>;
  /** Forgets counters that have fully recovered (they would behave as new). */
  prune(): Promise<number>;
}

export type AnswerTier = "confident" | "hedged" | "declined";
/** What the answer showed: a passage of a document, a card, or nothing. */
export type AnswerKind = "passage" | "card" | "none";
export type VoteValue = "up" | "down";
export type VoteReason = "wrong_passage" | "not_answered" | "outdated" | "other";

/** One asked question and how it was answered. */
export interface QuestionRecord {
  /** Chosen by the caller (see newQuestionId) so buttons can carry it before logging finishes. */
  readonly id: string;
  readonly askedAt: number;
  readonly chatType: string;
  readonly language: string;
  /** Null when question texts are not logged. */
  readonly text: string | null;
  /** The text reduced so that similar questions compare equal; null with the text. */
  readonly normalized: string | null;
  /** Salted hash of the user id (Store.hashUserId), never the id itself. */
  readonly userHash: string;
  readonly kind: AnswerKind;
  readonly tier: AnswerTier;
  /** The passage or card that answered, if any. */
  readonly answerKey: string | null;
  /** The suggestions shown with the answer. */
  readonly suggestions: readonly string[];
  readonly latencyMs: number;
  readonly knowledgeVersion: string;
}

export type NewQuestion = Omit<QuestionRecord, "askedAt"> & { readonly askedAt?: number };

export interface VoteInput {
  readonly questionId: string;
  readonly userHash: string;
  readonly vote: VoteValue;
  /** Only meaningful with "down"; cleared when the vote changes to "up". */
  readonly reason?: VoteReason | null;
}

export interface StoredVote {
  readonly vote: VoteValue;
  readonly reason: VoteReason | null;
  readonly votedAt: number;
}

/** A half-open time range [since, until); either end may be open. */
export interface Period {
  readonly since?: number;
  readonly until?: number;
}

export interface TierCounts {
  readonly confident: number;
  readonly hedged: number;
  readonly declined: number;
}

export interface QuestionSummary {
  readonly questions: number;
  readonly byTier: TierCounts;
  /** Per interface language, most questions first. */
  readonly byLanguage: readonly ({
    readonly language: string;
    readonly questions: number;
  } & TierCounts)[];
  /** Votes cast in the period. */
  readonly votes: { readonly up: number; readonly down: number };
  /** Reasons given with the period's 👎 votes. */
  readonly downReasons: Readonly<Record<VoteReason, number>>;
}

export interface AskedQuestion {
  readonly normalized: string;
  /** The latest wording of the group. */
  readonly text: string;
  readonly asked: number;
  readonly lastAskedAt: number;
}

export interface Gap extends AskedQuestion {
  /** How many of the group's questions were declined. */
  readonly declined: number;
  /** How many of the group's questions got at least one 👎. */
  readonly downVoted: number;
}

export interface DayCount {
  /** YYYY-MM-DD in the requested UTC offset. */
  readonly day: string;
  readonly questions: number;
}

/** The question log and its votes (issue 12), with the reports built on them. */
export interface QuestionLog {
  record(question: NewQuestion): Promise<void>;
  get(id: string): Promise<QuestionRecord | undefined>;
  /** One vote per user per question; a second vote replaces the first. */
  vote(vote: VoteInput): Promise<void>;
  voteOf(questionId: string, userHash: string): Promise<StoredVote | undefined>;
  summary(period: Period): Promise<QuestionSummary>;
  /** The most asked questions (grouped by normalized text), most first. */
  topQuestions(period: Period, limit: number): Promise<AskedQuestion[]>;
  /** Questions per day from the first to the last day of the period, days without any included. */
  perDay(period: Required<Period>, utcOffsetMinutes?: number): Promise<DayCount[]>;
  /**
   * Declined and 👎 questions grouped by normalized text, most frequent
   * first, then most recent; `total` is the number of groups, for paging.
   */
  gaps(
    period: Period,
    page: { readonly limit: number; readonly offset: number },
  ): Promise<{ total: number; gaps: Gap[] }>;
  /** Deletes questions and votes older than `days` days, and the votes of deleted questions. */
  prune(days: number): Promise<{ questions: number; votes: number }>;
}

/**
 * "Only one process polls": held by at most one process per database at a
 * time. PostgreSQL: a session advisory lock on a dedicated connection, gone
 * with the connection. SQLite: a lease row renewed while held.
 */
export interface PollingLock {
  /** Takes the lock if it is free; true when this process holds it (also if it already did). */
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
  readonly held: boolean;
  /** Called once each time a held lock is lost (connection gone, lease taken over). */
  onLost(listener: (reason: string) => void): void;
}

export type HealthReport =
  | { readonly ok: true; readonly latencyMs: number }
  | { readonly ok: false; readonly latencyMs: number; readonly error: string };

export interface Store {
  readonly dialect: StoreDialect;
  /** The SQLite file, or the PostgreSQL host and database (never credentials). */
  readonly location: string;
  readonly inbox: Inbox;
  readonly sessions: SessionStore;
  readonly rateLimits: RateLimits;
  readonly questions: QuestionLog;
  readonly pollingLock: PollingLock;
  /** A user id as stored: HMAC with this store's own random salt, so ids cannot be read back. */
  hashUserId(userId: number | string): string;
  /** Writes a row and reports whether that worked within a few seconds. */
  healthCheck(): Promise<HealthReport>;
  /** Releases the polling lock and closes every connection. */
  close(): Promise<void>;
}

/** What votes and the question log need of a store. */
export type QuestionLogStore = Pick<Store, "questions" | "hashUserId">;
