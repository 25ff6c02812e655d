/**
 * A private copy of the fixture knowledge in a temporary directory, for tests
 * that change knowledge while the bot runs (/reload, stale votes).
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURE_KNOWLEDGE_DIR } from "./knowledge.js";

export interface KnowledgeCopy {
  readonly dir: string;
  /** Writes (or overwrites) a file of the copy. */
  write(name: string, content: string): void;
  /** Adds text at the end of a file of the copy. */
  append(name: string, content: string): void;
  /** Deletes a file of the copy. */
  delete(name: string): void;
  /** Removes the whole copy. */
  remove(): void;
}

export function knowledgeCopy(): KnowledgeCopy {
  const dir = mkdtempSync(join(tmpdir(), "knowledge-copy-"));
  cpSync(FIXTURE_KNOWLEDGE_DIR, dir, { recursive: true });
  return {
    dir,
    write: (name, content) => writeFileSync(join(dir, name), content),
    append: (name, content) => appendFileSync(join(dir, name), content),
    delete: (name) => rmSync(join(dir, name), { force: true }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
