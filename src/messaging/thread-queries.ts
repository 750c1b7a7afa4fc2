import type { Db } from "../db/open.ts";
import type { ConversationRow, MessageRow } from "./types.ts";

/** The messages quoted by a page of messages, fetched in one query so each bubble can show its quote. */
export function quotedMessages(db: Db, channelId: number, messages: MessageRow[]): Map<string, MessageRow> {
  const ids = [...new Set(messages.map((m) => m.quoted_wa_id).filter((x): x is string => !!x))];
  if (ids.length === 0) return new Map();
  const rows = db
    .query<MessageRow, (string | number)[]>(
      `SELECT * FROM messages WHERE channel_id = ? AND wa_id IN (${ids.map(() => "?").join(",")})`,
    )
    .all(channelId, ...ids);
  return new Map(rows.map((r) => [r.wa_id!, r]));
}

export function cursorOf(value: string | undefined): { at: number; id: number } | null {
  const m = /^(\d{1,15}):(\d{1,15})$/.exec(value ?? "");
  return m ? { at: Number(m[1]), id: Number(m[2]) } : null;
}

export type Participant = { phone: string; name: string };

/**
 * The members seen writing in a group, newest name per number: WhatsApp's own member list arrives
 * only as a count (with the driver's group metadata), so the header lists who has spoken.
 */
export function groupParticipants(db: Db, conversationId: number, limit = 100): Participant[] {
  return db
    .query<Participant, [number, number]>(
      `SELECT sender_phone AS phone, coalesce((SELECT m2.sender_name FROM messages m2 WHERE m2.conversation_id = ?1 AND m2.sender_phone = m.sender_phone
         AND m2.sender_name <> '' ORDER BY m2.id DESC LIMIT 1), '') AS name
       FROM messages m WHERE conversation_id = ?1 AND direction = 'inbound' AND sender_phone IS NOT NULL
       GROUP BY sender_phone ORDER BY name COLLATE NOCASE, sender_phone LIMIT ?2`,
    )
    .all(conversationId, limit);
}

/** A record's conversations on the given channels, newest activity first (a record's timeline). */
export function conversationsLinkedTo(
  db: Db,
  recordId: number,
  channelIds: number[],
  limit: number,
): ConversationRow[] {
  if (channelIds.length === 0) return [];
  return db
    .query<ConversationRow, number[]>(
      `SELECT c.* FROM conversation_links l JOIN conversations c ON c.id = l.conversation_id
       WHERE l.record_id = ? AND c.channel_id IN (${channelIds.map(() => "?").join(",")})
       ORDER BY c.last_message_at DESC, c.id DESC LIMIT ${Math.trunc(limit)}`,
    )
    .all(recordId, ...channelIds);
}

/** The newest messages of a conversation, oldest first (as the inbox shows them). */
export function latestMessages(db: Db, conversationId: number, limit: number): MessageRow[] {
  return db
    .query<MessageRow, [number, number]>(
      "SELECT * FROM messages WHERE conversation_id = ? ORDER BY wa_timestamp DESC, id DESC LIMIT ?",
    )
    .all(conversationId, limit)
    .reverse();
}

export type RecentInbound = {
  id: number;
  channel_id: number;
  text: string;
  type: string;
  sender: string;
  at: number;
};

/** The newest inbound messages of the given channels (the workflow editor's pattern preview). */
export function recentInboundMessages(db: Db, channelIds: number[], limit: number): RecentInbound[] {
  const ids = channelIds.map(Number).filter(Number.isSafeInteger).join(",");
  if (!ids) return [];
  return db
    .query<RecentInbound, [number]>(
      `SELECT m.id, m.channel_id, m.text, m.type, coalesce(nullif(m.sender_name, ''), m.sender_phone, '') AS sender,
         m.wa_timestamp AS at
       FROM messages m WHERE m.direction = 'inbound' AND m.channel_id IN (${ids})
       ORDER BY m.id DESC LIMIT ?`,
    )
    .all(limit);
}

/** Messages stored since the given id, per channel and direction (the metrics' running counters). */
export function messageCountsSince(
  db: Db,
  afterId: number,
): { channel_id: number; direction: string; n: number; last: number }[] {
  return db
    .query<{ channel_id: number; direction: string; n: number; last: number }, [number]>(
      "SELECT channel_id, direction, count(*) AS n, max(id) AS last FROM messages WHERE id > ? GROUP BY channel_id, direction",
    )
    .all(afterId);
}
