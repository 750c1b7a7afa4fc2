import type { Db } from "../db/open.ts";
import { rebuildOpenings } from "./report-tables.ts";
import type { IncomingMessage } from "../whatsapp/driver.ts";
import type { ConversationRow } from "./types.ts";

/**
 * Finds or creates the conversation a message belongs to and moves its "last activity" forward.
 * Direct chats are keyed by the person's phone JID when known, so a LID and a phone never split one chat.
 */
export function upsertConversation(
  db: Db,
  m: IncomingMessage,
  chatKey: string,
  now: number,
): ConversationRow {
  const inbound = m.direction === "inbound" && !m.history ? 1 : 0;
  const title = m.kind === "group" ? (m.groupSubject ?? "") : m.direction === "inbound" ? m.senderName : "";
  return db
    .query<ConversationRow, Record<string, string | number | null>>(
      `INSERT INTO conversations (channel_id, chat_jid, kind, peer_phone, peer_lid, title, participant_count, last_message_at, last_inbound_at, inbound_count, created_at)
       VALUES ($channel, $chat, $kind, $phone, $lid, $title, $size, $at, $inboundAt, $inbound, $now)
       ON CONFLICT (channel_id, chat_jid) DO UPDATE SET
         peer_phone = coalesce(conversations.peer_phone, excluded.peer_phone),
         participant_count = coalesce(excluded.participant_count, conversations.participant_count),
         peer_lid = coalesce(conversations.peer_lid, excluded.peer_lid),
         title = CASE WHEN excluded.title <> '' THEN excluded.title ELSE conversations.title END,
         last_inbound_at = max(coalesce(conversations.last_inbound_at, 0), coalesce(excluded.last_inbound_at, 0)),
         inbound_count = conversations.inbound_count + excluded.inbound_count
       RETURNING *`,
    )
    .get({
      channel: m.channelId,
      chat: chatKey,
      kind: m.kind,
      phone: m.kind === "direct" ? m.peerPhone : null,
      lid: m.kind === "direct" ? m.peerLid : null,
      title,
      size: m.kind === "group" ? (m.groupSize ?? null) : null,
      at: 0,
      inboundAt: m.direction === "inbound" ? m.timestamp : null,
      inbound,
      now,
    })!;
}

/**
 * Points the conversation at its newest message (by WhatsApp time, then arrival). Returns the
 * conversation as it is now when this message became its newest, null when a later one already is.
 */
export function touchConversation(
  db: Db,
  conversationId: number,
  messageId: number,
  at: number,
): ConversationRow | null {
  return db
    .query<ConversationRow, [number, number, number]>(
      `UPDATE conversations SET last_message_id = ?1, last_message_at = ?2
       WHERE id = ?3 AND (last_message_at < ?2 OR (last_message_at = ?2 AND coalesce(last_message_id, 0) < ?1))
       RETURNING *`,
    )
    .get(messageId, at, conversationId);
}

export function findConversation(db: Db, id: number): ConversationRow | null {
  return db.query<ConversationRow, [number]>("SELECT * FROM conversations WHERE id = ?").get(id);
}

export function findConversationByChat(db: Db, channelId: number, chatJid: string): ConversationRow | null {
  return db
    .query<ConversationRow, [number, string]>(
      "SELECT * FROM conversations WHERE channel_id = ? AND chat_jid = ?",
    )
    .get(channelId, chatJid);
}

/** A conversation by the JID it is keyed by, or a direct one by its LID (kept under the phone). */
export function findConversationByAddress(db: Db, channelId: number, jid: string): ConversationRow | null {
  return (
    findConversationByChat(db, channelId, jid) ??
    db
      .query<ConversationRow, [number, string]>(
        "SELECT * FROM conversations WHERE channel_id = ? AND peer_lid = ? LIMIT 1",
      )
      .get(channelId, jid)
  );
}

/** The direct conversation with a phone number on a channel, if there is one. */
export function findDirectConversation(db: Db, channelId: number, phone: string): ConversationRow | null {
  return findConversationByChat(db, channelId, `${phone.replace(/^\+/, "")}@s.whatsapp.net`);
}

/**
 * WhatsApp told us which phone a LID belongs to: the LID's conversation takes the phone (or merges
 * into the phone's conversation when both exist) and earlier messages get their sender's number.
 * Returns the conversation that now holds the chat, for re-linking to records.
 */
