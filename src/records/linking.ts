import type { Db } from "../db/open.ts";
import type { ConversationRow } from "../messaging/types.ts";
import type { LinkedRecord } from "../messaging/events.ts";
import {
  addConversationLink,
  directConversationsWith,
  dropStaleLinks,
  groupConversations,
  linksOf,
  linksOfConversations,
  removeConversationLink,
} from "../messaging/links.ts";
import { channelInfos } from "../channels/store.ts";
import { recordHref, type RecordType } from "./fields.ts";

/**
 * The one linking rule, used for every stored message and every record change:
 * a direct chat lands on every record holding the person's E.164 number (all five types);
 * a group chat lands on the records holding the group's JID, never on the member who wrote.
 * The links themselves are the messaging core's (src/messaging/links.ts); what matches is ours.
 */

type Match = { type: RecordType; id: number; name: string };

function matchesFor(db: Db, conversation: ConversationRow): Match[] {
  if (conversation.kind === "group") {
    return db
      .query<Match, [string]>("SELECT type, id, name FROM records WHERE group_jid = ?")
      .all(conversation.chat_jid);
  }
  if (!conversation.peer_phone) return [];
  return db
    .query<Match, [string]>(
      `SELECT DISTINCT p.record_type AS type, p.record_id AS id, r.name FROM record_phones p JOIN records r ON r.id = p.record_id WHERE p.e164 = ?`,
    )
    .all(conversation.peer_phone);
}

function phonesOf(db: Db, recordId: number): string[] {
  return db
    .query<{ e164: string }, [number]>("SELECT DISTINCT e164 FROM record_phones WHERE record_id = ?")
    .all(recordId)
    .map((p) => p.e164);
}

/**
 * Ingest's link hook: runs inside the message's transaction. Returns every record the conversation
 * is linked to (matched now, earlier, or by hand), which is what workflows fan out over.
 */
export function linkConversation(db: Db, conversation: ConversationRow, now: number): LinkedRecord[] {
  for (const m of matchesFor(db, conversation)) addConversationLink(db, conversation, m, now);
  return linksOf(db, conversation.id);
}

/** Links one conversation to one record by hand ("Link to existing record"). */
export function linkManually(
  db: Db,
  conversation: ConversationRow,
  record: { type: RecordType; id: number; name: string },
  now: number,
): boolean {
  return addConversationLink(db, conversation, record, now, true);
}

export function unlink(db: Db, conversation: ConversationRow, recordId: number): void {
  removeConversationLink(db, conversation, recordId);
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
  const conversations = directConversationsWith(db, phonesOf(db, record.id));
  if (record.group_jid) {
    const channelIds = channelInfos(db, "all").map((ch) => ch.id);
    conversations.push(...groupConversations(db, channelIds, record.group_jid));
  }
  let linked = 0;
  for (const c of conversations)
    if (addConversationLink(db, c, { type: record.type, id: record.id, name: record.name }, now)) linked++;
  return linked;
}

/** Drops automatic links that no longer hold (a number removed, the group changed); hand-made links stay. */
export function unlinkStale(db: Db, record: { id: number; group_jid: string | null }): void {
  dropStaleLinks(db, record.id, phonesOf(db, record.id), record.group_jid);
}

type Named = { type: RecordType; id: number; name: string };

function namesOf(db: Db, ids: number[]): Map<number, Named> {
  if (ids.length === 0) return new Map();
  const rows = db
    .query<Named, number[]>(
      `SELECT type, id, name FROM records WHERE id IN (${ids.map(() => "?").join(",")})`,
    )
    .all(...ids);
  return new Map(rows.map((r) => [r.id, r]));
}

/** The records a conversation is linked to, with names and page links (inbox header, workflows). */
export function conversationLinks(
  db: Db,
  conversationId: number,
): { type: RecordType; id: number; name: string; href: string }[] {
  const links = linksOf(db, conversationId);
  const names = namesOf(
    db,
    links.map((l) => l.id),
  );
  return links
    .map((l) => names.get(l.id))
    .filter((r): r is Named => r !== undefined)
    .map((r) => ({ ...r, href: recordHref(r.type, r.id) }));
}

/** First linked record's name per conversation, in one query each (inbox list). */
export function firstRecordNames(db: Db, conversationIds: number[]): Map<number, string> {
  const links = linksOfConversations(db, conversationIds);
  const records = namesOf(db, [...new Set(links.map((l) => l.record_id))]);
  // Ordered newest first, so the last write per conversation is its first link.
  const names = new Map<number, string>();
  for (const l of links) {
    const r = records.get(l.record_id);
    if (r) names.set(l.conversation_id, r.name);
  }
  return names;
}
