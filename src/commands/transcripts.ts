/**
 * `npm run transcripts`: regenerates the README's example exchanges from the
 * real bot (src/chat/transcript.ts); with --check, only says whether they are
 * still true, so a test and CI catch a README that drifted from the bot.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { transcribeReadme } from "../chat/transcript.js";
import { createLogger } from "../logger.js";
import { type CommandSpec, EXIT, InputError } from "./command.js";
import { openCommandSearch } from "./knowledge.js";

const options = {
  check: { type: "boolean", help: "change nothing; exit 1 when a transcript differs from the bot" },
  readme: { type: "string", value: "FILE", help: "the Markdown file (default README.md)" },
} as const;

/** The transcripts command. */
export const transcriptsCommand: CommandSpec<typeof options> = {
  name: "npm run transcripts",
  usage: "[-- options]",
  summary:
    "Rewrites every <!-- transcript --> block of the README with what the local chat prints\nfor the block's own `you ›` lines, run against the real bot and knowledge.",
  options,
  settings: ["KNOWLEDGE_DIR"],
  async run({ config, options, io }) {
    const file = options.readme ?? "README.md";
    let markdown: string;
    try {
      markdown = readFileSync(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
      throw new InputError(`--readme ${file} cannot be read (${code})`);
    }
    const search = openCommandSearch(config);
    const logger = createLogger({ level: "silent" });
    let update: Awaited<ReturnType<typeof transcribeReadme>>;
    try {
      update = await transcribeReadme(markdown, { config, logger, search });
    } catch (error) {
      throw new InputError(`${file}: ${(error as Error).message}`);
    }
    if (update.changed.length === 0) {
      io.out(`${file}: every transcript is what the bot says.\n`);
      return EXIT.ok;
    }
    if (options.check) {
      for (const name of update.changed) {
        io.err(`${file}: ${name} differs from what the bot says; run npm run transcripts`);
      }
      return EXIT.input;
    }
    writeFileSync(file, update.markdown);
    io.out(`${file}: rewrote ${update.changed.join(", ")}.\n`);
    return EXIT.ok;
  },
};
