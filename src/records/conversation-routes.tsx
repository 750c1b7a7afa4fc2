import { Hono, type Context } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam, one, readForm } from "../web/forms.ts";
import { currentUser, requirePermission } from "../auth/middleware.ts";
import { findAccessibleChannel } from "../channels/access.ts";
import { findConversation } from "../messaging/conversations-store.ts";
import type { ConversationRow } from "../messaging/types.ts";
import { RECORD_TYPES, isRecordType } from "./fields.ts";
import { getRecordOfType, searchAcrossTypes } from "./store.ts";
import { linkManually, unlink } from "./linking.ts";
import { conversationLinks } from "./public.ts";
import { defaultRegion } from "./settings.ts";
import { searchPhone } from "./phones.ts";
import { formOptions } from "./page-data.ts";
import { RecordFormPage } from "./views/form.tsx";
import { LinkPickerPage } from "./views/link-picker.tsx";

/** The conversation if it exists and this user may access its channel; null (→ 404) otherwise. */
export function findConversationForUser(c: Context<AppEnv>, id: number | null): ConversationRow | null {
  if (!id) return null;
  const { db } = c.get("deps");
  const conversation = findConversation(db, id);
  return conversation && findAccessibleChannel(db, currentUser(c), conversation.channel_id)
    ? conversation
    : null;
}

/** An unknown sender's conversation: make a contact or lead from it, or link it to an existing record. */
export function conversationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const edit = requirePermission("records.edit");

  // The inbox's "Create contact / lead" buttons post here; the form itself is a GET, so reloading
  // it (or going back to it) never asks the browser to send the POST again.
  app.post("/records/from-conversation/:id", edit, async (c) => {
    const conversation = findConversationForUser(c, idParam(c.req.param("id")));
    if (!conversation) return c.notFound();
    const type = one(await readForm(c), "type") === "lead" ? "lead" : "contact";
    return c.redirect(`/records/from-conversation/${conversation.id}?type=${type}`, 303);
  });

  // The new-record form, prefilled from the chat.
  app.get("/records/from-conversation/:id", edit, (c) => {
    const conversation = findConversationForUser(c, idParam(c.req.param("id")));
    if (!conversation) return c.notFound();
    const type = c.req.query("type") === "lead" ? "lead" : "contact";
    // A direct chat gives the person's WhatsApp name and number; a group gives its id for the group link.
    const group = conversation.kind === "group";
    const [first = "", ...rest] = (group ? "" : conversation.title).trim().split(/\s+/);
    const values: Record<string, string> = {
      first_name: first,
      last_name: rest.join(" "),
      phones: group ? "" : (conversation.peer_phone ?? ""),
      conversation: String(conversation.id),
      group_jid: group ? conversation.chat_jid : "",
      ...(type === "lead" ? { status: "new" } : {}),
    };
    return c.html(
      <RecordFormPage
        type={type}
        values={values}
        options={formOptions(c.get("deps").db, currentUser(c))}
        title={`New ${type} from this conversation`}
      />,
    );
  });

  app.get("/records/link-conversation/:id", edit, (c) => {
    const conversation = findConversationForUser(c, idParam(c.req.param("id")));
    if (!conversation) return c.notFound();
    const { db } = c.get("deps");
    const q = (c.req.query("q") ?? "").trim().slice(0, 200);
    const hits = q
      ? searchAcrossTypes(db, { text: q, e164: searchPhone(q, defaultRegion(db)) }, RECORD_TYPES, 30)
      : [];
    return c.html(
      <LinkPickerPage
        conversation={conversation}
        q={q}
        hits={hits}
        linked={conversationLinks(db, conversation.id)}
      />,
    );
  });

  app.post("/records/link-conversation/:id", edit, async (c) => {
    const conversation = findConversationForUser(c, idParam(c.req.param("id")));
    if (!conversation) return c.notFound();
    const { db, clock } = c.get("deps");
    const body = await readForm(c);
    const type = one(body, "type");
    const id = idParam(one(body, "record"));
    const record = isRecordType(type) && id ? getRecordOfType(db, type, id) : null;
    if (!record) return c.text("That record no longer exists. Go back and pick again.", 422);
    linkManually(db, conversation, record, clock());
    return c.redirect(`/inbox/c/${conversation.id}`, 303);
  });

  // Undo a wrong link; a number or group that still matches links it again with the next message.
  app.post("/records/unlink-conversation/:id", edit, async (c) => {
    const conversation = findConversationForUser(c, idParam(c.req.param("id")));
    const record = idParam(one(await readForm(c), "record"));
    if (!conversation || !record) return c.notFound();
    unlink(c.get("deps").db, conversation, record);
    return c.redirect(`/records/link-conversation/${conversation.id}`, 303);
  });

  return app;
}
