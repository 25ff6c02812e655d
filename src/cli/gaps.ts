/** `npm run gaps` (see src/commands/reports.ts). */
import { runAsProcess } from "../commands/process.js";
import { gapsCommand } from "../commands/reports.js";

await runAsProcess(gapsCommand());
