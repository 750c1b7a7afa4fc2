import type { EventOf } from "../messaging/events.ts";
import { conversationJson } from "../messaging/public-json.ts";
import { labelJson, noteJson } from "../messaging/public-team.ts";
import { emit, type EmitContext } from "./events.ts";

/* The webhook events of the team inbox: private notes and labels on conversations. */

/** conversation.note: a private note (never a message event: notes are not messages). */
export function emitConversationNoteEvent(ctx: EmitContext, e: EventOf<"conversation.note">): number {
  return emit(ctx, {
    type: "conversation.note",
    dedupeKey: `note:${e.note.id}`,
    channelId: e.conversation.channel_id,
    conversationId: e.conversation.id,
    data: { conversation: conversationJson(e.conversation), note: noteJson(e.note) },
    orderScope: `conv:${e.conversation.id}`,
  });
}

/** conversation.labels: what was added and removed, and the labels it has now. */
export function emitConversationLabelsEvent(ctx: EmitContext, e: EventOf<"conversation.labels">): number {
  return emit(ctx, {
    type: "conversation.labels",
    dedupeKey: null,
    channelId: e.conversation.channel_id,
    conversationId: e.conversation.id,
    data: {
      conversation: conversationJson(e.conversation),
      labels: e.labels.map(labelJson),
      added: e.added,
      removed: e.removed,
      by_user_id: e.byUserId,
    },
    orderScope: `conv:${e.conversation.id}`,
  });
}
