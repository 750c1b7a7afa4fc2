import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../web/context.ts";
import { idParam, many, one, readForm, type FormBody } from "../web/forms.ts";
import type { Db } from "../db/open.ts";
import { currentUser } from "../auth/middleware.ts";
import type { CurrentUser } from "../auth/principal.ts";
import type { ConversationRow } from "../messaging/types.ts";
import { findUser } from "../auth/users-store.ts";
import { accessibleChannelIds } from "../channels/access.ts";
import { findConversation } from "../messaging/conversations-store.ts";
import { setConversationStatus, statusHistory, type StatusRequest } from "../messaging/status.ts";
import { snoozeUntil } from "./snooze-time.ts";
import type { StatusLineView } from "./views/status.tsx";
import { conversationPage, loadConversation } from "./routes.tsx";

const StatusForm = z.object({
  status: z.enum(["open", "pending", "resolved", "snoozed"], {
    message: "Choose open, pending, resolved or snoozed.",
  }),
  snooze: z.enum(["1h", "tomorrow", "next-week", "custom"]).default("1h"),
  at: z.string().max(40).default(""),
  tz: z.string().max(100).default("UTC"),
});

/** A status change as a form or the API asks for it, snooze time worked out in the person's time zone. */
export function parseStatusRequest(
  input: unknown,
  now: number,
): { ok: true; request: StatusRequest } | { ok: false; error: string } {
  const parsed = StatusForm.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid status." };
  const { status, snooze, at, tz } = parsed.data;
  if (status !== "snoozed") return { ok: true, request: { status } };
  const until = snoozeUntil(snooze, now, tz, at);
  return until.ok ? { ok: true, request: { status, snoozedUntil: until.at } } : until;
}

const fields = (body: FormBody, status: string) => ({
  status,
  snooze: one(body, "snooze") || undefined,
  at: one(body, "at"),
  tz: one(body, "tz") || undefined,
});

/** A conversation's status history with the names of who changed it, for its timeline. */
export function statusLines(db: Db, conversationId: number): StatusLineView[] {
  const names = new Map<number, string | null>();
  return statusHistory(db, conversationId).map((ch) => {
    const id = ch.by_user_id;
    if (id !== null && !names.has(id)) names.set(id, findUser(db, id)?.name ?? null);
    return { ...ch, by: id !== null ? (names.get(id) ?? null) : null };
  });
}

/** Where the bulk form goes back to: the list it was sent from, never another site. */
export function backTo(body: FormBody): string {
  const back = one(body, "back");
  return /^\/inbox(\?[\w=&%.+-]*)?$/.test(back) ? back : "/inbox";
}

/**
 * The conversations ticked in the list (up to 500). Those of channels this person may not use are
 * skipped, exactly as if they did not exist.
 */
export function selectedConversations(
  db: Db,
  user: CurrentUser,
  body: FormBody,
): { ok: true; rows: ConversationRow[] } | { ok: false; status: 404 | 422; error: string } {
  const ids = many(body, "ids")
    .map((v) => idParam(v))
    .filter((id): id is number => id !== null)
    .slice(0, 500);
  if (ids.length === 0) return { ok: false, status: 422, error: "Select one or more conversations first." };
  const channels = new Set(accessibleChannelIds(db, user));
  const rows = ids
    .map((id) => findConversation(db, id))
    .filter((row): row is ConversationRow => row !== null && channels.has(row.channel_id));
  if (rows.length === 0)
    return { ok: false, status: 404, error: "None of the selected conversations was found." };
  return { ok: true, rows };
}

export function statusRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/inbox/c/:id/status", async (c) => {
    const { db, clock } = c.get("deps");
    const found = loadConversation(c);
    if (!found) return c.notFound();
    const body = await readForm(c);
    const parsed = parseStatusRequest(fields(body, one(body, "status")), clock());
    if (!parsed.ok) return conversationPage(c, found, null, parsed.error);
    setConversationStatus(db, [found.row.id], parsed.request, currentUser(c).id, clock());
    return c.redirect(`/inbox/c/${found.row.id}`, 303);
  });

  app.post("/inbox/bulk-status", async (c) => {
    const { db, clock } = c.get("deps");
    const body = await readForm(c);
    const parsed = parseStatusRequest(fields(body, one(body, "status") || one(body, "set")), clock());
    if (!parsed.ok) return c.text(parsed.error, 422);
    const selected = selectedConversations(db, currentUser(c), body);
    if (!selected.ok) return c.text(selected.error, selected.status);
    setConversationStatus(
      db,
      selected.rows.map((r) => r.id),
      parsed.request,
      currentUser(c).id,
      clock(),
    );
    return c.redirect(backTo(body), 303);
  });

  return app;
}
