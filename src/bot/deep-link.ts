/**
 * Deep links: `https://t.me/<bot>?start=<payload>` opens something directly.
 *
 * Payload format (at most 64 characters of A-Z a-z 0-9 _ -, Telegram's rule):
 * - `doc_<document-id>`   opens a source document, e.g. `doc_tokyo-mission-japan`
 * - `cluster_<cluster-id>` opens a cluster card, e.g. `cluster_petrochemical`
 * - `event_<event-id>`    opens an event card, e.g. `event_tokyo-mission`
 * - `help`                shows /help (used by inline mode's "open the bot" button)
 * Ids are the slugs of knowledge/ (file names of documents, `id` in the YAML files).
 */
export type DeepLinkTarget =
  | { readonly kind: "doc"; readonly id: string }
  | { readonly kind: "cluster"; readonly id: string }
  | { readonly kind: "event"; readonly id: string }
  | { readonly kind: "help" };

/** Telegram's rule for a start parameter. */
const PAYLOAD_RE = /^[A-Za-z0-9_-]{1,64}$/u;
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;

/** The start payload for a target, or undefined when it would break Telegram's rule (an overlong id). */
export function deepLinkPayload(target: DeepLinkTarget): string | undefined {
  const payload = target.kind === "help" ? "help" : `${target.kind}_${target.id}`;
  return PAYLOAD_RE.test(payload) ? payload : undefined;
}

/** Parses a /start payload; anything else (including garbage) is undefined. */
export function parseDeepLinkPayload(payload: string | undefined): DeepLinkTarget | undefined {
  if (payload === undefined || !PAYLOAD_RE.test(payload)) return undefined;
  if (payload === "help") return { kind: "help" };
  const separator = payload.indexOf("_");
  const kind = payload.slice(0, separator);
  const id = payload.slice(separator + 1);
  if (separator < 0 || !SLUG_RE.test(id)) return undefined;
  if (kind === "doc" || kind === "cluster" || kind === "event") return { kind, id };
  return undefined;
}

/** The t.me link that opens the bot on a target, or undefined when no payload fits. */
export function deepLink(botUsername: string, target: DeepLinkTarget): string | undefined {
  const payload = deepLinkPayload(target);
  return payload && /^[A-Za-z0-9_]{1,64}$/u.test(botUsername)
    ? `https://t.me/${botUsername}?start=${payload}`
    : undefined;
}
