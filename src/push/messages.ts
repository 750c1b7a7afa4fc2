import type { Db } from "../db/open.ts";
import type { StoredMessage } from "../messaging/events.ts";
import { conversationName } from "../inbox/views/list.tsx";
import { previewOf } from "../inbox/views/format.ts";
import { queuePushToUser, type PushContent } from "./queue.ts";
import { subscriptionsWanting } from "./store.ts";

/** The notification for a customer's message: who, what (a preview) and the conversation to open. */
export function messagePush(stored: StoredMessage): PushContent {
  const { message: m, conversation: c } = stored;
  const preview = previewOf(m.type, m.text) || "New message";
  return {
    title: conversationName(c),
    body: (c.kind === "group" && m.sender_name ? `${m.sender_name}: ${preview}` : preview).slice(0, 200),
    url: `/inbox/c/${c.id}`,
    // One notification per conversation on the phone: the newest replaces the one before.
    tag: `conv-${c.id}`,
  };
}

/**
 * Inside the ingest transaction: a customer's new message is queued for the person it is assigned
 * to, or, unassigned, for everyone who wants new messages (whether each may reach the channel is
 * checked when it is sent). Messages typed on the phone and history are never pushed.
 */
export function queueMessagePushes(db: Db, stored: StoredMessage, now: number): number {
  if (stored.history || stored.message.direction !== "inbound") return 0;
  const assignee = stored.conversation.assigned_user_id;
  const users = new Set(
    subscriptionsWanting(db, "new_messages")
      .map((s) => s.user_id)
      .filter((id) => assignee === null || id === assignee),
  );
  let queued = 0;
  const content = messagePush(stored);
  for (const userId of users)
    queued += queuePushToUser(
      db,
      {
        userId,
        kind: "new_messages",
        content,
        conversationId: stored.conversation.id,
        source: `msg:${stored.message.id}`,
      },
      now,
    );
  return queued;
}
