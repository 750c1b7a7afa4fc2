import type { Db } from "../db/open.ts";
import type { CurrentUser } from "../auth/principal.ts";
import { accessibleChannels } from "../channels/access.ts";
import type { ConversationRow, MessageRow } from "../messaging/types.ts";

/** A record's WhatsApp conversations, newest activity first, each with its latest messages. */
export type TimelineEntry = { conversation: ConversationRow; channelName: string; messages: MessageRow[] };

const CONVERSATIONS = 20;
const MESSAGES_EACH = 5;

/**
 * Only conversations of channels this user may access: the record is shared, the channels are not.
 * The messages of each are read oldest-to-newest so they display like the inbox.
 */
export function recordTimeline(db: Db, user: CurrentUser, recordId: number): TimelineEntry[] {
  const channels = new Map(accessibleChannels(db, user).map((ch) => [ch.id, ch.name]));
  if (channels.size === 0) return [];
  const ids = [...channels.keys()];
  const conversations = db
    .query<ConversationRow, number[]>(
      `SELECT c.* FROM conversation_links l JOIN conversations c ON c.id = l.conversation_id
       WHERE l.record_id = ? AND c.channel_id IN (${ids.map(() => "?").join(",")})
       ORDER BY c.last_message_at DESC, c.id DESC LIMIT ${CONVERSATIONS}`,
    )
    .all(recordId, ...ids);
  const latest = db.query<MessageRow, [number, number]>(
    "SELECT * FROM messages WHERE conversation_id = ? ORDER BY wa_timestamp DESC, id DESC LIMIT ?",
  );
  return conversations.map((conversation) => ({
    conversation,
    channelName: channels.get(conversation.channel_id) ?? "",
    messages: latest.all(conversation.id, MESSAGES_EACH).reverse(),
  }));
}
