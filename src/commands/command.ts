/**
 * One way for every entry point (npm start, chat, ask, eval, check:knowledge,
 * stats, gaps, transcripts) to read its command line and its settings, so that
 * a variable means the same thing everywhere and the tools behave as Unix tools:
 *
 * - settings come from the environment (with .env) through the one
 *   `parseConfig`; a flag overrides its variable (`--knowledge DIR` wins over
 *   KNOWLEDGE_DIR); a command sees only the variables it declares, so a bad PORT
 *   in .env does not stop `npm run ask`;
 * - `--help` lists the command's own options and the settings it reads;
 * - exit status 0 on success, 1 for bad input or configuration, 2 for bad
 *   usage; every error is one line on stderr that says what to fix.
 *
 * Argument parsing is node:util's parseArgs; what it lacks (help text, the
 * flag-to-variable mapping, exit codes) is the little written here.
 */
import { parseArgs } from "node:util";
import {
  type Config,
  formatConfigProblems,
  parseConfig,
  SETTINGS,
  type VariableName,
} from "../config.js";

/** Where a command writes: stdout and stderr in a process, buffers in a test. */
export interface CommandIo {
  /** Writes to stdout as it is (add the newline yourself). */
  out(text: string): void;
  /** Writes one line to stderr. */
  err(line: string): void;
}

/** An option of the command itself (not a setting). */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  /** What a string option takes, for --help: `en|ru`, `FILE`. */
  readonly value?: string;
  readonly help: string;
  /** Values a string option accepts; anything else is a usage error. */
  readonly choices?: readonly string[];
}

/** `--json`: one documented JSON object (README, "On the command line"). */
export const JSON_OPTION = {
  type: "boolean",
  help: "print one JSON object (README: On the command line)",
} as const;

/** `--lang en|ru`, with what the language is of and its default. */
export function langOption(help: string) {
  return { type: "string", value: "en|ru", choices: ["en", "ru"], help } as const;
}

/** What a command is handed once its command line and settings are read. */
export interface CommandInput<O extends Record<string, OptionSpec>> {
  readonly config: Config;
  readonly options: OptionValues<O>;
  readonly positionals: readonly string[];
  readonly io: CommandIo;
}

export type OptionValues<O extends Record<string, OptionSpec>> = {
  readonly [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string;
};

/** A command: its usage, options, the settings it reads, and what it does. */
export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** How it is run: `npm run ask`. */
  readonly name: string;
  /** What follows the name in the usage line: `-- "question" [options]`. */
  readonly usage: string;
  /** One or two sentences for --help. */
  readonly summary: string;
  readonly options: O;
  /** The settings it reads; the others are left at their defaults and not checked. */
  readonly settings: readonly VariableName[];
  /** Whether positional arguments are taken (and how many at least). */
  readonly positionals?: { readonly min: number; readonly max?: number; readonly name: string };
  readonly requireToken?: boolean;
  /** Defaults of this command where they differ from the bot's (see ParseConfigOptions). */
  readonly defaults?: Readonly<Partial<Record<VariableName, string>>>;
  /** Does the work; returns the exit status. */
  run(input: CommandInput<O>): Promise<number> | number;
}

/** Bad usage: a wrong flag, a missing argument. Exit status 2. */
export class UsageError extends Error {}

/** Bad input or configuration: a file that is not there, a knowledge error. Exit status 1. */
export class InputError extends Error {}

export const EXIT = { ok: 0, input: 1, usage: 2 } as const;

/**
 * Runs a command on a command line and an environment; returns the exit
 * status. Never throws: errors become one line on stderr.
 */
