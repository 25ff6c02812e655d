/**
 * Telegram's check of a link (TDLib's LinkManager::check_link), used for `<a href>` in HTML and
 * for inline keyboard URL buttons. Simplified: it knows the schemes Telegram knows and rejects
 * what obviously isn't a web address; it does not resolve internal `t.me` links.
 */

/** A checked link: Telegram's normalized form, or TDLib's reason for refusing it. */
export type LinkCheck = { ok: true; url: string } | { ok: false; reason: string };

const TELEGRAM_SCHEMES = new Set(["tg", "ton", "tonsite"]);

/**
 * Checks `link` as Telegram does and returns the URL Telegram would store (`telegram.org` becomes
 * `http://telegram.org/`), or a reason worded like TDLib's, e.g. `Unsupported URL protocol`.
 */
export function checkLink(link: string): LinkCheck {
  const trimmed = link.trim();
  if (trimmed === "") return { ok: false, reason: "URL must be non-empty" };

  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme !== undefined && TELEGRAM_SCHEMES.has(scheme)) {
    return /^[a-z]+:(?:\/\/)?[^\s]+$/i.test(trimmed)
      ? { ok: true, url: trimmed }
      : { ok: false, reason: "Wrong URL" };
  }

  const withProtocol = /^[a-z][a-z0-9+.-]*:\/\//i.exec(trimmed);
  if (withProtocol && scheme !== "http" && scheme !== "https") {
    return { ok: false, reason: "Unsupported URL protocol" };
  }
  // "mailto:x" and the like have a scheme but no "//": Telegram reads them as a host and fails.
  const protocol = withProtocol ? (scheme as string) : "http";
  const rest = withProtocol ? trimmed.slice(withProtocol[0].length) : trimmed;

  const hostEnd = rest.search(/[/?#]/);
  const authority = hostEnd === -1 ? rest : rest.slice(0, hostEnd);
  const tail = hostEnd === -1 ? "" : rest.slice(hostEnd);
  const hostAndPort = authority.includes("@")
    ? authority.slice(authority.lastIndexOf("@") + 1)
    : authority;
  const portMatch = /:([0-9]*)$/.exec(hostAndPort);
  const host = portMatch ? hostAndPort.slice(0, portMatch.index) : hostAndPort;
  if (host === "") return { ok: false, reason: "URL host is empty" };
  if (
    portMatch &&
    (portMatch[1] === "" || Number(portMatch[1]) < 1 || Number(portMatch[1]) > 65535)
  ) {
    return { ok: false, reason: "Wrong port number specified in the URL" };
  }
  if (/[\s<>"{}|\\^`]/.test(host) || host.startsWith(".") || host.endsWith("..")) {
    return { ok: false, reason: "Wrong URL host" };
  }
  // A host without a dot (`asdasd`) is not a web address to Telegram, except an IP literal.
  const isIp = /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || /^\[[0-9a-f:]+\]$/i.test(host);
  if (!isIp && !host.replace(/\.$/, "").includes("."))
    return { ok: false, reason: "Wrong HTTP URL" };

  const port = portMatch ? `:${portMatch[1]}` : "";
  const path = tail.startsWith("/") ? tail : `/${tail}`;
  return {
    ok: true,
    url: `${protocol}://${authority.slice(0, authority.length - hostAndPort.length)}${host}${port}${path}`,
  };
}

/** The Bot API's description for a URL button whose link Telegram refuses, or null if it's fine. */
export function checkButtonUrl(url: string): string | null {
  const checked = checkLink(url);
  return checked.ok
    ? null
    : `Bad Request: inline keyboard button URL '${url}' is invalid: ${checked.reason}`;
}
