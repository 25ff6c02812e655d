import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "../logger.js";
import { affected, type StoreContext } from "./context.js";
import type { PollingLock } from "./types.js";

export interface LeaseLockOptions {
  readonly name: string;
  readonly logger: Logger;
  /** How long the lock outlives its holder's last renewal. */
  readonly leaseMs?: number;
  /** How often a holder renews; well under the lease so one slow renewal does not lose it. */
  readonly renewEveryMs?: number;
}

/** host:pid:random — the host and pid let a process on the same machine see that a holder died. */
function holderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(6).toString("hex")}`;
}

/** Whether a holder id names a process of this machine that no longer runs. */
function isDeadLocalHolder(holder: string): boolean {
  const [host, pidText] = holder.split(":");
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * The polling lock on SQLite: a row naming its holder and an expiry, renewed
 * by a timer while held. SQLite has no session that dies with its process
 * (and Node no portable file lock), so a crashed holder is detected by its
 * lease running out — or at once when it ran on this machine and its pid is
 * gone, which is the usual case for an SQLite file.
 */
export function leaseLock(
  { db, now }: StoreContext,
  { name, logger, leaseMs = 15_000, renewEveryMs = 5_000 }: LeaseLockOptions,
): PollingLock & { renew(): Promise<boolean> } {
  const me = holderId();
  let held = false;
  let expiresAt = 0;
  let timer: NodeJS.Timeout | undefined;
  const lostListeners: ((reason: string) => void)[] = [];

  const stopRenewing = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const lose = (reason: string) => {
    if (!held) return;
    held = false;
    stopRenewing();
    logger.warn({ lock: name, reason }, "store: polling lock lost");
    for (const listener of lostListeners) listener(reason);
  };

  /** Takes the row if it is free, expired or already ours. */
  async function take(): Promise<boolean> {
    const at = now();
    const row = await db
      .insertInto("locks")
      .values({ name, holder: me, expires_at: at + leaseMs })
      .onConflict((oc) =>
        oc
          .column("name")
          .doUpdateSet((eb) => ({
            holder: eb.ref("excluded.holder"),
            expires_at: eb.ref("excluded.expires_at"),
          }))
          .where((eb) => eb.or([eb("locks.expires_at", "<=", at), eb("locks.holder", "=", me)])),
      )
      .returning("holder")
      .executeTakeFirst();
    if (row !== undefined) {
      expiresAt = at + leaseMs;
      return true;
    }
    const current = await db
      .selectFrom("locks")
      .select("holder")
      .where("name", "=", name)
      .executeTakeFirst();
    if (current === undefined || !isDeadLocalHolder(current.holder)) return false;
    const stolen = await db
      .updateTable("locks")
      .set({ holder: me, expires_at: at + leaseMs })
      .where("name", "=", name)
      .where("holder", "=", current.holder)
      .executeTakeFirstOrThrow();
    if (affected(stolen) === 0) return false;
    logger.info(
      { lock: name, previous: current.holder },
      "store: took over the lock of a process that is gone",
    );
    expiresAt = at + leaseMs;
    return true;
  }

  const lock = {
    get held() {
      return held;
    },
    onLost(listener: (reason: string) => void) {
      lostListeners.push(listener);
    },
    async tryAcquire() {
      if (held) return lock.renew();
      if (!(await take())) return false;
      held = true;
      timer = setInterval(() => {
        lock
          .renew()
          .catch((error) => logger.warn({ err: error, lock: name }, "store: lock renewal failed"));
      }, renewEveryMs);
      timer.unref();
      return true;
    },
    /** Extends the lease; false (and the lock is lost) once another holder has it. */
    async renew() {
      if (!held) return false;
      const at = now();
      try {
        const result = await db
          .updateTable("locks")
          .set({ expires_at: at + leaseMs })
          .where("name", "=", name)
          .where("holder", "=", me)
          .executeTakeFirstOrThrow();
        if (affected(result) === 1) {
          expiresAt = at + leaseMs;
          return true;
        }
        lose("another process holds it");
      } catch (error) {
        // A busy database is not a lost lock, until the lease has run out.
        if (at >= expiresAt) lose(`renewal failed past the lease: ${(error as Error).message}`);
        else throw error;
      }
      return false;
    },
    async release() {
      if (!held) return;
      held = false;
      stopRenewing();
      await db.deleteFrom("locks").where("name", "=", name).where("holder", "=", me).execute();
    },
  };
  return lock;
}
