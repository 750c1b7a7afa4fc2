import { findChannel } from "../../channels/store.ts";
import { findConversation, findConversationByChat } from "../../messaging/conversations-store.ts";
import type { ConversationRow, MessageRow } from "../../messaging/types.ts";
import { WINDOW_MESSAGE, type RecipientInput } from "../../messaging/send.ts";
import { latestInvoice, renderInvoicePdf } from "../../records/public.ts";
import { renderExpression } from "../expressions.ts";
import { done, fail, retry, type ActionContext, type StepOutcome } from "./run-context.ts";
import type { SendWhatsAppStep, StepFile } from "./send-whatsapp.tsx";
import { triggerMediaWhenReady } from "./trigger-media.ts";

/**
 * When the recipient last wrote to this channel. The triggering message counts by its arrival here
 * (not the phone's clock), so a reply to a message that just arrived always passes.
 */
function lastHeardFrom(ctx: ActionContext, conversation: ConversationRow | null): number | null {
  if (!conversation) return null;
  const arrived = conversation.id === ctx.run.conversation_id ? ctx.run.created_at : null;
  return Math.max(conversation.last_inbound_at ?? 0, arrived ?? 0) || null;
}

/**
 * Send WhatsApp through the one send command (src/messaging/send.ts), under the 24-hour rule. The
 * outbound row carries the step's idempotency key, so a step resumed after a restart finds its
 * message instead of sending another.
 */
export async function sendWhatsApp(ctx: ActionContext, step: SendWhatsAppStep): Promise<StepOutcome> {
  const send = ctx.services.send;
  const existing = send.earlier(ctx.idempotencyKey);
  if (existing) return resumeSend(ctx, existing);

  const channelId = step.channel === "trigger" ? ctx.run.channel_id : step.channel;
  const channel = channelId ? findChannel(ctx.db, channelId) : null;
  if (!channel || channel.deleted_at !== null) return fail("the channel no longer exists");
  const refused = ctx.sendingRefusal(channel.id);
  if (refused) return fail(refused);

  const replyWindow = { heardAt: (c: ConversationRow) => lastHeardFrom(ctx, c) };
  const to = recipientOf(ctx, step, channel.id);
  const recipient = to ? send.recipient(channel, to, replyWindow) : null;
  if (!recipient?.ok) return fail(WINDOW_MESSAGE);
  if (channel.status !== "connected")
    return retry(`channel ${channel.name || channel.phone_e164} is ${channel.status}`);

  const text = await renderExpression(step.text, ctx.data);
  if (!text.ok) return fail(`template error: ${text.error}`);
  const media = await attachmentFor(ctx, step);
  if ("outcome" in media) return media.outcome;
  if (!media.file && text.text.trim() === "") return fail("the message is empty");

  const sent = send.send({
    channel,
    recipient: { conversation: recipient.conversation },
    parts: [{ text: text.text, file: media.file }],
    userId: null,
    idempotencyKey: ctx.idempotencyKey,
    replyWindow,
  });
  if (!sent.ok) return fail(sent.message);
  if (sent.replayed) return resumeSend(ctx, sent.messages[0]!);
  return settle(ctx, (await sent.dispatched)[0] ?? null);
}

/** The sender of the triggering message (on this channel: the same chat), or a number. */
function recipientOf(ctx: ActionContext, step: SendWhatsAppStep, channelId: number): RecipientInput | null {
  if (step.recipient !== "sender") return { to: step.recipient };
  const trigger = ctx.run.conversation_id ? findConversation(ctx.db, ctx.run.conversation_id) : null;
  if (!trigger) return null;
  if (trigger.channel_id === channelId) return { conversation: trigger };
  const same = findConversationByChat(ctx.db, channelId, trigger.chat_jid);
  return same ? { conversation: same } : null;
}

async function attachmentFor(
  ctx: ActionContext,
  step: SendWhatsAppStep,
): Promise<{ file: StepFile | null } | { outcome: StepOutcome }> {
  switch (step.attachment) {
    case "none":
      return { file: null };
    case "file":
      return step.file ? { file: step.file } : { outcome: fail("no file was uploaded for this step") };
    case "trigger_media": {
      const m = await triggerMediaWhenReady(ctx);
      if (m.ok) return { file: m.file };
      return { outcome: m.pending ? retry(m.error, 15_000) : fail(m.error) };
    }
    case "invoice":
    case "quote": {
      const invoice = latestInvoice(ctx.db, ctx.ref, step.attachment);
      if (!invoice) return { outcome: fail(`this record has no ${step.attachment}`) };
      const pdf = await renderInvoicePdf(ctx.db, invoice.id, ctx.services.media);
      if (!pdf) return { outcome: fail(`the ${step.attachment} ${invoice.number} could not be generated`) };
      const put = await ctx.services.media.putBytes(pdf.bytes);
      if (!put.ok) return { outcome: retry(`could not store the PDF: ${put.error}`) };
      return {
        file: { sha256: put.sha256, size: put.size, mime: "application/pdf", fileName: pdf.fileName },
      };
    }
  }
}

/** After a restart: the message with this key is already ours; never send a second one. */
async function resumeSend(ctx: ActionContext, m: MessageRow): Promise<StepOutcome> {
  switch (m.status) {
    case "sent":
    case "delivered":
    case "read":
      return done(sentResult(m));
    case "queued":
      return settle(ctx, await ctx.services.outbox.dispatch(m.id));
    case "sending":
      return retry("the message is being handed to WhatsApp", 30_000);
    case "failed":
      // Cut off mid-send: it may have left. Asking a person beats a possible double message.
      if (m.error?.startsWith("Interrupted by a restart"))
        return fail(`${m.error} (not sent again automatically)`);
      return settle(ctx, await ctx.services.outbox.dispatch(m.id));
    default:
      return fail(`unexpected message state ${m.status}`);
  }
}

function settle(ctx: ActionContext, m: MessageRow | null): StepOutcome {
  if (!m) return fail("the message disappeared");
  if (m.status === "failed") {
    const channel = findChannel(ctx.db, m.channel_id);
    const reason = m.error ?? "the message could not be sent";
    return channel && channel.status !== "connected" && channel.deleted_at === null
      ? retry(reason)
      : fail(reason);
  }
  if (m.status === "sending" || m.status === "queued")
    return retry("the message is being handed to WhatsApp", 30_000);
  return done(sentResult(m));
}

function sentResult(m: MessageRow): string {
  return `sent message #${m.id}${m.media_filename ? ` with ${m.media_filename}` : ""}: ${m.text.slice(0, 200)}`;
}
