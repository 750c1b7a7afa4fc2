import type { Db } from "../db/open.ts";

/**
 * Someone read messages on the phone (or another linked device): every live inbound message of
 * that conversation up to the last one read counts as read, for everyone. A message that arrived
 * after it stays unread. Returns the conversation, or null when none of the ids is ours. Call it
 * inside a write (its two statements belong together).
 */
export function markReadOnPhone(db: Db, channelId: number, waIds: string[]): number | null {
  if (waIds.length === 0) return null;
  const lastRead = db
    .query<{ id: number; conversation_id: number }, [number, string]>(
      `SELECT id, conversation_id FROM messages
       WHERE channel_id = ? AND direction = 'inbound' AND wa_id IN (SELECT value FROM json_each(?))
       ORDER BY id DESC LIMIT 1`,
    )
    .get(channelId, JSON.stringify(waIds));
  if (!lastRead) return null;
  const conversation = lastRead.conversation_id;
  // inbound_count counts live inbound messages (not history): those after the last one read are unread.
  const changed = db
    .query(
      `UPDATE conversations SET phone_seen_inbound = max(phone_seen_inbound, inbound_count - (
         SELECT count(*) FROM messages
         WHERE conversation_id = $conversation AND direction = 'inbound' AND from_history = 0 AND id > $lastRead))
       WHERE id = $conversation`,
    )
    .run({ conversation, lastRead: lastRead.id });
  // Read up to the last message: nobody has it unread any more (the Unread filter's rows, 0017).
  db.query(
    `DELETE FROM conversation_unread WHERE conversation_id = $conversation
       AND (SELECT phone_seen_inbound >= inbound_count FROM conversations WHERE id = $conversation)`,
  ).run({ conversation });
  return changed.changes > 0 ? conversation : null;
}
