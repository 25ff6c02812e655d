/** /start: a welcome with example questions, or what a deep link points at. */
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { parseDeepLinkPayload } from "../deep-link.js";
import { replyView, viewContext } from "../reply.js";
import {
  clusterCardView,
  documentView,
  eventCardView,
  groupHelloView,
  helpView,
  type View,
  welcomeView,
} from "../views.js";

/** Payloads shaped like a deep link, even when what they name no longer exists. */
const LINK_SHAPED = /^(?:doc|cluster|event)_/u;

export function startFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("start", async (ctx) => {
    const vc = viewContext(ctx);
    if (ctx.chat.type !== "private") {
      await replyView(ctx, groupHelloView(vc, "welcome-group"));
      return;
    }
    const payload = ctx.match.trim();
    const target = parseDeepLinkPayload(payload);
    let view: View | undefined;
    switch (target?.kind) {
      case "doc":
        view = documentView(vc, target.id, 0, { kind: "sources" });
        break;
      case "cluster":
        view = clusterCardView(vc, target.id);
        break;
      case "event":
        view = eventCardView(vc, target.id);
        break;
      case "help":
        view = helpView(vc);
        break;
      case undefined:
        break;
    }
    if (view) {
      await replyView(ctx, view);
      return;
    }
    const welcome = welcomeView(vc);
    const stale = LINK_SHAPED.test(payload);
    await replyView(
      ctx,
      stale ? { ...welcome, html: `${ctx.t("deep-link-stale")}\n\n${welcome.html}` } : welcome,
    );
  });
  return composer;
}
