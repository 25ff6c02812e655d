import pino, { type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./config.js";

export type { Logger };

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Secrets to scrub from every line, wherever they appear (the bot token). */
  readonly secrets?: readonly (string | undefined)[];
  /** Defaults to stdout; tests pass a stream to capture lines. */
  readonly destination?: DestinationStream;
}

/** Anything shaped like a Bot API token, in case one reaches a log line unannounced. */
const TOKEN_SHAPE = /\d{3,}:[A-Za-z0-9_-]{20,}/gu;
const REDACTED = "[REDACTED]";

/**
 * Creates the process logger: pino, JSON lines.
 *
 * Redaction works on the serialised line rather than on known field paths:
 * a token can hide inside an error message or a request URL (`/bot<token>/`),
 * and a path list would miss those.
 */
export function createLogger({ level, secrets = [], destination }: LoggerOptions): Logger {
  const known = secrets.filter((s): s is string => typeof s === "string" && s.length > 0);
  const scrub = (line: string) => {
    let out = line;
    for (const secret of known) out = out.split(secret).join(REDACTED);
    return out.replace(TOKEN_SHAPE, REDACTED);
  };
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: scrub },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
