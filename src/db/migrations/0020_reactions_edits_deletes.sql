-- Issue 15 (part A): what WhatsApp does to messages after they are sent.

-- Edited (the current text stays in messages.text, so search finds it; earlier versions below),
-- deleted for everyone (the row and its text are kept for people who may use the channel, never
-- sent on), view-once, a placeholder for a message WhatsApp could not decrypt yet (replaced in place
-- when the retried message arrives), and the text of a quoted message as the quote carried it.
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
ALTER TABLE messages ADD COLUMN view_once INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN awaiting_content INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN quoted_text TEXT;

-- One reaction per reactor per message: a new emoji replaces it, an empty one (a removal) deletes it.
-- reactor: the person's JID, or 'me' for our own account (Pairbox or the phone).
CREATE TABLE message_reactions (
  message_id   INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  reactor      TEXT NOT NULL,
  reactor_name TEXT NOT NULL DEFAULT '',
  emoji        TEXT NOT NULL,
  reacted_at   INTEGER NOT NULL,
  PRIMARY KEY (message_id, reactor)
) WITHOUT ROWID;

-- The earlier texts of an edited message, oldest first.
CREATE TABLE message_edits (
  id          INTEGER PRIMARY KEY,
  message_id  INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  text        TEXT NOT NULL,
  replaced_at INTEGER NOT NULL
);
CREATE INDEX message_edits_by_message ON message_edits(message_id, id);

-- Our own reactions, edits and deletes for everyone: queued first, then handed to WhatsApp, like a
-- send (the outbox), so a retried request or a restart never does one twice.
CREATE TABLE message_actions (
  id               INTEGER PRIMARY KEY,
  message_id       INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  kind             TEXT NOT NULL CHECK (kind IN ('react','edit','revoke')),
  value            TEXT NOT NULL DEFAULT '',
  status           TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sending','done','failed')),
  error            TEXT,
  user_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,
  idempotency_key  TEXT,
  created_at       INTEGER NOT NULL,
  done_at          INTEGER
);
CREATE UNIQUE INDEX message_actions_by_key ON message_actions(idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX message_actions_open ON message_actions(status) WHERE status IN ('queued','sending');
