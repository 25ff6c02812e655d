/** `npm run ask -- "question" [--lang en|ru] [--json] [--explain] [--knowledge DIR]` (see src/commands/ask.ts). */
import { askCommand } from "../commands/ask.js";
import { runAsProcess } from "../commands/process.js";

await runAsProcess(askCommand);
