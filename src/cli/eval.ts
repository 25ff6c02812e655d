/** `npm run eval -- [--file F.jsonl] [--bot] [--json] [--knowledge DIR]` (see src/commands/eval.ts). */
import { evalCommand } from "../commands/eval.js";
import { runAsProcess } from "../commands/process.js";

await runAsProcess(evalCommand);