export async function runCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CommandIo,
): Promise<number> {
  const settings = spec.settings.map((name) => SETTINGS[name]);
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: spec.positionals !== undefined,
      options: {
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries(
          Object.entries(spec.options).map(([name, option]) => [name, { type: option.type }]),
        ),
        ...Object.fromEntries(
          settings.flatMap((s) => (s.flag === undefined ? [] : [[s.flag, { type: "string" }]])),
        ),
      },
    }) as typeof parsed;
  } catch (error) {
    return usage(spec, io, usageReason(error));
  }
  if (parsed.values.help === true) {
    io.out(`${helpText(spec)}\n`);
    return EXIT.ok;
  }

  const { positionals } = parsed;
  if (spec.positionals !== undefined) {
    const { min, max, name } = spec.positionals;
    if (positionals.length < min) return usage(spec, io, `${name} is missing`);
    if (max !== undefined && positionals.length > max) {
      return usage(spec, io, `unexpected argument "${positionals[max]}"`);
    }
  }
  for (const [name, option] of Object.entries(spec.options)) {
    const value = parsed.values[name];
    if (option.choices !== undefined && typeof value === "string") {
      if (!option.choices.includes(value)) {
        return usage(spec, io, `--${name} must be ${option.choices.join(" or ")}, not "${value}"`);
      }
    }
  }

  // Only the declared variables, then the flags over them.
  const commandEnv: Record<string, string | undefined> = {};
  for (const setting of settings) {
    commandEnv[setting.variable] = env[setting.variable];
    const flagValue = setting.flag === undefined ? undefined : parsed.values[setting.flag];
    if (typeof flagValue === "string") commandEnv[setting.variable] = flagValue;
  }
  const config = parseConfig(commandEnv, {
    requireToken: spec.requireToken ?? false,
    ...(spec.defaults !== undefined && { defaults: spec.defaults }),
  });
  if (!config.ok) {
    for (const line of formatConfigProblems(config.problems).split("\n")) io.err(line);
    return EXIT.input;
  }

  const options = Object.fromEntries(
    Object.keys(spec.options).map((name) => [name, parsed.values[name]]),
  ) as OptionValues<O>;
  try {
    return await spec.run({ config: config.config, options, positionals, io });
  } catch (error) {
    if (error instanceof UsageError) return usage(spec, io, error.message);
    if (error instanceof InputError) {
      for (const line of error.message.split("\n")) io.err(line);
      return EXIT.input;
    }
    io.err(`${spec.name}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.input;
  }
}

/** The --help text: usage, summary, options, then the settings with their flags and defaults. */
export function helpText(spec: CommandSpec): string {
  const rows = (entries: readonly (readonly [string, string])[]) => {
    const width = Math.max(...entries.map(([left]) => left.length)) + 2;
    return entries.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
  };
  const options = rows([
    ...Object.entries(spec.options).map(
      ([name, o]) =>
        [`--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`, o.help] as const,
    ),
    ["-h, --help", "show this help"] as const,
  ]);
  const lines = [`Usage: ${spec.name} ${spec.usage}`.trimEnd(), "", spec.summary, "", "Options:"];
  lines.push(...options);
  if (spec.settings.length > 0) {
    lines.push(
      "",
      "Settings (from the environment or .env; a flag wins over its variable):",
      ...rows(
        spec.settings.map((name) => {
          const s = SETTINGS[name];
          const flag = s.flag === undefined ? "" : `--${s.flag} ${s.value ?? "VALUE"}`;
          const fallback = spec.defaults?.[name] ?? s.default;
          return [
            `${name}${flag === "" ? "" : `, ${flag}`}`,
            `${s.meaning}; default ${fallback}`,
          ] as const;
        }),
      ),
    );
  }
  return lines.join("\n");
}

function usage(spec: CommandSpec, io: CommandIo, reason: string): number {
  io.err(`${spec.name}: ${reason} (${spec.name} -- --help lists the options)`);
  return EXIT.usage;
}

/** parseArgs's messages name the option but add advice for its own API; keep the first sentence. */
function usageReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '([^']+)'/u.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const needsValue = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/u.exec(message);
  if (needsValue) return `${needsValue[1]} needs a value`;
  const positional = /^Unexpected argument '([^']*)'/u.exec(message);
  if (positional) return `unexpected argument "${positional[1]}"`;
  return message.split(/\.\s/u)[0] ?? message;
}
