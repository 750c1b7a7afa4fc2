import { Hono } from "hono";
import { z } from "zod";
import { channelOptions } from "../channels/options-store.ts";
import type { AppEnv } from "../web/context.ts";
import { readForm } from "../web/forms.ts";
import { loadConversation } from "./routes.tsx";

/**
 * POST /inbox/c/:id/typing (static/typing.js): an agent is typing a reply, or stopped. When the
 * channel's "Show customers when we are typing" is on, the customer's phone shows "typing…".
 * Throttled here as well as in the page: "composing" at most once per 10 s per conversation, so a
 * tab (or a script) hammering the route sends WhatsApp nothing more.
 */
const TypingForm = z.object({ state: z.enum(["composing", "paused"]) });

export const TYPING_EVERY_MS = 10_000;
/** When each conversation last sent "composing", per session manager (one per running app). */
const composingBy = new WeakMap<object, Map<number, number>>();
const MAX_TRACKED = 5000;

export function typingRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/inbox/c/:id/typing", async (c) => {
    const { db, clock, sessions, logger } = c.get("deps");
    const found = loadConversation(c);
    if (!found) return c.notFound();
    const parsed = TypingForm.safeParse(await readForm(c));
    if (!parsed.success) return c.text("state must be composing or paused", 400);
    const { row } = found;
    if (channelOptions(db, row.channel_id)?.send_typing !== 1) return c.body(null, 204);
    const { state } = parsed.data;
    const now = clock();
    const lastComposing = composingBy.get(sessions) ?? new Map<number, number>();
    composingBy.set(sessions, lastComposing);
    if (state === "composing") {
      if (now - (lastComposing.get(row.id) ?? -Infinity) < TYPING_EVERY_MS) return c.body(null, 204);
      if (lastComposing.size >= MAX_TRACKED) lastComposing.clear();
      lastComposing.set(row.id, now);
    } else {
      // Paused only after a composing that went out: nothing to clear otherwise.
      if (!lastComposing.delete(row.id)) return c.body(null, 204);
    }
    const session = sessions.liveSession(row.channel_id);
    await session?.chat
      .sendTyping(row.chat_jid, state)
      .catch((err) =>
        logger.info({ conversationId: row.id, reason: (err as Error)?.message }, "typing not shown"),
      );
    return c.body(null, 204);
  });
  return app;
}
