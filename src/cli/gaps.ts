/**
 * npm run gaps [-- --days N] [--format csv|md]
 * Declined and 👎 questions, grouped, most frequent first, from the bot's
 * store: DATABASE_URL (PostgreSQL) when set, else the SQLite file in DATA_DIR.
 * Markdown by default; CSV for a spreadsheet.
 */
import { config as loadDotenv } from "dotenv";
import { processIo, runGaps } from "../ops/cli.js";

loadDotenv({ quiet: true });
const { DATABASE_URL, DATA_DIR, QUESTION_LOG_DAYS } = process.env;
const env = { DATABASE_URL, DATA_DIR, QUESTION_LOG_DAYS };
process.exitCode = await runGaps(process.argv.slice(2), env, processIo);
