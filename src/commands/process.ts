/**
 * The process around a command: argv, the environment with .env, stdout and
 * stderr. Only entry files call this; everything else takes its inputs.
 */
import { config as loadDotenv } from "dotenv";
import { type CommandIo, type CommandSpec, type OptionSpec, runCommand } from "./command.js";

/** stdout and stderr of this process. */
export const processIo: CommandIo = {
  out: (text) => {
    process.stdout.write(text);
  },
  err: (line) => {
    process.stderr.write(`${line}\n`);
  },
};

/**
 * The environment as the bot reads it: the variables of `.env` (if there is
 * one in the working directory; `envFile` for tests) under those of the
 * process, which win.
 * process.env itself is left as it is.
 */
export function readEnvironment(envFile = ".env"): Record<string, string | undefined> {
  const fromFile: Record<string, string> = {};
  loadDotenv({ path: envFile, processEnv: fromFile, quiet: true });
  return { ...fromFile, ...process.env };
}

/**
 * Output piped into a program that stops reading early (`| head`) ends the
 * command quietly with status 0, as Unix tools do, instead of an EPIPE stack.
 */
export function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(0);
      throw error;
    });
  }
}

/** Runs a command as this process: its exit status becomes the process's. */
export async function runAsProcess<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
): Promise<void> {
  quietOnClosedPipe();
  process.exitCode = await runCommand(spec, process.argv.slice(2), readEnvironment(), processIo);
}
