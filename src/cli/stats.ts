/** `npm run stats` (see src/commands/reports.ts). */
import { runAsProcess } from "../commands/process.js";
import { statsCommand } from "../commands/reports.js";

await runAsProcess(statsCommand());
