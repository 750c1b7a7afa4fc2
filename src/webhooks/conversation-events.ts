import type { EventOf } from "../messaging/events.ts";
import { conversationJson } from "../messaging/public-json.ts";
import { labelJson, noteJson } from "../messaging/public-team.ts";
import type { ConversationRow } from "../messaging/types.ts";
import type { StatusChange } from "../messaging/status.ts";
import type { AssignmentChange } from "../messaging/assignment.ts";
import { iso } from "../messaging/public-json.ts";
import { findUser } from "../auth/users-store.ts";
import { groupName } from "../auth/availability.ts";
import { emit, type EmitContext } from "./events.ts";

/* The webhook events of the team inbox: status, assignment, private notes and labels of conversations. */

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

/** conversation.status: open, pending, resolved or snoozed, by a person, a customer message or the snooze's end. */
export function emitConversationStatusEvent(
  ctx: EmitContext,
  conversation: ConversationRow,
  change: StatusChange,
): number {
  return emit(ctx, {
    type: "conversation.status",
    dedupeKey: `status:${change.id}`,
    channelId: conversation.channel_id,
    conversationId: conversation.id,
    data: {
      conversation: conversationJson(conversation),
      status: change.status,
      snoozed_until: iso(change.snoozed_until),
      cause: change.cause,
      by_user_id: change.by_user_id,
    },
    orderScope: `conv:${conversation.id}`,
  });
}

/** conversation.assigned: a person, a team, both or nobody, by a person, auto-assignment or a workflow. */
export function emitConversationAssignedEvent(
  ctx: EmitContext,
  conversation: ConversationRow,
  change: AssignmentChange,
): number {
  const named = (id: number | null, name: (id: number) => string | null) =>
    id === null ? null : { id, name: name(id) ?? "" };
  return emit(ctx, {
    type: "conversation.assigned",
    dedupeKey: `assigned:${change.id}`,
    channelId: conversation.channel_id,
    conversationId: conversation.id,
    data: {
      conversation: conversationJson(conversation),
      assignee: named(change.user_id, (id) => findUser(ctx.db, id)?.name ?? null),
      team: named(change.team_id, (id) => groupName(ctx.db, id)),
      cause: change.cause,
      by_user_id: change.by_user_id,
    },
    orderScope: `conv:${conversation.id}`,
  });
}
