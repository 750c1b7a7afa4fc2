import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Tx } from "../db/write.ts";
import type { Services } from "../messaging/services.ts";
import type { EventOf } from "../messaging/events.ts";
import { applyAssignment } from "../messaging/assignment.ts";
import { findConversation } from "../messaging/conversations-store.ts";
import { autoAssignSettings } from "../channels/auto-assign-store.ts";
import { findChannel } from "../channels/store.ts";
import { findUser } from "../auth/users-store.ts";
import { insertNotification } from "../notifications/store.ts";
import { conversationName } from "../inbox/views/list.tsx";
import { nextInRotation } from "./round-robin.ts";
import { mayTakeChannel } from "./people.ts";

/**
 * Auto-assignment: a customer writes in a conversation nobody has (a new one, or one left
 * unassigned), and the channel assigns it by round-robin in the same write that stores the message.
 * A conversation that has a person keeps them, also when it was resolved and the customer reopens
 * it, and also while they are Away: availability only steers new assignments (as Chatwoot does).
 * Only when that person can no longer take the channel's conversations (deactivated, or taken off
 * its access list) does the next message hand it on.
 */
export function autoAssign(tx: Tx, e: EventOf<"message.stored">, now: number): void {
  if (e.message.direction !== "inbound" || e.history) return;
  const { db } = tx;
  const conversation = findConversation(db, e.conversation.id);
  if (!conversation) return;
  const settings = autoAssignSettings(db, conversation.channel_id);
  if (!settings.enabled) return;
  const channel = findChannel(db, conversation.channel_id);
  if (!channel || channel.deleted_at !== null) return;
  // Someone deactivated, or no longer on the channel's list, cannot answer: it goes to the next one.
  const holder = conversation.assigned_user_id;
  if (holder !== null && mayTakeChannel(db, holder, channel) !== null) return;
  const teamId = conversation.assigned_team_id ?? settings.teamId;
  const next = nextInRotation(db, channel, teamId);
  if (next) applyAssignment(tx, conversation.id, { userId: next.id, teamId }, "auto", null, now);
}

/** The new assignee's bell: who gave them which conversation, linked. Never for assigning yourself. */
export function notifyAssignee(db: Db, e: EventOf<"conversation.assigned">, now: number): void {
  const { change } = e;
  if (change.user_id === null || change.user_id === e.previousUserId || change.user_id === change.by_user_id)
    return;
  const by = change.by_user_id !== null ? (findUser(db, change.by_user_id)?.name ?? null) : null;
  const title =
    change.cause === "auto"
      ? "A conversation was auto-assigned to you"
      : change.cause === "workflow"
        ? "A workflow assigned you a conversation"
        : `${by ?? "Someone"} assigned you a conversation`;
  insertNotification(
    db,
    {
      userId: change.user_id,
      title,
      body: conversationName(e.conversation),
      href: `/inbox/c/${e.conversation.id}`,
      kind: "assignments",
    },
    now,
  );
}

/** Plugs assignment into the running services: one line in serve.ts (and in tests). */
export function installAssignment(services: Services, deps: { clock: Clock }): () => void {
  const offs = [
    services.events.on("message.stored", "inTransaction", (e, tx) => autoAssign(tx, e, deps.clock())),
    services.events.on("conversation.assigned", "inTransaction", (e, tx) =>
      notifyAssignee(tx.db, e, deps.clock()),
    ),
  ];
  return () => {
    for (const off of offs) off();
  };
}
