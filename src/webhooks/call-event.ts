import { conversationJson, iso } from "../messaging/public-json.ts";
import type { ConversationRow, MessageRow } from "../messaging/types.ts";
import { emit, type EmitContext } from "./events.ts";

/** call.received: a customer called; the call's row is already in the conversation. */
export function emitCallEvent(
  ctx: EmitContext,
  message: MessageRow,
  conversation: ConversationRow,
  call: { video: number; outcome: string },
): number {
  return emit(ctx, {
    type: "call.received",
    dedupeKey: `call:${message.id}`,
    channelId: message.channel_id,
    conversationId: conversation.id,
    data: {
      call: {
        id: message.wa_id ?? "",
        message_id: message.id,
        from: message.sender_phone,
        video: call.video === 1,
        outcome: call.outcome === "rejected" ? "rejected" : "missed",
        at: iso(message.wa_timestamp) ?? "",
      },
      conversation: conversationJson(conversation),
    },
    orderScope: `conv:${conversation.id}`,
  });
}
