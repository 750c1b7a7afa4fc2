-- Conversation status (issue 16): open, pending, resolved, or snoozed until a time (UTC epoch ms).
-- Existing conversations start open, as the inbox showed them before.
ALTER TABLE conversations ADD COLUMN status TEXT NOT NULL DEFAULT 'open'
  CHECK (status IN ('open','pending','resolved','snoozed'));
ALTER TABLE conversations ADD COLUMN snoozed_until INTEGER;

-- Who changed what and when: the conversation's timeline, later the reports' resolution times.
-- cause: 'user' (a person in the inbox or through the API), 'customer' (an inbound message reopened it),
-- 'snooze_ended' (its time came).
CREATE TABLE conversation_status_changes (
  id               INTEGER PRIMARY KEY,
  conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  status           TEXT NOT NULL,
  snoozed_until    INTEGER,
  cause            TEXT NOT NULL CHECK (cause IN ('user','customer','snooze_ended')),
  by_user_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  at               INTEGER NOT NULL
);
CREATE INDEX conversation_status_changes_by_conversation ON conversation_status_changes(conversation_id, at);

-- The inbox list's status tabs walk each channel's conversations of one status newest first, and
-- count them per status from the same index. The list repeats the WHERE term to use it.
CREATE INDEX conversations_by_status_recent ON conversations(channel_id, status, last_message_at DESC, id DESC)
  WHERE last_message_id IS NOT NULL;
