import type { Db } from "../db/open.ts";
import type { ConversationStatus } from "./types.ts";

/**
 * The reads behind the Reports page. Every time here is when Pairbox stored the row (`created_at`,
 * status `at`): one clock for messages and status history. Messages imported from the phone's history
 * are left out (`from_history = 0`, which also selects the reports index): nobody answered them here.
 */

export type MessageCount = { direction: "inbound" | "outbound"; sent_by_user_id: number | null; n: number };

/** Live messages of one channel in [from, to), counted by direction and sender (one index range). */
export function countMessages(db: Db, channelId: number, from: number, to: number): MessageCount[] {
  return db
    .query<MessageCount, [number, number, number]>(
      `SELECT direction, sent_by_user_id, count(*) AS n FROM messages
       WHERE channel_id = ? AND created_at >= ? AND created_at < ? AND from_history = 0
       GROUP BY direction, sent_by_user_id`,
    )
    .all(channelId, from, to);
}

/** Inbound live messages of one channel in [from, to), counted per bucket of `bucketMs` since the epoch. */
export function inboundPerBucket(db: Db, channelId: number, from: number, to: number, bucketMs: number) {
  return db
    .query<{ q: number; n: number }, [number, number, number, number]>(
      `SELECT created_at / ?4 AS q, count(*) AS n FROM messages
       WHERE channel_id = ?1 AND created_at >= ?2 AND created_at < ?3 AND from_history = 0 AND direction = 'inbound'
       GROUP BY q`,
    )
    .all(channelId, from, to, bucketMs);
}

/** Conversations of one channel created in [from, to): each one's first opening starts then. */
export function conversationsCreated(db: Db, channelId: number, from: number, to: number) {
  return db
    .query<{ id: number; created_at: number }, [number, number, number]>(
      "SELECT id, created_at FROM conversations WHERE channel_id = ? AND created_at >= ? AND created_at < ?",
    )
    .all(channelId, from, to);
}

export type RangeStatusChange = {
  id: number;
  conversation_id: number;
  channel_id: number;
  status: ConversationStatus;
  by_user_id: number | null;
  at: number;
  /** The conversation's status before this change (null for its first recorded change: it was open). */
  previous: ConversationStatus | null;
};

/** Status changes in [from, to) on any channel, each with the status it left. */
export function statusChangesInRange(db: Db, from: number, to: number): RangeStatusChange[] {
  return db
    .query<RangeStatusChange, [number, number]>(
      `SELECT s.id, s.conversation_id, c.channel_id, s.status, s.by_user_id, s.at,
         (SELECT p.status FROM conversation_status_changes p
          WHERE p.conversation_id = s.conversation_id AND (p.at < s.at OR (p.at = s.at AND p.id < s.id))
          ORDER BY p.at DESC, p.id DESC LIMIT 1) AS previous
       FROM conversation_status_changes s JOIN conversations c ON c.id = s.conversation_id
       WHERE s.at >= ? AND s.at < ?`,
    )
    .all(from, to);
}

/** How far back or ahead a report walks one conversation's status history (bounded work per opening). */
const HISTORY_WALK = 200;

/**
 * When the opening that a change belongs to started: the change that followed the conversation's
 * previous resolution, or the conversation's creation when it was never resolved before.
 */
export function openingStart(db: Db, conversationId: number, change: { id: number; at: number }): number {
  const earlier = db
    .query<{ status: string; at: number }, [number, number, number, number]>(
      `SELECT status, at FROM conversation_status_changes
       WHERE conversation_id = ? AND (at < ? OR (at = ? AND id < ?)) ORDER BY at DESC, id DESC LIMIT ${HISTORY_WALK}`,
    )
    .all(conversationId, change.at, change.at, change.id);
  let start = change.at;
  for (const row of earlier) {
    if (row.status === "resolved") return start;
    start = row.at;
  }
  const created = db
    .query<{ created_at: number }, [number]>("SELECT created_at FROM conversations WHERE id = ?")
    .get(conversationId);
  return created?.created_at ?? start;
}

/**
 * When the opening that starts at `start` ends: the change that follows its first resolution (the
 * next opening), or null while none has. `afterId` skips the change that began it.
 */
export function nextOpeningStart(
  db: Db,
  conversationId: number,
  start: number,
  afterId: number,
): number | null {
  const later = db
    .query<{ status: string; at: number }, [number, number, number, number]>(
      `SELECT status, at FROM conversation_status_changes
       WHERE conversation_id = ? AND (at > ? OR (at = ? AND id > ?)) ORDER BY at, id LIMIT ${HISTORY_WALK}`,
    )
    .all(conversationId, start, start, afterId);
  const resolved = later.findIndex((r) => r.status === "resolved");
  return resolved === -1 ? null : (later[resolved + 1]?.at ?? null);
}

export type OpeningMessage = {
  direction: "inbound" | "outbound";
  sent_by_user_id: number | null;
  created_at: number;
};

/** How many of a conversation's messages a report reads for one opening. */
const OPENING_MESSAGES = 500;
/** WhatsApp's time of an inbound message can trail the time it was stored (offline phones, seconds). */
const WA_TIME_SLACK_MS = 86_400_000;

/**
 * A conversation's live messages stored from `start` on, oldest first, up to a bound: enough to find
 * an opening's first inbound message and the first reply to it. Seeks the conversation's time index
 * (WhatsApp's time, a day early to cover its lag behind the stored time).
 */
export function messagesFrom(db: Db, conversationId: number, start: number): OpeningMessage[] {
  return db
    .query<OpeningMessage, [number, number, number]>(
      `SELECT direction, sent_by_user_id, created_at FROM messages
       WHERE conversation_id = ? AND wa_timestamp >= ? AND from_history = 0 AND created_at >= ?
       ORDER BY wa_timestamp, id LIMIT ${OPENING_MESSAGES}`,
    )
    .all(conversationId, start - WA_TIME_SLACK_MS, start)
    .sort((a, b) => a.created_at - b.created_at);
}
