import type { Db } from "../db/open.ts";

/**
 * The reads behind the Reports page, from the tables migration 0028 keeps (src/messaging/report-tables.ts
 * defines them). Every time here is when Pairbox stored the row (`created_at`, status `at`): one clock
 * for messages and status history. Messages imported from the phone's history are left out: nobody
 * answered them here.
 */

export type MessageCount = { direction: "inbound" | "outbound"; sent_by_user_id: number | null; n: number };

const QUARTER = 900_000;

/**
 * Live messages of one channel in [from, to), counted by direction and sender: a range of the channel's
 * quarter-hour counts. Both ends are the starts of local days, so whole quarters.
 */
export function countMessages(db: Db, channelId: number, from: number, to: number): MessageCount[] {
  return db
    .query<MessageCount, [number, number, number]>(
      `SELECT direction, nullif(sender, 0) AS sent_by_user_id, sum(n) AS n FROM message_counts
       WHERE channel_id = ?1 AND quarter >= ?2 AND quarter < ?3
       GROUP BY direction, sender`,
    )
    .all(channelId, Math.ceil(from / QUARTER), Math.ceil(to / QUARTER));
}

/**
 * Inbound live messages of one channel in [from, to), counted per bucket of `bucketMs` since the epoch
 * (a whole number of quarter hours).
 */
export function inboundPerBucket(db: Db, channelId: number, from: number, to: number, bucketMs: number) {
  return db
    .query<{ q: number; n: number }, [number, number, number, number]>(
      `SELECT quarter / ?4 AS q, sum(n) AS n FROM message_counts
       WHERE channel_id = ?1 AND quarter >= ?2 AND quarter < ?3 AND direction = 'inbound'
       GROUP BY q`,
    )
    .all(channelId, Math.ceil(from / QUARTER), Math.ceil(to / QUARTER), bucketMs / QUARTER);
}

export type OpeningRow = {
  channel_id: number;
  /** When its first inbound message was stored; null when the customer has not written in it. */
  first_in: number | null;
  /** The first reply a person sent after that, before the next opening. */
  reply_at: number | null;
  reply_by: number | null;
};

/** Every opening that starts in [from, to) on these channels, with its first inbound message and first human reply. */
export function openingsInRange(db: Db, channelIds: number[], from: number, to: number): OpeningRow[] {
  return db
    .query<OpeningRow, [string, number, number]>(
      `SELECT channel_id, first_in_at AS first_in, reply_at, reply_by FROM conversation_openings
       WHERE channel_id IN (SELECT value FROM json_each(?1)) AND opened_at >= ?2 AND opened_at < ?3`,
    )
    .all(JSON.stringify(channelIds), from, to);
}

export type ResolutionRow = { channel_id: number; by_user_id: number | null; at: number; start: number };

/** Every change to Resolved in [from, to) on these channels, with the start of the opening it closes. */
export function resolutionsInRange(db: Db, channelIds: number[], from: number, to: number): ResolutionRow[] {
  return db
    .query<ResolutionRow, [string, number, number]>(
      `SELECT channel_id, resolved_by AS by_user_id, resolved_at AS at, opened_at AS start FROM conversation_openings
       WHERE channel_id IN (SELECT value FROM json_each(?1)) AND resolved_at >= ?2 AND resolved_at < ?3`,
    )
    .all(JSON.stringify(channelIds), from, to);
}
