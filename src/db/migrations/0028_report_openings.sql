-- Reports at a million messages (issue 16): what the report reads, kept beside the rows that define
-- it by triggers, so every write path (ingest, the reply box, the status form, the API, history
-- imports, raw SQL) updates it in the same transaction and it never drifts from messages and status
-- history. `rebuildReportTables` (src/messaging/report-tables.ts) recomputes both from scratch; a test
-- compares the two.

-- One row per opening: a conversation's creation, or a status change that leaves Resolved. Its first
-- live inbound message, the first reply a person sent after that (before the next opening), and its
-- first resolution.
CREATE TABLE conversation_openings (
  id               INTEGER PRIMARY KEY,
  conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  channel_id       INTEGER NOT NULL,
  opened_at        INTEGER NOT NULL,
  first_in_at      INTEGER,
  reply_at         INTEGER,
  reply_by         INTEGER,
  resolved_at      INTEGER,
  resolved_by      INTEGER
);
-- A conversation's latest opening (the one new messages and changes belong to): one seek.
CREATE INDEX conversation_openings_by_conversation ON conversation_openings(conversation_id, opened_at);
-- Openings and resolutions in a range, per channel, read from the index alone.
CREATE INDEX conversation_openings_by_opened ON conversation_openings(channel_id, opened_at, first_in_at, reply_at, reply_by);
CREATE INDEX conversation_openings_by_resolved ON conversation_openings(channel_id, resolved_at, opened_at, resolved_by)
  WHERE resolved_at IS NOT NULL;

-- Live messages per channel, quarter hour (stored time / 900,000 ms), direction and sender (0: none):
-- every local day starts on a quarter hour in every zone in use, so a range and its busiest hours are
-- sums of these rows.
CREATE TABLE message_counts (
  channel_id  INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  quarter     INTEGER NOT NULL,
  direction   TEXT NOT NULL,
  sender      INTEGER NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (channel_id, quarter, direction, sender)
) WITHOUT ROWID;

CREATE TRIGGER conversation_openings_on_create AFTER INSERT ON conversations BEGIN
  INSERT INTO conversation_openings (conversation_id, channel_id, opened_at)
    VALUES (new.id, new.channel_id, new.created_at);
END;

-- The first resolution of the latest opening.
CREATE TRIGGER conversation_openings_on_resolve AFTER INSERT ON conversation_status_changes
  WHEN new.status = 'resolved' BEGIN
  UPDATE conversation_openings SET resolved_at = new.at, resolved_by = new.by_user_id
   WHERE id = (SELECT id FROM conversation_openings WHERE conversation_id = new.conversation_id
               ORDER BY opened_at DESC, id DESC LIMIT 1)
     AND resolved_at IS NULL;
END;

-- Leaving Resolved opens again. The customer's message that reopens it is stored just before the
-- change, in the same write: it is this opening's first inbound message.
CREATE TRIGGER conversation_openings_on_reopen AFTER INSERT ON conversation_status_changes
  WHEN new.status <> 'resolved' BEGIN
  INSERT INTO conversation_openings (conversation_id, channel_id, opened_at, first_in_at)
  SELECT o.conversation_id, o.channel_id, new.at,
    (SELECT min(m.created_at) FROM messages m WHERE m.conversation_id = new.conversation_id
       AND m.from_history = 0 AND m.direction = 'inbound' AND m.created_at >= new.at)
  FROM conversation_openings o
  WHERE o.id = (SELECT id FROM conversation_openings WHERE conversation_id = new.conversation_id
                ORDER BY opened_at DESC, id DESC LIMIT 1)
    AND o.resolved_at IS NOT NULL;
END;

-- The first live inbound message of the latest opening; one that arrives while the conversation is
-- resolved belongs to the opening its reopening starts (above).
CREATE TRIGGER conversation_openings_on_inbound AFTER INSERT ON messages
  WHEN new.from_history = 0 AND new.direction = 'inbound' BEGIN
  UPDATE conversation_openings SET first_in_at = new.created_at
   WHERE id = (SELECT id FROM conversation_openings WHERE conversation_id = new.conversation_id
               ORDER BY opened_at DESC, id DESC LIMIT 1)
     AND first_in_at IS NULL AND opened_at <= new.created_at
     AND (SELECT status FROM conversations WHERE id = new.conversation_id) <> 'resolved';
END;

-- The first reply a person sent after the latest opening's first inbound message.
CREATE TRIGGER conversation_openings_on_reply AFTER INSERT ON messages
  WHEN new.from_history = 0 AND new.direction = 'outbound' AND new.sent_by_user_id IS NOT NULL BEGIN
  UPDATE conversation_openings SET reply_at = new.created_at, reply_by = new.sent_by_user_id
   WHERE id = (SELECT id FROM conversation_openings WHERE conversation_id = new.conversation_id
               ORDER BY opened_at DESC, id DESC LIMIT 1)
     AND reply_at IS NULL AND first_in_at < new.created_at;
END;

CREATE TRIGGER message_counts_on_insert AFTER INSERT ON messages WHEN new.from_history = 0 BEGIN
  INSERT INTO message_counts (channel_id, quarter, direction, sender, n)
    VALUES (new.channel_id, new.created_at / 900000, new.direction, coalesce(new.sent_by_user_id, 0), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Backfill: the openings of every conversation so far (rebuildOpenings in report-tables.ts), and the counts.
WITH chosen(id) AS (SELECT id FROM conversations),
starts AS (
  SELECT c.id AS conversation_id, c.channel_id, c.created_at AS start, 0 AS after_id
    FROM conversations c WHERE c.id IN chosen
  UNION ALL
  SELECT s.conversation_id, c.channel_id, s.at, s.id
    FROM conversation_status_changes s CROSS JOIN conversations c ON c.id = s.conversation_id
    WHERE s.conversation_id IN chosen AND s.status <> 'resolved'
      AND (SELECT p.status FROM conversation_status_changes p
           WHERE p.conversation_id = s.conversation_id AND p.at <= s.at AND (p.at < s.at OR p.id < s.id)
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
              WHERE r.id = resolved.resolution_id AND n.conversation_id = resolved.conversation_id AND n.at >= r.at AND (n.at > r.at OR n.id > r.id)
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
ORDER BY replies.conversation_id, replies.start, replies.after_id;

INSERT INTO message_counts (channel_id, quarter, direction, sender, n)
  SELECT channel_id, created_at / 900000, direction, coalesce(sent_by_user_id, 0), count(*)
  FROM messages WHERE from_history = 0 GROUP BY 1, 2, 3, 4;
