/**
 * Transcripts: exchanges with the bot shown in the README, produced by the
 * local chat itself so that they cannot drift from what the bot says.
 *
 * A transcript is a fenced block between two markers:
 *
 *     <!-- transcript lang=ru lines=8 -->
 *     ```text
 *     you › Когда томская делегация посетила Токио?
 *     bot ›
 *       …
 *     ```
 *     <!-- /transcript -->
 *
 * Its inputs are read back from the block (the `you ›` lines, and the presses
 * the chat shows as `↳ pressed [n]`), so an editor changes a transcript by
 * editing its questions and regenerating; everything else in the block is
 * replaced by what the piped `npm run chat` prints for those inputs.
 */
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Lang, SearchEngine } from "../search/types.js";
import { createLocalChatSession, LOCAL_BOT_INFO } from "./session.js";

/** What a transcript is produced with: the same things `npm run chat` opens. */
export interface TranscriptDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly search: SearchEngine;
}

export interface RenderTranscriptOptions extends TranscriptDeps {
  /** The user's Telegram language. */
  readonly lang: Lang;
  /** Lines as a person types them in `npm run chat`: questions, /commands, numbers for buttons. */
  readonly inputs: readonly string[];
  /** Keep only the first `maxLines` lines of each bot message, marking the cut with `  …`. */
  readonly maxLines?: number;
}

/** The line that stands for the lines cut from a bot message. */
export const CUT_MARK = "  …";

/**
 * Runs `inputs` through a fresh local chat and returns what the piped
 * `npm run chat` prints for them (`printf '…' | npm run chat --silent`): each
 * input echoed as `you › …`, every message, edit and notice, one newline after
 * each. The intro is left out, as the piped chat leaves it out; /quit ends the
 * run as it ends the chat.
 */
export async function renderTranscript(options: RenderTranscriptOptions): Promise<string> {
  const { config, logger, search, lang, inputs, maxLines } = options;
  const blocks: string[] = [];
  const session = createLocalChatSession({
    config,
    logger,
    search,
    write: (text) => blocks.push(text),
    ansi: false,
    echo: true,
    lang,
  });
  // The piped chat registers the command menu too, though it does not print the intro.
  await session.start();
  for (const input of inputs) {
    if (!(await session.chat.input(input))) break;
  }
  return blocks.map((block) => `${shorten(block, maxLines)}\n`).join("");
}

/** A bot message (a block headed `bot ›`) cut to its first `maxLines` lines under the header. */
function shorten(block: string, maxLines: number | undefined): string {
  if (maxLines === undefined || !block.startsWith("bot ›")) return block;
  const [header = "", ...body] = block.split("\n");
  if (body.length <= maxLines) return block;
  return [header, ...body.slice(0, maxLines), CUT_MARK].join("\n");
}

/** One marked transcript in a Markdown text. */
export interface TranscriptBlock {
  /** Position among the document's transcripts, from 0. */
  readonly index: number;
  /** How the block is named in reports: "transcript 2 (line 41)". */
  readonly name: string;
  /** Line of the opening marker, from 1. */
  readonly line: number;
  readonly lang: Lang;
  readonly maxLines?: number;
  /** The inputs read back from the block's `you ›` and `↳ pressed [n]` lines. */
  readonly inputs: readonly string[];
  /** The text inside the fence, each line ending in a newline. */
  readonly content: string;
  /** Where `content` starts and ends in the Markdown, as string offsets. */
  readonly start: number;
  readonly end: number;
}

// Any attributes are taken, so that a misspelt one is reported instead of the block being missed.
const OPEN = /^<!--\s*transcript(?:\s+(?<attributes>.*?))?\s*-->$/u;
const CLOSE = /^<!--\s*\/transcript\s*-->$/u;
const FENCE_OPEN = "```text";
const FENCE_CLOSE = "```";
/** Another fenced block: markers shown inside it are examples, not transcripts. */
const OTHER_FENCE = /^ {0,3}(`{3,}|~{3,})/u;

/**
 * Finds the marked transcripts of a Markdown text, with their attributes and
 * inputs.
 * @throws Error naming the line of a malformed marker, an unknown attribute or
 * a block whose inputs cannot be read back.
 */
export function findTranscripts(markdown: string): TranscriptBlock[] {
  const lines = markdown.split("\n");
  const offsets: number[] = [];
  let at = 0;
  for (const line of lines) {
    offsets.push(at);
    at += line.length + 1;
  }
  const blocks: TranscriptBlock[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (fence !== undefined) {
      const closing = line.trim();
      if (closing.startsWith(fence) && /^(`+|~+)$/u.test(closing)) fence = undefined;
      continue;
    }
    const open = OPEN.exec(line);
    if (open === null) {
      if (CLOSE.test(line))
        throw new Error(`line ${i + 1}: <!-- /transcript --> without an opening`);
      fence = OTHER_FENCE.exec(line)?.[1];
      continue;
    }
    const where = `line ${i + 1}`;
    const { lang, maxLines } = parseAttributes(open.groups?.attributes ?? "", where);
    if (lines[i + 1] !== FENCE_OPEN) {
      throw new Error(`${where}: a transcript marker must be followed by a \`\`\`text line`);
    }
    let close = i + 2;
    while (close < lines.length && lines[close] !== FENCE_CLOSE) close++;
    if (close >= lines.length || !CLOSE.test(lines[close + 1] ?? "")) {
      throw new Error(`${where}: a transcript ends with \`\`\` then <!-- /transcript -->`);
    }
    const start = offsets[i + 2] ?? markdown.length;
    const end = offsets[close] ?? markdown.length;
    const content = markdown.slice(start, end);
    const index = blocks.length;
    blocks.push({
      index,
      name: `transcript ${index + 1} (line ${i + 1})`,
      line: i + 1,
      lang,
      ...(maxLines !== undefined && { maxLines }),
      inputs: transcriptInputs(content, where),
      content,
      start,
      end,
    });
    i = close + 1;
  }
  return blocks;
}

