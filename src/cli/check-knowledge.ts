/** `npm run check:knowledge -- [--knowledge DIR] [--json]` (see src/commands/check-knowledge.ts). */
import { checkKnowledgeCommand } from "../commands/check-knowledge.js";
import { runAsProcess } from "../commands/process.js";

await runAsProcess(checkKnowledgeCommand);
