-- Private notes (issue 16): written by a person in a conversation, never sent to WhatsApp and never
-- a message (so no webhook message event, no first-response time). Kept when the author leaves.
CREATE TABLE conversation_notes (
  id               INTEGER PRIMARY KEY,
  conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  author_user_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  text             TEXT NOT NULL,
  created_at       INTEGER NOT NULL
);
CREATE INDEX conversation_notes_by_conversation ON conversation_notes(conversation_id, created_at);

-- @mentions by user id: where in the note's text the "@Name" stood, so the note shows the person's
-- current name there, whatever they are called later.
CREATE TABLE note_mentions (
  note_id   INTEGER NOT NULL REFERENCES conversation_notes(id) ON DELETE CASCADE,
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  start     INTEGER NOT NULL,
  length    INTEGER NOT NULL,
  PRIMARY KEY (note_id, start)
);

-- Labels: a name and a colour from a fixed palette (a class name, never a CSS value: the CSP allows no
-- inline styles, and each palette colour is checked for contrast once, in app.css).
CREATE TABLE labels (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL COLLATE NOCASE UNIQUE,
  color       TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE conversation_labels (
  conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  label_id         INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
  added_at         INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, label_id)
) WITHOUT ROWID;
-- The list filtered by a label starts from that label's conversations.
CREATE INDEX conversation_labels_by_label ON conversation_labels(label_id, conversation_id);

CREATE TABLE record_labels (
  record_id  INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  label_id   INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
  added_at   INTEGER NOT NULL,
  PRIMARY KEY (record_id, label_id)
) WITHOUT ROWID;
