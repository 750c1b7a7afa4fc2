import type { Db } from "../db/open.ts";

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

/** Whether status change `n` comes after change `r` of the same conversation (time, then id), as an index range. */
const after = (n: string, r: string) => `${n}.at >= ${r}.at AND (${n}.at > ${r}.at OR ${n}.id > ${r}.id)`;
const before = (n: string, r: string) => `${n}.at <= ${r}.at AND (${n}.at < ${r}.at OR ${n}.id < ${r}.id)`;

/**
 * The openings that start in [from, to) on these channels: each conversation created then, and each
 * change that leaves Resolved. `bound` is when the next opening starts (the change after the
 * opening's first resolution), null while there is none.
 */
const OPENINGS = `
  WITH chosen(id) AS (SELECT value FROM json_each(?1)),
  starts AS (
    SELECT c.id AS conversation_id, c.channel_id, c.created_at AS start, 0 AS after_id
      FROM conversations c WHERE c.channel_id IN chosen AND c.created_at >= ?2 AND c.created_at < ?3
    UNION ALL
    SELECT s.conversation_id, c.channel_id, s.at, s.id
      FROM conversation_status_changes s CROSS JOIN conversations c ON c.id = s.conversation_id
      WHERE s.at >= ?2 AND s.at < ?3 AND s.status <> 'resolved' AND c.channel_id IN chosen
        AND (SELECT p.status FROM conversation_status_changes p
             WHERE p.conversation_id = s.conversation_id AND ${before("p", "s")}
             ORDER BY p.at DESC, p.id DESC LIMIT 1) = 'resolved'
  ),
  resolved AS MATERIALIZED (
    SELECT starts.*, (SELECT r.id FROM conversation_status_changes r
                 WHERE r.conversation_id = starts.conversation_id AND r.status = 'resolved'
                   AND r.at >= starts.start AND (r.at > starts.start OR r.id > starts.after_id)
                 ORDER BY r.at, r.id LIMIT 1) AS resolution_id
    FROM starts
  ),
  openings AS MATERIALIZED (
    SELECT resolved.conversation_id, resolved.channel_id, resolved.start,
      coalesce((SELECT n.at FROM conversation_status_changes n, conversation_status_changes r
                WHERE r.id = resolved.resolution_id AND n.conversation_id = resolved.conversation_id AND ${after("n", "r")}
                ORDER BY n.at, n.id LIMIT 1), 9e15) AS bound
    FROM resolved
  )`;

export type OpeningRow = {
  channel_id: number;
  /** When its first inbound message was stored; null when the customer has not written in it. */
  first_in: number | null;
  /** The first reply a person sent after that, before the next opening. */
  reply_at: number | null;
  reply_by: number | null;
};

/**
 * Every opening of the range with its first inbound message and first human reply, worked out in one
 * statement: per opening a few seeks in its conversation's indexes (its status history, and its live
 * messages by stored time, `messages_by_conversation_stored`), whatever the tables hold.
 */
export function openingsInRange(db: Db, channelIds: number[], from: number, to: number): OpeningRow[] {
  return db
    .query<OpeningRow, [string, number, number]>(
      `${OPENINGS},
      firsts AS MATERIALIZED (
        SELECT openings.*, (SELECT m.created_at FROM messages m
                     WHERE m.conversation_id = openings.conversation_id AND m.from_history = 0
                       AND m.created_at >= openings.start AND m.created_at < openings.bound AND m.direction = 'inbound'
                     ORDER BY m.created_at LIMIT 1) AS first_in
        FROM openings
      ),
      replies AS MATERIALIZED (
        SELECT firsts.*, (SELECT m.id FROM messages m
                     WHERE firsts.first_in IS NOT NULL AND m.conversation_id = firsts.conversation_id
                       AND m.from_history = 0 AND m.created_at > firsts.first_in AND m.created_at < firsts.bound
                       AND m.direction = 'outbound' AND m.sent_by_user_id IS NOT NULL
                     ORDER BY m.created_at LIMIT 1) AS reply_id
        FROM firsts
      )
      SELECT replies.channel_id, replies.first_in, m.created_at AS reply_at, m.sent_by_user_id AS reply_by
      FROM replies LEFT JOIN messages m ON m.id = replies.reply_id`,
    )
    .all(JSON.stringify(channelIds), from, to);
}

export type ResolutionRow = { channel_id: number; by_user_id: number | null; at: number; start: number };

/**
 * Every change to Resolved in [from, to) on these channels, with the start of the opening it closes:
 * the change after the conversation's previous resolution, or its creation when there was none.
 */
export function resolutionsInRange(db: Db, channelIds: number[], from: number, to: number): ResolutionRow[] {
  return db
    .query<ResolutionRow, [string, number, number]>(
      `WITH chosen(id) AS (SELECT value FROM json_each(?1)),
      res AS MATERIALIZED (
        SELECT s.id, s.at, s.conversation_id, s.by_user_id, c.channel_id, c.created_at,
          (SELECT p.id FROM conversation_status_changes p
           WHERE p.conversation_id = s.conversation_id AND p.status = 'resolved' AND ${before("p", "s")}
           ORDER BY p.at DESC, p.id DESC LIMIT 1) AS previous_id
        FROM conversation_status_changes s CROSS JOIN conversations c ON c.id = s.conversation_id
        WHERE s.at >= ?2 AND s.at < ?3 AND s.status = 'resolved' AND c.channel_id IN chosen
      )
      SELECT res.channel_id, res.by_user_id, res.at,
        coalesce((SELECT n.at FROM conversation_status_changes n, conversation_status_changes p
                  WHERE p.id = res.previous_id AND n.conversation_id = res.conversation_id AND ${after("n", "p")}
                  ORDER BY n.at, n.id LIMIT 1), res.created_at) AS start
      FROM res`,
    )
    .all(JSON.stringify(channelIds), from, to);
}
