import { randomBytes } from "node:crypto";
import { type Expression, type SqlBool, sql } from "kysely";
import { batched } from "../lib/batched.js";
import { affected, chunked, type StoreContext } from "./context.js";
import type { QuestionTable } from "./schema.js";
import type {
  AnswerTier,
  AskedQuestion,
  DayCount,
  Gap,
  NewQuestion,
  Period,
  QuestionLog,
  QuestionRecord,
  QuestionSummary,
  VoteReason,
} from "./types.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** A per-day series longer than ten years is a mistake in the period, not a report. */
const MAX_DAYS = 3660;
const TIERS: readonly AnswerTier[] = ["confident", "hedged", "declined"];
const REASONS: readonly VoteReason[] = ["wrong_passage", "not_answered", "outdated", "other"];

/**
 * A new question id: 72 random bits, 12 URL-safe characters, short enough
 * for callback data and chosen before the answer is sent, so the vote
 * buttons do not wait for the log.
 */
export function newQuestionId(): string {
  return randomBytes(9).toString("base64url");
}

/** `column` within the half-open period, as one condition. */
function within(column: string, { since, until }: Period): Expression<SqlBool> {
  const ref = sql.ref(column);
  const parts = [
    ...(since === undefined ? [] : [sql`${ref} >= ${since}`]),
    ...(until === undefined ? [] : [sql`${ref} < ${until}`]),
  ];
  return parts.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

/** The question log and votes of issue 12, with the queries /stats and /gaps need. */
export function createQuestionLog({ db, now }: StoreContext): QuestionLog {
  /** The latest wording of a normalized group (a correlated subquery on `q`). */
  const latestText = () =>
    db
      .selectFrom("questions as w")
      .select("w.question")
      .where("w.normalized", "=", sql.ref<string>("q.normalized"))
      .where("w.question", "is not", null)
      .orderBy("w.asked_at", "desc")
      .limit(1);

  // Written after every answer: the questions of one turn of the event loop
  // go in one statement, one commit instead of one each.
  const insertQuestions = batched<NewQuestion>(async (entries) => {
    for (const chunk of chunked(entries, 50)) {
      await db
        .insertInto("questions")
        .values(
          chunk.map((q) => ({
            id: q.id,
            asked_at: q.askedAt ?? now(),
            chat_type: q.chatType,
            language: q.language,
            question: withoutNul(q.text),
            normalized: withoutNul(q.normalized),
            user_hash: q.userHash,
            kind: q.kind,
            tier: q.tier,
            answer_key: q.answerKey,
            suggestions: JSON.stringify(q.suggestions),
            latency_ms: Math.round(q.latencyMs),
            knowledge_version: q.knowledgeVersion,
          })),
        )
        // A retried log write must not fail on its own first attempt.
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
    }
  });

  return {
    record: insertQuestions,

    async get(id) {
      const row = await db
        .selectFrom("questions")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async vote({ questionId, userHash, vote, reason }) {
      await db
        .insertInto("votes")
        .values({
          question_id: questionId,
          user_hash: userHash,
          vote,
          reason: vote === "down" ? (reason ?? null) : null,
          voted_at: now(),
        })
        .onConflict((oc) =>
          oc.columns(["question_id", "user_hash"]).doUpdateSet((eb) => ({
            vote: eb.ref("excluded.vote"),
            reason: eb.ref("excluded.reason"),
            voted_at: eb.ref("excluded.voted_at"),
          })),
        )
        .execute();
    },

    async voteOf(questionId, userHash) {
      const row = await db
        .selectFrom("votes")
        .select(["vote", "reason", "voted_at"])
        .where("question_id", "=", questionId)
        .where("user_hash", "=", userHash)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : { vote: row.vote, reason: row.reason, votedAt: Number(row.voted_at) };
    },

    async summary(period) {
      const tiers = await db
        .selectFrom("questions")
        .select(["language", "tier", (eb) => eb.fn.countAll<number>().as("n")])
        .where(within("asked_at", period))
        .groupBy(["language", "tier"])
        .execute();
      const votes = await db
        .selectFrom("votes")
        .select(["vote", "reason", (eb) => eb.fn.countAll<number>().as("n")])
        .where(within("voted_at", period))
        .groupBy(["vote", "reason"])
        .execute();
      return summarize(tiers, votes);
    },

    async topQuestions(period, limit) {
      const rows = await db
        .selectFrom("questions as q")
        .select((eb) => [
          "q.normalized",
          eb.fn.countAll<number>().as("asked"),
          eb.fn.max("q.asked_at").as("last_asked_at"),
          latestText().as("text"),
        ])
        .where("q.normalized", "is not", null)
        .where(within("q.asked_at", period))
        .groupBy("q.normalized")
        .orderBy("asked", "desc")
        .orderBy("last_asked_at", "desc")
        .orderBy("q.normalized")
        .limit(limit)
        .execute();
      return rows.map(
        (r): AskedQuestion => ({
          normalized: r.normalized ?? "",
          text: r.text ?? r.normalized ?? "",
          asked: Number(r.asked),
          lastAskedAt: Number(r.last_asked_at),
        }),
      );
    },

    async perDay(period, utcOffsetMinutes = 0) {
      if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 14 * 60) {
        throw new RangeError(
          `UTC offset must be whole minutes within ±14 h; got ${utcOffsetMinutes}`,
        );
      }
      const offset = utcOffsetMinutes * 60_000;
      const first = Math.floor((period.since + offset) / DAY_MS);
      const last = Math.floor((period.until - 1 + offset) / DAY_MS);
      if (last - first + 1 > MAX_DAYS) {
        throw new RangeError(`a per-day series covers at most ${MAX_DAYS} days`);
      }
      // Whole-number division is the same in both dialects; the offset is a
      // checked integer, written as a literal so the select and group by match.
      const day = sql<number>`(${sql.ref("asked_at")} + ${sql.lit(offset)}) / ${sql.lit(DAY_MS)}`;
      const rows = await db
        .selectFrom("questions")
        .select([day.as("day"), (eb) => eb.fn.countAll<number>().as("n")])
        .where(within("asked_at", period))
        .groupBy(day)
        .execute();
      const counts = new Map(rows.map((r) => [Number(r.day), Number(r.n)]));
      const days: DayCount[] = [];
      for (let d = first; d <= last; d++) {
        days.push({
          day: new Date(d * DAY_MS).toISOString().slice(0, 10),
          questions: counts.get(d) ?? 0,
        });
      }
      return days;
    },

    async gaps(period, { limit, offset }) {
      const downVoted = db
        .selectFrom("votes")
        .select("question_id")
        .where("vote", "=", "down")
        .distinct()
        .as("d");
      const groups = db
        .selectFrom("questions as q")
        .leftJoin(downVoted, "d.question_id", "q.id")
        .where("q.normalized", "is not", null)
        .where(within("q.asked_at", period))
        .where((eb) => eb.or([eb("q.tier", "=", "declined"), eb("d.question_id", "is not", null)]))
        .groupBy("q.normalized");
      const [count, rows] = await Promise.all([
        db
          .selectFrom(groups.select("q.normalized").as("g"))
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow(),
        groups
          .select((eb) => [
            "q.normalized",
            eb.fn.countAll<number>().as("asked"),
            eb.fn
              .sum<number>(sql`case when ${sql.ref("q.tier")} = 'declined' then 1 else 0 end`)
              .as("declined"),
            eb.fn
              .sum<number>(sql`case when ${sql.ref("d.question_id")} is not null then 1 else 0 end`)
              .as("down_voted"),
            eb.fn.max("q.asked_at").as("last_asked_at"),
            latestText().as("text"),
          ])
          .orderBy("asked", "desc")
          .orderBy("last_asked_at", "desc")
          .orderBy("q.normalized")
          .limit(limit)
          .offset(offset)
          .execute(),
      ]);
      return {
        total: Number(count.n),
        gaps: rows.map(
          (r): Gap => ({
            normalized: r.normalized ?? "",
            text: r.text ?? r.normalized ?? "",
            asked: Number(r.asked),
            declined: Number(r.declined),
            downVoted: Number(r.down_voted),
            lastAskedAt: Number(r.last_asked_at),
          }),
        ),
      };
    },

    async prune(days) {
      if (!(days > 0)) throw new RangeError(`question log retention must be > 0 days; got ${days}`);
      const cutoff = now() - days * DAY_MS;
      return db.transaction().execute(async (trx) => {
        const votes = await trx
          .deleteFrom("votes")
          .where((eb) =>
            eb.or([
              eb("voted_at", "<", cutoff),
              eb(
                "question_id",
                "in",
                eb.selectFrom("questions").select("id").where("asked_at", "<", cutoff),
              ),
            ]),
          )
          .executeTakeFirstOrThrow();
        const questions = await trx
          .deleteFrom("questions")
          .where("asked_at", "<", cutoff)
          .executeTakeFirstOrThrow();
        return { questions: affected(questions), votes: affected(votes) };
      });
    },
  };
}

/**
 * PostgreSQL text cannot hold U+0000 (the insert fails), and a user can type
 * anything; it carries no meaning in a question, so it is dropped.
 */
function withoutNul(text: string | null): string | null {
  return text === null ? null : text.replaceAll("\u0000", "");
}

function toRecord(r: QuestionTable): QuestionRecord {
  return {
    id: r.id,
    askedAt: Number(r.asked_at),
    chatType: r.chat_type,
    language: r.language,
    text: r.question,
    normalized: r.normalized,
    userHash: r.user_hash,
    kind: r.kind,
    tier: r.tier,
    answerKey: r.answer_key,
    suggestions: JSON.parse(r.suggestions),
    latencyMs: Number(r.latency_ms),
    knowledgeVersion: r.knowledge_version,
  };
}

function summarize(
  tiers: readonly { language: string; tier: AnswerTier; n: number }[],
  votes: readonly { vote: "up" | "down"; reason: VoteReason | null; n: number }[],
): QuestionSummary {
  const zero = () => ({ confident: 0, hedged: 0, declined: 0 });
  const byTier = zero();
  const languages = new Map<string, ReturnType<typeof zero>>();
  for (const { language, tier, n } of tiers) {
    if (!TIERS.includes(tier)) continue;
    const counts = languages.get(language) ?? zero();
    counts[tier] += Number(n);
    byTier[tier] += Number(n);
    languages.set(language, counts);
  }
  const total = (c: ReturnType<typeof zero>) => c.confident + c.hedged + c.declined;
  const byLanguage = [...languages]
    .map(([language, c]) => ({ language, questions: total(c), ...c }))
    .sort((a, b) => b.questions - a.questions || a.language.localeCompare(b.language));
  const tally = { up: 0, down: 0 };
  const downReasons = Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<VoteReason, number>;
  for (const { vote, reason, n } of votes) {
    tally[vote] += Number(n);
    if (vote === "down" && reason !== null && REASONS.includes(reason))
      downReasons[reason] += Number(n);
  }
  return { questions: total(byTier), byTier, byLanguage, votes: tally, downReasons };
}
