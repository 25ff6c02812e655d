/**
 * The sessions an earlier version kept as files (`<DATA_DIR>/sessions/<xy>/<user id>.json`,
 * written by @grammyjs/storage-file) moved into the store once, so that an upgrade keeps
 * everyone's /lang choice. The directory is renamed afterwards (`sessions.imported`), so the
 * import runs once and nothing is deleted.
 */
import { existsSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../logger.js";
import type { SessionStore } from "./types.js";

export interface ImportedSessions {
  readonly imported: number;
  /** Files that were empty or not JSON (left in the renamed directory). */
  readonly unreadable: number;
}

/**
 * Imports `<dataDir>/sessions` into `sessions` under `keyOf(<file name>)`, keeping any value
 * the store already has. Returns undefined when there is nothing to import.
 */
export async function importFileSessions(
  dataDir: string,
  sessions: SessionStore,
  keyOf: (userId: string) => string,
  logger: Logger,
): Promise<ImportedSessions | undefined> {
  const dir = join(dataDir, "sessions");
  if (!existsSync(dir)) return undefined;
  let imported = 0;
  let unreadable = 0;
  for (const sub of readdirSync(dir, { withFileTypes: true })) {
    if (!sub.isDirectory()) continue;
    for (const file of readdirSync(join(dir, sub.name))) {
      if (!file.endsWith(".json")) continue;
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(join(dir, sub.name, file), "utf8"));
      } catch {
        unreadable++;
        continue;
      }
      const key = keyOf(file.slice(0, -".json".length));
      if ((await sessions.get(key)) !== undefined) continue;
      await sessions.set(key, value);
      imported++;
    }
  }
  renameSync(dir, join(dataDir, "sessions.imported"));
  logger.info(
    { imported, unreadable, from: dir },
    "sessions of an earlier version imported into the store; the directory is renamed sessions.imported",
  );
  return { imported, unreadable };
}
