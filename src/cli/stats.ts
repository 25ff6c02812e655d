/**
 * npm run stats [-- --lang en|ru]
 * The /stats report on the bot's store: DATABASE_URL (PostgreSQL) when set,
 * else the SQLite file in DATA_DIR; QUESTION_LOG_DAYS is "all time".
 */
import { config as loadDotenv } from "dotenv";
import { processIo, runStats } from "../ops/cli.js";

loadDotenv({ quiet: true });
const { DATABASE_URL, DATA_DIR, QUESTION_LOG_DAYS } = process.env;
const env = { DATABASE_URL, DATA_DIR, QUESTION_LOG_DAYS };
process.exitCode = await runStats(process.argv.slice(2), env, processIo);
