/**
 * A PostgreSQL schema of its own for a test, on the server the global setup
 * found: the URL's connections use it as their search path, so the store
 * creates its tables there; dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export interface TestSchema {
  /** DATABASE_URL for the store: the server's URL with this schema as search path. */
  readonly url: string;
  drop(): Promise<void>;
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty schema on the server at `serverUrl`. */
export async function freshSchema(serverUrl: string): Promise<TestSchema> {
  const schema = `t_${randomBytes(8).toString("hex")}`;
  await admin(serverUrl, `create schema ${schema}`);
  const url = new URL(serverUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: () => admin(serverUrl, `drop schema ${schema} cascade`),
  };
}
