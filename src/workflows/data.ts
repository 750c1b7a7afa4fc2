import type { Db } from "../db/open.ts";
import type { ConversationRow, MessageRow } from "../messaging/types.ts";
import { findChannel } from "../channels/store.ts";
import { findCall } from "../messaging/calls.ts";
import { getRecordSummary, recordData, type RecordRef } from "../records/public.ts";
import type { DataBundle } from "./expressions.ts";
import { conversationLabels } from "../messaging/labels.ts";

/**
 * What a workflow sees of its trigger: `incoming_whatsapp` (exactly the fields the issue lists),
 * the matched record and the channel. Taken inside the ingest transaction and kept with the run, so
 * a run resumed after a restart (or re-run days later) works on the same data. The record's `url` is
 * its full address from the base URL: steps send it to people outside this server.
 */
export function triggerData(
  db: Db,
  message: MessageRow,
  conversation: ConversationRow,
  ref: RecordRef,
  baseUrl: string,
): DataBundle {
  const group = conversation.kind === "group";
  const incoming: Record<string, unknown> = {
    from_number: message.sender_phone ?? "",
    to_number: "",
    text: message.text,
    message_type: message.type === "text" ? "text" : message.type === "call" ? "call" : "media",
    direction: "inbound",
    whatsapp_message_id: message.wa_id ?? "",
    is_group: group,
    display_name: message.sender_name,
    date_received: new Date(message.wa_timestamp).toISOString(),
  };
  if (group) {
    incoming.group_jid = conversation.chat_jid;
    incoming.group_name = conversation.title;
    incoming.participant = message.sender_phone ?? "";
    incoming.participant_jid = message.participant_jid ?? "";
  }
  const call = message.type === "call" ? findCall(db, message.id) : null;
  const channel = findChannel(db, message.channel_id);
  incoming.to_number = channel?.phone_e164 ?? "";
  const summary = getRecordSummary(db, ref);
  const record = {
    ...(recordData(db, ref) ?? {}),
    type: ref.type,
    id: ref.id,
    name: summary?.name ?? "",
    owner_user_id: summary?.ownerUserId ?? null,
    url: summary ? `${baseUrl}${summary.href}` : "",
  };
  return {
    incoming_whatsapp: incoming,
    // The Incoming WhatsApp call trigger's own fields (the caller is incoming_whatsapp.from_number too).
    ...(call
      ? {
          incoming_call: {
            from_number: message.sender_phone ?? "",
            kind: call.video ? "video" : "voice",
            outcome: call.outcome,
            call_id: message.wa_id ?? "",
            date: new Date(message.wa_timestamp).toISOString(),
          },
        }
      : {}),
    record,
    channel: { id: message.channel_id, name: channel?.name ?? "", number: channel?.phone_e164 ?? "" },
    // As the message left it: a resolved conversation this message reopened reads "open".
    conversation: {
      id: conversation.id,
      status: conversation.status,
      labels: conversationLabels(db, conversation.id).map((l) => l.name),
    },
  };
}
