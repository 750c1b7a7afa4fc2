import type { Db } from "../db/open.ts";

/**
 * The tables behind the Reports page (migration 0028), worked out from scratch from messages and status
 * history. Triggers keep them as each write happens; this is the definition they follow, used by the
 * migration's backfill, after a conversation's messages move (a LID merged into a phone, or separated
 * from it), after bulk SQL (the benchmark's seeding), and by the test that compares the two.
 */

/** Whether status change `n` comes after change `r` of the same conversation (time, then id), as an index range. */
const after = (n: string, r: string) => `${n}.at >= ${r}.at AND (${n}.at > ${r}.at OR ${n}.id > ${r}.id)`;
const before = (n: string, r: string) => `${n}.at <= ${r}.at AND (${n}.at < ${r}.at OR ${n}.id < ${r}.id)`;

/**
 * Every opening of the chosen conversations (`?1`: a JSON list of ids, or null for all): its creation and
 * each change that leaves Resolved. `bound` is when the next opening starts (the change after the
 * opening's first resolution); the first live inbound message and the first reply by a person after it
 * are looked for before it.
 */
const OPENINGS = `
  WITH chosen(id) AS (SELECT id FROM conversations WHERE ?1 IS NULL OR id IN (SELECT value FROM json_each(?1))),
  starts AS (
    SELECT c.id AS conversation_id, c.channel_id, c.created_at AS start, 0 AS after_id
      FROM conversations c WHERE c.id IN chosen
    UNION ALL
    SELECT s.conversation_id, c.channel_id, s.at, s.id
      FROM conversation_status_changes s CROSS JOIN conversations c ON c.id = s.conversation_id
      WHERE s.conversation_id IN chosen AND s.status <> 'resolved'
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
    SELECT resolved.*,
      coalesce((SELECT n.at FROM conversation_status_changes n, conversation_status_changes r
                WHERE r.id = resolved.resolution_id AND n.conversation_id = resolved.conversation_id AND ${after("n", "r")}
                ORDER BY n.at, n.id LIMIT 1), 9e15) AS bound
    FROM resolved
  ),
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
  INSERT INTO conversation_openings
    (conversation_id, channel_id, opened_at, first_in_at, reply_at, reply_by, resolved_at, resolved_by)
  SELECT replies.conversation_id, replies.channel_id, replies.start, replies.first_in,
    m.created_at, m.sent_by_user_id, r.at, r.by_user_id
  FROM replies LEFT JOIN messages m ON m.id = replies.reply_id
    LEFT JOIN conversation_status_changes r ON r.id = replies.resolution_id
  ORDER BY replies.conversation_id, replies.start, replies.after_id`;

/** Recomputes the openings of these conversations (all of them when none are named), inside the caller's write. */
export function rebuildOpenings(db: Db, conversationIds?: number[]): void {
  const ids = conversationIds ? JSON.stringify(conversationIds) : null;
  db.query(
    "DELETE FROM conversation_openings WHERE ?1 IS NULL OR conversation_id IN (SELECT value FROM json_each(?1))",
  ).run(ids);
  db.query(OPENINGS).run(ids);
}

/** Recomputes both report tables from every message and status change. */
export function rebuildReportTables(db: Db): void {
  db.transaction(() => {
    rebuildOpenings(db);
    db.exec("DELETE FROM message_counts");
    db.exec(`INSERT INTO message_counts (channel_id, quarter, direction, sender, n)
      SELECT channel_id, created_at / 900000, direction, coalesce(sent_by_user_id, 0), count(*)
      FROM messages WHERE from_history = 0 GROUP BY 1, 2, 3, 4`);
  })();
}