function parseAttributes(text: string, where: string): { lang: Lang; maxLines?: number } {
  let lang: Lang = "en";
  let maxLines: number | undefined;
  for (const pair of text
    .trim()
    .split(/\s+/u)
    .filter((p) => p !== "")) {
    const cut = pair.indexOf("=");
    const key = cut < 0 ? pair : pair.slice(0, cut);
    const value = cut < 0 ? "" : pair.slice(cut + 1);
    if (key === "lang" && (value === "en" || value === "ru")) lang = value;
    else if (key === "lines" && /^[1-9]\d{0,3}$/u.test(value)) maxLines = Number(value);
    else
      throw new Error(
        `${where}: transcript attribute "${pair}" is not lang=en, lang=ru or lines=N (N from 1)`,
      );
  }
  return maxLines === undefined ? { lang } : { lang, maxLines };
}

const YOU = "you › ";
const PRESSED = /^ {2}↳ pressed \[(\d+)\]/u;

/**
 * The lines a person typed to produce a transcript, read back from how the
 * piped chat echoes them: a typed line as `you › <line>`, a number that
 * pressed a button as `  ↳ pressed [n] <button>` (the number itself is not
 * echoed). Bot messages are indented, so a `you › ` at the start of a line
 * is always the user's.
 * @throws Error when the block picks an inline result: the chat shows the
 * message sent, not which number picked it.
 */
export function transcriptInputs(content: string, where = "transcript"): string[] {
  const inputs: string[] = [];
  const pickedInline = `${YOU}via @${LOCAL_BOT_INFO.username}`;
  let afterPress = false;
  for (const line of content.split("\n")) {
    const pressed = PRESSED.exec(line);
    if (pressed !== null) {
      inputs.push(pressed[1] ?? "");
      afterPress = true;
      continue;
    }
    if (line.startsWith(YOU)) {
      if (line === pickedInline) {
        throw new Error(
          `${where}: a transcript cannot pick an inline result (which number picked it is not shown)`,
        );
      }
      // A button that switches to inline mode echoes the query it types; nobody typed it.
      if (!(afterPress && line.startsWith(`${YOU}@`))) inputs.push(line.slice(YOU.length));
    }
    afterPress = false;
  }
  return inputs;
}

/** What regenerating the transcripts of a Markdown text gave. */
export interface TranscriptUpdate {
  readonly markdown: string;
  /** The names of the blocks whose content changed, in order ("transcript 2 (line 41)"). */
  readonly changed: string[];
}

/**
 * Replaces the content of every transcript with what `render` returns for it
 * (blocks are rendered one after another, in order), and names those whose
 * content changed.
 */
export async function updateTranscripts(
  markdown: string,
  render: (block: TranscriptBlock) => Promise<string> | string,
): Promise<TranscriptUpdate> {
  const blocks = findTranscripts(markdown);
  const changed: string[] = [];
  let out = "";
  let from = 0;
  for (const block of blocks) {
    const content = await render(block);
    if (content !== "" && !content.endsWith("\n")) {
      throw new Error(`${block.name}: rendered content must end with a newline`);
    }
    if (content !== block.content) changed.push(block.name);
    out += markdown.slice(from, block.start) + content;
    from = block.end;
  }
  return { markdown: out + markdown.slice(from), changed };
}

/**
 * Regenerates every transcript of a README from the bot over the knowledge in
 * `deps.search`: what `npm run transcripts` writes, and what its `--check`
 * compares (`changed` is empty when the README is up to date).
 */
export function transcribeReadme(
  markdown: string,
  deps: TranscriptDeps,
): Promise<TranscriptUpdate> {
  return updateTranscripts(markdown, (block) =>
    renderTranscript({
      ...deps,
      lang: block.lang,
      inputs: block.inputs,
      ...(block.maxLines !== undefined && { maxLines: block.maxLines }),
    }),
  );
}
