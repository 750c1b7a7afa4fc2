import { Hono, type Context } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam, one, readForm } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import { findAccessibleChannel } from "../channels/access.ts";
import { findMessage } from "../messaging/store.ts";
import type { ActionKind } from "../messaging/actions-store.ts";
import { composeDisabledReason } from "./compose-options.ts";
import { ErrorPage } from "../ui/errors.tsx";

/**
 * A bubble's React, Edit and Delete for everyone. Access is the message's channel, checked here;
 * WhatsApp's rules (time limits, whose message) by the one action command. static/app.js posts these
 * in place: a refusal answers 422 with the reason, shown in the bubble; success changes the bubble
 * live. Without script, success returns to the conversation and a refusal is a page saying why.
 */
async function act(c: Context<AppEnv>, kind: ActionKind) {
  const { db, services } = c.get("deps");
  const user = currentUser(c);
  const id = idParam(c.req.param("id"));
  const m = id ? findMessage(db, id) : null;
  const channel = m ? findAccessibleChannel(db, user, m.channel_id) : null;
  if (!m || !channel) return c.notFound();
  const body = await readForm(c);
  const value =
    kind === "react"
      ? one(body, "emoji")
      : kind === "edit"
        ? one(body, "text").replace(/\r\n/g, "\n").trim()
        : "";
  const htmx = c.req.header("hx-request") === "true";
  const refuse = (message: string) =>
    htmx ? c.text(message, 422) : c.html(<ErrorPage code={422} title="Not done" message={message} />, 422);
  const disabled = composeDisabledReason(channel);
  if (disabled) return refuse(disabled);
  const key = /^[A-Za-z0-9-]{8,64}$/.test(one(body, "key"))
    ? `inbox:${user.id}:${one(body, "key")}:${kind}:${Bun.hash(value).toString(36)}`
    : null;
  const out = services.actions.request({ message: m, kind, value, userId: user.id, idempotencyKey: key });
  if (!out.ok) return refuse(out.message);
  const done = await out.dispatched;
  if (done?.status === "failed") return refuse(done.error ?? "WhatsApp did not take it.");
  if (htmx) return c.body(null, 204);
  return c.redirect(`/inbox/c/${m.conversation_id}#msg-${m.id}`, 303);
}

export function messageActionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/inbox/m/:id/react", (c) => act(c, "react"));
  app.post("/inbox/m/:id/edit", (c) => act(c, "edit"));
  app.post("/inbox/m/:id/delete", (c) => act(c, "revoke"));
  return app;
}
