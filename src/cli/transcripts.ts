/** `npm run transcripts -- [--check] [--readme FILE]` (see src/commands/transcripts.ts). */
import { runAsProcess } from "../commands/process.js";
import { transcriptsCommand } from "../commands/transcripts.js";

await runAsProcess(transcriptsCommand);
