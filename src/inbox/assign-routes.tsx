import { Hono } from "hono";
import type { AppEnv } from "../web/context.ts";
import { readForm } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import { assignChecked } from "../assignment/command.ts";
import type { Db } from "../db/open.ts";
import { assignmentFromForm, assignmentLines } from "./assign.ts";
import { AssignmentLine } from "./views/assign.tsx";
import type { TimelineItem } from "./views/timeline.tsx";
import { conversationPage, loadConversation } from "./routes.tsx";
import { backTo, selectedConversations } from "./status.tsx";

/** The assignment lines of a conversation's timeline, rendered, to sit among its messages. */
export function assignmentTimeline(db: Db, conversationId: number): TimelineItem[] {
  return assignmentLines(db, conversationId).map((line) => ({
    at: line.at,
    node: <AssignmentLine line={line} />,
  }));
}

/** Assigning from the conversation header and from the list's bulk form. */
export function assignRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/inbox/c/:id/assign", async (c) => {
    const { db, clock } = c.get("deps");
    const found = loadConversation(c);
    if (!found) return c.notFound();
    const me = currentUser(c);
    const parsed = assignmentFromForm(await readForm(c), me.id);
    if (!parsed.ok) return conversationPage(c, found, parsed.error);
    const result = assignChecked(db, [found.row], parsed.request, "user", me.id, clock());
    if (!result.ok) return conversationPage(c, found, result.error);
    return c.redirect(`/inbox/c/${found.row.id}`, 303);
  });

  app.post("/inbox/bulk-assign", async (c) => {
    const { db, clock } = c.get("deps");
    const me = currentUser(c);
    const body = await readForm(c);
    const parsed = assignmentFromForm(body, me.id);
    if (!parsed.ok) return c.text(parsed.error, 422);
    const selected = selectedConversations(db, me, body);
    if (!selected.ok) return c.text(selected.error, selected.status);
    const result = assignChecked(db, selected.rows, parsed.request, "user", me.id, clock());
    if (!result.ok) return c.text(result.error, 422);
    return c.redirect(backTo(body), 303);
  });

  return app;
}
