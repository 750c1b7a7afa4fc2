import { Hono } from "hono";
import { storeUpload } from "./upload.tsx";
import type { AppEnv } from "../web/context.ts";
import { idParam, one, readForm } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import { findAccessibleChannel } from "../channels/access.ts";
import { findTemplate } from "../templates/store.ts";
import { renderTemplate } from "../templates/render.ts";
import { findMessage } from "../messaging/store.ts";
import { composeDisabledReason, templateOptions } from "./compose-options.ts";
import { loadConversation } from "./routes.tsx";
import { templateVariables } from "./records-adapter.ts";
import { ReplyBox } from "./views/conversation.tsx";
import { MessageBubble } from "./views/message.tsx";
import { REPLY_TEMPLATE_ERROR, TemplateErrorPartial } from "./views/template-fill.tsx";
import type { MessageRow } from "../messaging/types.ts";

const MAX_TEXT = 65536;

export { storeUpload, type UploadedFile } from "./upload.tsx";

function bubbleResponse(m: MessageRow, group: boolean) {
  return (
    <hx-partial hx-target={`#msgs-${m.conversation_id}`} hx-swap="upsert">
      <MessageBubble m={m} group={group} />
    </hx-partial>
  );
}

export function composeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/inbox/c/:id/send", async (c) => {
    const { db, config, services } = c.get("deps");
    const user = currentUser(c);
    const found = loadConversation(c);
    if (!found) return c.notFound();
    const { row, channel } = found;
    const body = await readForm(c);
    const text = one(body, "text").replace(/\r\n/g, "\n").trim();
    const replyTo = idParam(one(body, "reply_to"));
    // A refused reply keeps what it was replying to, as it keeps its text.
    const quoted = replyTo ? findMessage(db, replyTo) : null;
    const quoting =
      quoted?.conversation_id === row.id ? { id: quoted.id, text: quoted.text.slice(0, 200) } : null;
    const isHtmx = c.req.header("hx-request") === "true";
    // The box's own key, kept when the box comes back with an error so a resend is still one message.
    const sendKey = /^[A-Za-z0-9-]{8,64}$/.test(one(body, "key")) ? one(body, "key") : null;
    const reply = (error: string | null, status: 200 | 413 | 422, keep = text) =>
      c.html(
        <ReplyBox
          conversationId={row.id}
          disabled={composeDisabledReason(channel)}
          templates={templateOptions(db)}
          maxUploadMb={config.maxUploadMb}
          text={keep}
          error={error}
          sendKey={sendKey ?? undefined}
          replyTo={quoting}
        />,
        status,
      );

    const disabled = composeDisabledReason(channel);
    if (disabled) return reply(disabled, 422);
    if (text.length > MAX_TEXT) return reply(`The message is longer than ${MAX_TEXT} characters.`, 422);
    const upload = await storeUpload(c, body.file);
    if (!upload.ok) return reply(upload.error, 413);
    if (!text && !upload.file) return reply("Write a message or attach a file.", 422);

    // The content is part of the key: a different message typed before the box came back still goes.
    const idempotencyKey = sendKey
      ? `reply:${user.id}:${sendKey}:${Bun.hash(`${text}\u0000${upload.file?.sha256 ?? ""}\u0000${replyTo ?? ""}`).toString(36)}`
      : null;
    const sent = services.send.send({
      channel,
      recipient: { conversation: row },
      parts: [{ text, file: upload.file }],
      userId: user.id,
      idempotencyKey,
      replyTo,
    });
    if (!sent.ok) return reply(sent.message, 422);
    const message = sent.messages[0]!;
    if (!isHtmx) return c.redirect(`/inbox/c/${row.id}`, 303);
    return c.html(
      <>
        <ReplyBox
          conversationId={row.id}
          disabled={null}
          templates={templateOptions(db)}
          maxUploadMb={config.maxUploadMb}
        />
        {bubbleResponse(message, row.kind === "group")}
      </>,
    );
  });

  app.post("/inbox/m/:id/retry", (c) => {
    const { db, services } = c.get("deps");
    const id = idParam(c.req.param("id"));
    const m = id ? findMessage(db, id) : null;
    const channel = m ? findAccessibleChannel(db, currentUser(c), m.channel_id) : null;
    if (!m || !channel || m.direction !== "outbound") return c.notFound();
    if (m.status !== "failed") return c.redirect(`/inbox/c/${m.conversation_id}`, 303);
    if (composeDisabledReason(channel)) return c.text(composeDisabledReason(channel)!, 409);
    // Sent after the answer: the bubble turns to Sending and on through its receipts live.
    void services.outbox.dispatch(m.id);
    if (c.req.header("hx-request") === "true") return c.body(null, 204);
    return c.redirect(`/inbox/c/${m.conversation_id}#msg-${m.id}`, 303);
  });

  app.post("/inbox/m/:id/media-retry", (c) => {
    const { db, services } = c.get("deps");
    const id = idParam(c.req.param("id"));
    const m = id ? findMessage(db, id) : null;
    if (!m || !findAccessibleChannel(db, currentUser(c), m.channel_id)) return c.notFound();
    services.retryMedia(m.id);
    if (c.req.header("hx-request") === "true") return c.body(null, 204);
    return c.redirect(`/inbox/c/${m.conversation_id}#msg-${m.id}`, 303);
  });

  /**
   * Picking a template fills the reply box with it, variables resolved for this conversation. No
   * template, or one that fails to fill in, answers with the error slot alone: the box keeps its text.
   */
  app.get("/inbox/c/:id/template", async (c) => {
    const { db, config } = c.get("deps");
    const found = loadConversation(c);
    if (!found) return c.notFound();
    const templateId = idParam(c.req.query("template"));
    const template = templateId ? findTemplate(db, templateId) : null;
    if (!template) return c.html(<TemplateErrorPartial slot={REPLY_TEMPLATE_ERROR} error={null} />);
    const vars = templateVariables(db, found.row, found.channel, currentUser(c), config.baseUrl);
    const rendered = await renderTemplate(template.body, vars);
    if (!rendered.ok)
      return c.html(<TemplateErrorPartial slot={REPLY_TEMPLATE_ERROR} error={rendered.error} />);
    return c.html(
      <>
        <textarea name="text" placeholder="Write a reply…" aria-label="Message" rows={3} maxlength={MAX_TEXT}>
          {rendered.text}
        </textarea>
        <TemplateErrorPartial slot={REPLY_TEMPLATE_ERROR} error={null} />
      </>,
    );
  });

  return app;
}
