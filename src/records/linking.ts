import type { Db } from "../db/open.ts";
import type { ConversationRow } from "../messaging/types.ts";
import type { LinkedRecord } from "../messaging/ingest.ts";
import { write } from "../db/write.ts";
import { emit } from "../messaging/events.ts";
import { recordHref, type RecordType } from "./fields.ts";

/**
 * The one linking rule, used for every stored message and every record change:
 * a direct chat lands on every record holding the person's E.164 number (all five types);
 * a group chat lands on the records holding the group's JID, never on the member who wrote.
 */

type Match = { record_type: RecordType; record_id: number; name: string };

function matchesFor(db: Db, conversation: ConversationRow): Match[] {
  if (conversation.kind === "group") {
    return db
      .query<Match, [string]>(
        "SELECT type AS record_type, id AS record_id, name FROM records WHERE group_jid = ?",
      )
      .all(conversation.chat_jid);
  }
  if (!conversation.peer_phone) return [];
  return db
    .query<Match, [string]>(
      `SELECT DISTINCT p.record_type, p.record_id, r.name FROM record_phones p JOIN records r ON r.id = p.record_id WHERE p.e164 = ?`,
    )
    .all(conversation.peer_phone);
}

/** Inserts a link; a new one emits record.linked (webhook, open tabs) in the same transaction. */
function addLink(db: Db, conversation: ConversationRow, m: Match, now: number, manual = false): boolean {
  return write(db, (tx) => {
    const inserted = db
      .query(
        "INSERT OR IGNORE INTO conversation_links (conversation_id, record_type, record_id, linked_at, manual) VALUES (?, ?, ?, ?, ?)",
      )
      .run(conversation.id, m.record_type, m.record_id, now, manual ? 1 : 0);
    if (inserted.changes === 0) return false;
    emit(tx, {
      type: "record.linked",
      conversation,
      record: { type: m.record_type, id: m.record_id, name: m.name },
    });
    return true;
  });
}

function linksOf(db: Db, conversationId: number): LinkedRecord[] {
  return db
    .query<{ type: string; id: number }, [number]>(
      "SELECT record_type AS type, record_id AS id FROM conversation_links WHERE conversation_id = ? ORDER BY linked_at, record_id",
    )
    .all(conversationId);
}

/**
 * Ingest's link hook: runs inside the message's transaction. Returns every record the conversation
 * is linked to (matched now, earlier, or by hand), which is what workflows fan out over.
 */
export function linkConversation(db: Db, conversation: ConversationRow, now: number): LinkedRecord[] {
  for (const m of matchesFor(db, conversation)) addLink(db, conversation, m, now);
  return linksOf(db, conversation.id);
}

/** Links one conversation to one record by hand ("Link to existing record"). */
export function linkManually(
  db: Db,
  conversation: ConversationRow,
  record: { type: RecordType; id: number; name: string },
  now: number,
): boolean {
  return addLink(
    db,
    conversation,
    { record_type: record.type, record_id: record.id, name: record.name },
    now,
    true,
  );
}

export function unlink(db: Db, conversation: ConversationRow, recordId: number): void {
  write(db, (tx) => {
    const removed = db
      .query("DELETE FROM conversation_links WHERE conversation_id = ? AND record_id = ?")
      .run(conversation.id, recordId);
    if (removed.changes > 0) emit(tx, { type: "record.unlinked", conversation, recordId });
  });
}

/**
 * After a record is created or its phones or group change: links the existing conversations with
 * its numbers (one indexed lookup per number) or its group. Call inside the record's transaction.
 */
export function linkExistingConversations(
  db: Db,
  record: { id: number; type: RecordType; name: string; group_jid: string | null },
  now: number,
): number {
  const conversations = db
    .query<ConversationRow, [number]>(
      "SELECT c.* FROM conversations c WHERE c.kind = 'direct' AND c.peer_phone IN (SELECT e164 FROM record_phones WHERE record_id = ?)",
    )
    .all(record.id);
  if (record.group_jid) {
    // Conversations are unique per (channel, chat): naming the channels lets SQLite use that index.
    conversations.push(
      ...db
        .query<ConversationRow, [string]>(
          "SELECT c.* FROM conversations c WHERE c.channel_id IN (SELECT id FROM channels) AND c.chat_jid = ? AND c.kind = 'group'",
        )
        .all(record.group_jid),
    );
  }
  let linked = 0;
  for (const c of conversations)
    if (addLink(db, c, { record_type: record.type, record_id: record.id, name: record.name }, now)) linked++;
  return linked;
}

/** Drops automatic links that no longer hold (a number removed, the group changed); hand-made links stay. */
export function unlinkStale(db: Db, record: { id: number; group_jid: string | null }): void {
  db.query(
    `DELETE FROM conversation_links WHERE record_id = $id AND manual = 0 AND conversation_id IN (
       SELECT c.id FROM conversations c JOIN conversation_links l ON l.conversation_id = c.id AND l.record_id = $id
       WHERE (c.kind = 'direct' AND (c.peer_phone IS NULL OR c.peer_phone NOT IN (SELECT e164 FROM record_phones WHERE record_id = $id)))
          OR (c.kind = 'group' AND c.chat_jid IS NOT $group))`,
  ).run({ id: record.id, group: record.group_jid });
}

/** The records a conversation is linked to, with names and page links (inbox header, workflows). */
export function conversationLinks(
  db: Db,
  conversationId: number,
): { type: RecordType; id: number; name: string; href: string }[] {
  return db
    .query<{ type: RecordType; id: number; name: string }, [number]>(
      `SELECT r.type, r.id, r.name FROM conversation_links l JOIN records r ON r.id = l.record_id WHERE l.conversation_id = ? ORDER BY l.linked_at, r.id`,
    )
    .all(conversationId)
    .map((r) => ({ ...r, href: recordHref(r.type, r.id) }));
}

/** First linked record's name per conversation, in one query (inbox list). */
export function firstRecordNames(db: Db, conversationIds: number[]): Map<number, string> {
  if (conversationIds.length === 0) return new Map();
  const rows = db
    .query<{ conversation_id: number; name: string }, number[]>(
      `SELECT l.conversation_id, r.name FROM conversation_links l JOIN records r ON r.id = l.record_id
       WHERE l.conversation_id IN (${conversationIds.map(() => "?").join(",")}) ORDER BY l.linked_at DESC, r.id DESC`,
    )
    .all(...conversationIds);
  // Ordered newest first, so the last write per conversation is its first link.
  const names = new Map<number, string>();
  for (const r of rows) names.set(r.conversation_id, r.name);
  return names;
}