export function attachPhoneToLid(
  db: Db,
  channelId: number,
  lidJid: string,
  phone: string,
): ConversationRow | null {
  const lidBare = lidJid.replace(/@.*/, "");
  db.query(
    "UPDATE messages SET sender_phone = ? WHERE channel_id = ? AND sender_phone IS NULL AND (sender_lid = ? OR sender_lid = ?)",
  ).run(phone, channelId, lidJid, lidBare);
  const fromLid = findConversationByChat(db, channelId, lidJid);
  if (!fromLid) return null;
  const phoneKey = `${phone.replace(/^\+/, "")}@s.whatsapp.net`;
  const existing = findConversationByChat(db, channelId, phoneKey);
  if (!existing) {
    db.query("UPDATE conversations SET chat_jid = ?, peer_phone = ?, peer_lid = ? WHERE id = ?").run(
      phoneKey,
      phone,
      lidJid,
      fromLid.id,
    );
    return findConversation(db, fromLid.id);
  }
  db.query("UPDATE messages SET conversation_id = ? WHERE conversation_id = ?").run(existing.id, fromLid.id);
  db.query(
    `UPDATE conversations SET inbound_count = inbound_count + ?2, peer_lid = coalesce(peer_lid, ?3),
       last_inbound_at = max(coalesce(last_inbound_at, 0), coalesce(?4, 0)) WHERE id = ?1`,
  ).run(existing.id, fromLid.inbound_count, lidJid, fromLid.last_inbound_at);
  if (fromLid.last_message_id !== null)
    touchConversation(db, existing.id, fromLid.last_message_id, fromLid.last_message_at);
  db.query("DELETE FROM conversation_reads WHERE conversation_id = ?").run(fromLid.id);
  db.query("DELETE FROM conversations WHERE id = ?").run(fromLid.id);
  // The reports' openings follow the messages that moved.
  rebuildOpenings(db, [existing.id]);
  return findConversation(db, existing.id);
}

/** The direct conversation with a phone on a channel, created empty when a person writes first. */
export function ensureDirectConversation(
  db: Db,
  channelId: number,
  phone: string,
  now: number,
): ConversationRow {
  const key = `${phone.replace(/^\+/, "")}@s.whatsapp.net`;
  db.query(
    `INSERT INTO conversations (channel_id, chat_jid, kind, peer_phone, created_at) VALUES (?, ?, 'direct', ?, ?)
     ON CONFLICT (channel_id, chat_jid) DO NOTHING`,
  ).run(channelId, key, phone, now);
  return findConversationByChat(db, channelId, key)!;
}

/** The channels a number has written to in a direct chat, the most recent first (one row per channel). */
export function channelsHeardFrom(db: Db, e164: string): number[] {
  return db
    .query<{ channel_id: number }, [string]>(
      `SELECT channel_id FROM conversations WHERE peer_phone = ? AND peer_phone IS NOT NULL AND kind = 'direct'
         AND last_inbound_at > 0 ORDER BY last_inbound_at DESC, id DESC LIMIT 50`,
    )
    .all(e164)
    .map((r) => r.channel_id);
}

/** WhatsApp groups seen on the given channels: the choices for a record's group link. */
export function knownGroups(db: Db, channelIds: number[]): { jid: string; title: string }[] {
  if (channelIds.length === 0) return [];
  return db
    .query<{ jid: string; title: string }, number[]>(
      `SELECT chat_jid AS jid, MAX(title) AS title FROM conversations WHERE kind = 'group' AND channel_id IN (${channelIds.map(() => "?").join(",")})
       GROUP BY chat_jid ORDER BY title LIMIT 500`,
    )
    .all(...channelIds);
}

/** A group's subject as seen on one of the given channels, or null. */
export function groupSubject(db: Db, channelIds: number[], groupJid: string): string | null {
  if (channelIds.length === 0) return null;
  return (
    db
      .query<{ title: string }, (string | number)[]>(
        `SELECT title FROM conversations WHERE channel_id IN (${channelIds.map(() => "?").join(",")}) AND chat_jid = ? AND title != '' LIMIT 1`,
      )
      .get(...channelIds, groupJid)?.title ?? null
  );
}

/** A group's subject or size changed: the conversation shows the new title. Returns its id, if any. */
export function saveGroupInfo(
  db: Db,
  channelId: number,
  groupJid: string,
  subject: string,
  participantCount: number | null,
): number | null {
  const row = db
    .query<{ id: number }, [string, number | null, number, string]>(
      "UPDATE conversations SET title = CASE WHEN ?1 <> '' THEN ?1 ELSE title END, participant_count = coalesce(?2, participant_count) WHERE channel_id = ?3 AND chat_jid = ?4 RETURNING id",
    )
    .get(subject.slice(0, 200), participantCount, channelId, groupJid);
  return row?.id ?? null;
}
