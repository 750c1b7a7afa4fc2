import { Hono } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam, one, readForm, type FormBody } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import { changeConversationLabels, findLabel, type LabelChange } from "../messaging/labels.ts";
import { loadConversation } from "../inbox/routes.tsx";
import { backTo, selectedConversations } from "../inbox/status.tsx";

/** add=<id> and/or remove=<id>, as the header's chips and picker send them. */
export function labelChangeOf(body: FormBody): LabelChange {
  const add = idParam(one(body, "add"));
  const remove = idParam(one(body, "remove"));
  return { add: add ? [add] : [], remove: remove ? [remove] : [] };
}

/** Labels on conversations from the inbox: one conversation's header, or the ticked ones of the list. */
export function conversationLabelRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/inbox/c/:id/labels", async (c) => {
    const { db, clock } = c.get("deps");
    const found = loadConversation(c);
    if (!found) return c.notFound();
    const change = labelChangeOf(await readForm(c));
    if ([...(change.add ?? []), ...(change.remove ?? [])].some((id) => !findLabel(db, id)))
      return c.text("That label no longer exists.", 422);
    changeConversationLabels(db, found.row.id, change, currentUser(c).id, clock());
    return c.redirect(`/inbox/c/${found.row.id}`, 303);
  });

  app.post("/inbox/bulk-labels", async (c) => {
    const { db, clock } = c.get("deps");
    const body = await readForm(c);
    const label = idParam(one(body, "label"));
    const op = one(body, "op");
    if (!label || !findLabel(db, label) || (op !== "add" && op !== "remove"))
      return c.text("Choose a label to add or remove.", 422);
    const selected = selectedConversations(db, currentUser(c), body);
    if (!selected.ok) return c.text(selected.error, selected.status);
    const change = op === "add" ? { add: [label] } : { remove: [label] };
    for (const { id } of selected.rows) changeConversationLabels(db, id, change, currentUser(c).id, clock());
    return c.redirect(backTo(body), 303);
  });

  return app;
}
