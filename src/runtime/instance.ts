/**
 * Who this process is to the store, and the lock that makes it so: in polling
 * mode one process polls; in webhook mode a replica restarted in place waits
 * for its old self before it takes back the updates that one left unfinished.
 */
import { hostname } from "node:os";
import type { Config } from "../config.js";
import { sleep } from "../lib/sleep.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/types.js";
import type { Health } from "./health.js";
import { describeError } from "./service.js";
import type { Shutdown } from "./shutdown.js";

/**
 * Who this process is to the store. Polling: "polling", one process at a
 * time (the lock). Webhook: the host and port, so a replica restarted in
 * place recognises its own unfinished claims, and two replicas never share one.
 */
export function instanceOf(config: Pick<Config, "mode" | "port">): {
  readonly claimant: string;
  readonly lockName: string;
} {
  if (config.mode === "polling") return { claimant: "polling", lockName: "polling" };
  const id = `webhook:${hostname()}:${config.port ?? 8080}`;
  return { claimant: id, lockName: id };
}

/**
 * Takes this instance's lock, waiting (and saying so, in the log and in
 * /readyz) while another process holds it: in polling mode, only one process
 * polls; in webhook mode, a replica restarted in place waits for its old self.
 */
export async function takeLock(
  store: Store,
  name: string,
  health: Health,
  logger: Logger,
  retryMs: number,
  shutdown: Shutdown,
): Promise<void> {
  let waitingSince: number | undefined;
  let lastSaid = 0;
  for (;;) {
    if (shutdown.started) throw new Error("shutting down");
    let acquired = false;
    try {
      acquired = await store.pollingLock.tryAcquire();
    } catch (error) {
      logger.warn({ error: describeError(error), lock: name }, "could not take the lock; retrying");
    }
    if (acquired) break;
    const now = Date.now();
    waitingSince ??= now;
    if (now - lastSaid >= 60_000) {
      lastSaid = now;
      const what =
        name === "polling"
          ? "another process is polling for this bot with this store; waiting until it stops"
          : "another process of this instance still holds its lock; waiting until it stops";
      logger.warn({ lock: name, waitingSeconds: Math.round((now - waitingSince) / 1000) }, what);
      health.setWaiting(`waiting for the lock ${name}`);
    }
    await sleep(retryMs);
  }
  health.setWaiting(undefined);
  if (waitingSince !== undefined) logger.info({ lock: name }, "took the lock; starting");
}
