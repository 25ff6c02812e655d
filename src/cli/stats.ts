/**
 * npm run stats [-- --lang en|ru]
 * The /stats report on the bot's store: DATABASE_URL (PostgreSQL) when set,
 * else the SQLite file in DATA_DIR; QUESTION_LOG_DAYS is "all time".
 */
import { config as loadDotenv } from "dotenv";
import { runStats } from "../ops/cli.js";

loadDotenv({ quiet: true });
const env = {
  DATABASE_URL: process.env.DATABASE_URL,
  DATA_DIR: process.env.DATA_DIR,
  QUESTION_LOG_DAYS: process.env.QUESTION_LOG_DAYS,
};
process.exitCode = await runStats(process.argv.slice(2), env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(`${text}\n`),
});
