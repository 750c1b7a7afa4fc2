import { Hono, type Context } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam, one, readForm } from "../web/forms.ts";
import type { FieldErrors } from "../ui/components/form.tsx";
import { currentUser } from "../auth/middleware.ts";
import { accessibleChannels, findAccessibleChannel } from "../channels/access.ts";
import { applyCountryPrefix, normalizePhone } from "../phone.ts";
import { channelsHeardFrom, findConversationByChat } from "../messaging/conversations-store.ts";
import { templateOptions } from "./compose-options.ts";
import type { ChannelAccessRow } from "../channels/access.ts";
import type { ConversationRow } from "../messaging/types.ts";
import { findTemplate } from "../templates/store.ts";
import { renderTemplate } from "../templates/render.ts";
import { RECORD_TYPES, recordData } from "../records/public.ts";
import { isRecordType } from "../records/fields.ts";
import { searchAcrossTypes } from "../records/store.ts";
import { defaultRegion } from "../records/settings.ts";
import { storeUpload, type UploadedFile } from "./upload.tsx";
import {
  invoiceAttachment,
  invoiceOptionsFor,
  recipientHits,
  templateContact,
  templateVariables,
} from "./records-adapter.ts";
import {
  ComposePage,
  ComposeText,
  InvoicePicker,
  RecipientOptions,
  type ComposeValues,
} from "./views/compose-page.tsx";
import { COMPOSE_TEMPLATE_ERROR, TemplateErrorPartial } from "./views/template-fill.tsx";

function page(
  c: Context<AppEnv>,
  values: ComposeValues,
  errors?: FieldErrors,
  status: 200 | 413 | 422 = 200,
) {
  const { db, config } = c.get("deps");
  return c.html(
    <ComposePage
      channels={accessibleChannels(db, currentUser(c))}
      values={values}
      invoices={invoiceOptionsFor(db, values.record, values.to)}
      templates={templateOptions(db)}
      errors={errors}
      maxUploadMb={config.maxUploadMb}
    />,
    status,
  );
}

/**
 * The channel a new message starts from when the page names none: the one the customer last wrote
 * to, of those this person may use, else the person's only channel. The compose form preselects it
 * and Insert template resolves for it, so both speak of the same channel.
 */
function defaultChannel(c: Context<AppEnv>, to: string): ChannelAccessRow | null {
  const { db } = c.get("deps");
  const live = accessibleChannels(db, currentUser(c)).filter((ch) => ch.deleted_at === null);
  const phone = to.trim() ? normalizePhone(to, defaultRegion(db)) : null;
  if (phone?.ok)
    for (const id of channelsHeardFrom(db, phone.e164)) {
      const heard = live.find((ch) => ch.id === id);
      if (heard) return heard;
    }
  return live.length === 1 ? live[0]! : null;
}

/**
 * The conversation a new message would land in, for resolving template variables before it exists:
 * the existing chat with that number, or an empty direct chat that is not stored.
 */
function prospectiveConversation(c: Context<AppEnv>, channel: ChannelAccessRow, to: string): ConversationRow {
  const phone = applyCountryPrefix(to, channel.country_prefix);
  const existing = phone.ok
    ? findConversationByChat(c.get("deps").db, channel.id, `${phone.e164.slice(1)}@s.whatsapp.net`)
    : null;
  return (
    existing ?? {
      id: 0,
      channel_id: channel.id,
      chat_jid: "",
      kind: "direct",
      peer_phone: phone.ok ? phone.e164 : null,
      peer_lid: null,
      title: "",
      participant_count: null,
      last_message_id: null,
      last_message_at: 0,
      last_inbound_at: null,
      inbound_count: 0,
      phone_seen_inbound: 0,
      assigned_user_id: null,
      assigned_team_id: null,
      status: "open",
      snoozed_until: null,
      created_at: 0,
    }
  );
}

/**
 * Template variables for a recipient who may have no conversation yet: as for a conversation, and
 * when there is none, the customer named by the page (?record=type:id, from a customer's WhatsApp
 * action) or found by the number fills `contact`.
 */
function recipientVariables(
  c: Context<AppEnv>,
  channel: ChannelAccessRow,
  to: string,
  record: string,
): Record<string, unknown> {
  const { db, config } = c.get("deps");
  const conversation = prospectiveConversation(c, channel, to);
  const vars = templateVariables(db, conversation, channel, currentUser(c), config.baseUrl);
  if (conversation.id !== 0) return vars;
  const m = /^([a-z]+):(\d{1,12})$/.exec(record);
  const byPage = m && isRecordType(m[1]!) ? { type: m[1], id: Number(m[2]) } : null;
  const byPhone = conversation.peer_phone
    ? searchAcrossTypes(
        db,
        { text: conversation.peer_phone, e164: conversation.peer_phone },
        RECORD_TYPES,
        1,
      )[0]
    : undefined;
  const ref = byPage ?? (byPhone ? { type: byPhone.type, id: byPhone.id } : null);
  const data = ref ? recordData(db, ref) : null;
  return data ? { ...vars, contact: templateContact(data, conversation.peer_phone, config.baseUrl) } : vars;
}

