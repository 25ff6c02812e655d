/**
 * Waiting for work that must never hold up a reply or throw into one: the
 * question log's writes. What fails is logged; what takes too long is no
 * longer waited for (it may still finish, and a failure is still logged).
 */
import type { Logger } from "../logger.js";

/**
 * Resolves with the work's result, or undefined once it failed or `timeoutMs`
 * passed; never rejects.
 */
export async function settle<T>(
  work: () => Promise<T>,
  { timeoutMs, logger, what }: { timeoutMs: number; logger: Logger; what: string },
): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const running = (async () => work())().catch((error: unknown) => {
    logger.error({ err: error }, `${what} failed`);
    return undefined;
  });
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      logger.warn({ timeout_ms: timeoutMs }, `${what} is slow; not waiting for it`);
      resolve(undefined);
    }, timeoutMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([running, late]);
  } finally {
    clearTimeout(timer);
  }
}
