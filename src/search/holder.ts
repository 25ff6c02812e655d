/**
 * The search engine in use, swappable while the bot runs (/reload). An engine
 * is immutable, built once per knowledge version; swapping is one assignment,
 * so it is atomic. The bot reads `current` once per update, so an update sees
 * one knowledge version from start to end however a reload falls.
 */
import type { SearchEngine } from "./types.js";

export interface SearchHolder {
  /** The engine new updates use. */
  readonly current: SearchEngine;
  /** Puts `next` in use for updates that start from now on; returns the engine it replaced. */
  replace(next: SearchEngine): SearchEngine;
}

/** A holder starting with `initial`. */
export function createSearchHolder(initial: SearchEngine): SearchHolder {
  let current = initial;
  return {
    get current() {
      return current;
    },
    replace(next) {
      const previous = current;
      current = next;
      return previous;
    },
  };
}

/** A holder as given, or a new one around an engine. */
export function holderOf(search: SearchEngine | SearchHolder): SearchHolder {
  return "replace" in search ? search : createSearchHolder(search);
}