/** "New message": the start of a conversation, from the inbox or from a customer's page. */
export function composeNewRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/inbox/compose", (c) => {
    const to = (c.req.query("to") ?? "").slice(0, 40);
    return page(c, {
      channelId: idParam(c.req.query("channel")) ?? defaultChannel(c, to)?.id ?? null,
      to,
      text: "",
      invoiceId: idParam(c.req.query("invoice")),
      record: (c.req.query("record") ?? "").slice(0, 40),
    });
  });

  app.get("/inbox/compose/recipients", (c) => {
    const q = (c.req.query("to") ?? "").trim().slice(0, 100);
    return c.html(<RecipientOptions hits={q.length >= 2 ? recipientHits(c.get("deps").db, q) : []} />);
  });

  /** Picking a template fills the message, resolved for the chosen recipient and channel. */
  app.get("/inbox/compose/template", async (c) => {
    const { db } = c.get("deps");
    const user = currentUser(c);
    const template = findTemplate(db, idParam(c.req.query("template")) ?? 0);
    const channelId = idParam(c.req.query("channel"));
    const to = (c.req.query("to") ?? "").slice(0, 40);
    const channel =
      (channelId ? findAccessibleChannel(db, user, channelId) : null) ??
      defaultChannel(c, to) ??
      accessibleChannels(db, user).find((ch) => ch.deleted_at === null) ??
      null;
    if (!template) return c.html(<TemplateErrorPartial slot={COMPOSE_TEMPLATE_ERROR} error={null} />);
    const vars = channel
      ? recipientVariables(c, channel, to, c.req.query("record") ?? "")
      : { user: { name: user.name, email: user.email } };
    const rendered = await renderTemplate(template.body, vars);
    // A template that fails answers with the error beside the picker alone: the message keeps its text.
    if (!rendered.ok)
      return c.html(<TemplateErrorPartial slot={COMPOSE_TEMPLATE_ERROR} error={rendered.error} />);
    return c.html(
      <>
        <ComposeText text={rendered.text} />
        <TemplateErrorPartial slot={COMPOSE_TEMPLATE_ERROR} error={null} />
      </>,
    );
  });

  app.get("/inbox/compose/invoices", (c) => {
    const { db } = c.get("deps");
    const invoices = invoiceOptionsFor(
      db,
      (c.req.query("record") ?? "").slice(0, 40),
      (c.req.query("to") ?? "").slice(0, 40),
    );
    const picked = idParam(c.req.query("invoice"));
    return c.html(
      <InvoicePicker invoices={invoices} selected={invoices.some((i) => i.id === picked) ? picked : null} />,
    );
  });

  app.post("/inbox/compose", async (c) => {
    const { db, services, logger } = c.get("deps");
    const user = currentUser(c);
    const body = await readForm(c);
    const values: ComposeValues = {
      channelId: idParam(one(body, "channel")),
      to: one(body, "to").trim().slice(0, 40),
      text: one(body, "text").replace(/\r\n/g, "\n").trim(),
      invoiceId: idParam(one(body, "invoice")),
      record: one(body, "record").slice(0, 40),
      key: /^[A-Za-z0-9-]{8,64}$/.test(one(body, "key")) ? one(body, "key") : null,
    };
    const channel = values.channelId ? findAccessibleChannel(db, user, values.channelId) : null;
    const errors: FieldErrors = {};
    if (!channel || channel.deleted_at !== null) errors.channel = "Choose one of your channels.";
    const phone = applyCountryPrefix(values.to, channel?.country_prefix ?? "");
    if (!phone.ok) errors.to = phone.reason;
    if (values.text.length > 65536) errors.text = "The message is longer than 65,536 characters.";
    const upload = await storeUpload(c, body.file);
    if (!upload.ok) errors.file = upload.error;
    const attachments: UploadedFile[] = upload.ok && upload.file ? [upload.file] : [];
    if (values.invoiceId) {
      const pdf = await invoiceAttachment(db, services.media, values.invoiceId, logger);
      if (pdf) attachments.push(pdf);
      else errors.invoice = "That invoice or quote could not be found.";
    }
    if (!values.text && attachments.length === 0) errors.text = "Write a message or attach a file.";
    if (Object.keys(errors).length > 0 || !channel || !phone.ok)
      return page(c, values, errors, upload.ok ? 422 : 413);

    // The same form sent twice with the same content is one message: show the first one's chat.
    const formKey = values.key
      ? `compose:${user.id}:${values.key}:${Bun.hash(`${channel.id}\u0000${phone.e164}\u0000${values.text}\u0000${upload.ok ? (upload.file?.sha256 ?? "") : ""}\u0000${values.invoiceId ?? ""}`).toString(36)}`
      : null;
    // The text rides as the caption of the first attachment; further attachments follow on their own.
    const sent = services.send.send({
      channel,
      recipient: { to: phone.e164 },
      parts: attachments.length
        ? attachments.map((file, i) => ({ file, text: i === 0 ? values.text : "" }))
        : [{ file: null, text: values.text }],
      userId: user.id,
      idempotencyKey: formKey,
      keyPerPart: true,
    });
    if (!sent.ok) return page(c, values, { to: sent.message }, 422);
    // Stored before we answer; sent one after another, in order, after the redirect.
    return c.redirect(`/inbox/c/${sent.conversationId}`, 303);
  });

  return app;
}
