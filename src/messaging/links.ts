import type { Db } from "../db/open.ts";
import { write } from "../db/write.ts";
import { emit, type LinkedRecord } from "./events.ts";
import type { ConversationRow } from "./types.ts";

/**
 * Conversation links: which customer records a conversation belongs to. The records feature decides
 * what matches (src/records/linking.ts); this is the only SQL on the table, and every new or removed
 * link is a domain event (webhooks, open tabs) in the same transaction.
 */

export type LinkTarget = { type: string; id: number; name: string };

/** Inserts a link; false when it was there already. */
export function addConversationLink(
  db: Db,
  conversation: ConversationRow,
  record: LinkTarget,
  now: number,
  manual = false,
): boolean {
  return write(db, (tx) => {
    const inserted = db
      .query(
        "INSERT OR IGNORE INTO conversation_links (conversation_id, record_type, record_id, linked_at, manual) VALUES (?, ?, ?, ?, ?)",
      )
      .run(conversation.id, record.type, record.id, now, manual ? 1 : 0);
    if (inserted.changes === 0) return false;
    emit(tx, { type: "record.linked", conversation, record });
    return true;
  });
}

export function removeConversationLink(db: Db, conversation: ConversationRow, recordId: number): void {
  write(db, (tx) => {
    const removed = db
      .query("DELETE FROM conversation_links WHERE conversation_id = ? AND record_id = ?")
      .run(conversation.id, recordId);
    if (removed.changes > 0) emit(tx, { type: "record.unlinked", conversation, recordId });
  });
}

/** The records a conversation is linked to (optionally of one type), oldest link first. */
export function linksOf(db: Db, conversationId: number, type?: string): LinkedRecord[] {
  return db
    .query<LinkedRecord, [number, string | null, string | null]>(
      "SELECT record_type AS type, record_id AS id FROM conversation_links WHERE conversation_id = ? AND (? IS NULL OR record_type = ?) ORDER BY linked_at, record_id",
    )
    .all(conversationId, type ?? null, type ?? null);
}

/** The links of many conversations, newest link first (the inbox list's record names). */
export function linksOfConversations(
  db: Db,
  conversationIds: number[],
): { conversation_id: number; record_id: number }[] {
  if (conversationIds.length === 0) return [];
  return db
    .query<{ conversation_id: number; record_id: number }, number[]>(
      `SELECT conversation_id, record_id FROM conversation_links
       WHERE conversation_id IN (${conversationIds.map(() => "?").join(",")}) ORDER BY linked_at DESC, record_id DESC`,
    )
    .all(...conversationIds);
}

/** Direct conversations with any of these numbers (E.164). */
export function directConversationsWith(db: Db, phones: string[]): ConversationRow[] {
  if (phones.length === 0) return [];
  return db
    .query<ConversationRow, string[]>(
      `SELECT * FROM conversations WHERE kind = 'direct' AND peer_phone IN (${phones.map(() => "?").join(",")})`,
    )
    .all(...phones);
}

/** A group's conversations on the given channels (naming them lets SQLite use the (channel, chat) index). */
export function groupConversations(db: Db, channelIds: number[], groupJid: string): ConversationRow[] {
  if (channelIds.length === 0) return [];
  return db
    .query<ConversationRow, (number | string)[]>(
      `SELECT * FROM conversations WHERE channel_id IN (${channelIds.map(() => "?").join(",")}) AND chat_jid = ? AND kind = 'group'`,
    )
    .all(...channelIds, groupJid);
}

/** Drops a record's automatic links that no longer hold (a number removed, the group changed); hand-made ones stay. */
export function dropStaleLinks(db: Db, recordId: number, phones: string[], groupJid: string | null): void {
  db.query(
    `DELETE FROM conversation_links WHERE record_id = $id AND manual = 0 AND conversation_id IN (
       SELECT c.id FROM conversations c JOIN conversation_links l ON l.conversation_id = c.id AND l.record_id = $id
       WHERE (c.kind = 'direct' AND (c.peer_phone IS NULL OR c.peer_phone NOT IN (SELECT value FROM json_each($phones))))
          OR (c.kind = 'group' AND c.chat_jid IS NOT $group))`,
  ).run({ id: recordId, phones: JSON.stringify(phones), group: groupJid });
}
