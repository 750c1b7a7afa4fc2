-- Channels (one WhatsApp number each), conversations and messages: the ledger everything else reads.
CREATE TABLE channels (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL DEFAULT 'whatsapp',
  phone_e164       TEXT NOT NULL,
  name             TEXT NOT NULL DEFAULT '',
  country_prefix   TEXT NOT NULL DEFAULT '',      -- e.g. '+44'; '' = none
  access           TEXT NOT NULL DEFAULT '{"all":true}', -- JSON access list (see src/auth/access.ts)
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','connected','disconnected','error')),
  status_reason    TEXT NOT NULL DEFAULT '',
  last_error       TEXT NOT NULL DEFAULT '',
  last_error_at    INTEGER,
  last_activity_at INTEGER,
  qr               TEXT,                          -- current pairing code while pending
  qr_at            INTEGER,
  wa_jid           TEXT,                          -- our own JID once paired
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  deleted_at       INTEGER                        -- deleted channels keep their history readable
);
CREATE UNIQUE INDEX channels_phone_live ON channels(phone_e164) WHERE deleted_at IS NULL;

CREATE TABLE conversations (
  id               INTEGER PRIMARY KEY,
  channel_id       INTEGER NOT NULL REFERENCES channels(id),
  chat_jid         TEXT NOT NULL,                 -- person JID (phone or LID) or group JID
  kind             TEXT NOT NULL CHECK (kind IN ('direct','group')),
  peer_phone       TEXT,                          -- E.164 of the person (direct chats), NULL until known
  peer_lid         TEXT,
  title            TEXT NOT NULL DEFAULT '',      -- push name of the person, or group subject
  participant_count INTEGER,
  last_message_id  INTEGER,
  last_message_at  INTEGER NOT NULL DEFAULT 0,
  last_inbound_at  INTEGER,                       -- for the 24-hour reply window
  inbound_count    INTEGER NOT NULL DEFAULT 0,    -- unread = inbound_count - what a user has seen
  assigned_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at       INTEGER NOT NULL,
  UNIQUE (channel_id, chat_jid)
);
CREATE INDEX conversations_recent ON conversations(last_message_at DESC, id DESC);
CREATE INDEX conversations_by_channel_recent ON conversations(channel_id, last_message_at DESC, id DESC);
CREATE INDEX conversations_by_peer_phone ON conversations(peer_phone) WHERE peer_phone IS NOT NULL;
CREATE INDEX conversations_by_peer_lid ON conversations(peer_lid) WHERE peer_lid IS NOT NULL;
CREATE INDEX conversations_by_assignee ON conversations(assigned_user_id, last_message_at DESC) WHERE assigned_user_id IS NOT NULL;

CREATE TABLE messages (
  id               INTEGER PRIMARY KEY,
  conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
  channel_id       INTEGER NOT NULL REFERENCES channels(id),
  wa_id            TEXT,                          -- WhatsApp message id; NULL while an outbound send is queued
  direction        TEXT NOT NULL CHECK (direction IN ('inbound','outbound')),
  from_me_device   INTEGER NOT NULL DEFAULT 0,    -- outbound sent from the phone itself, not from Pairbox
  sender_phone     TEXT,
  sender_lid       TEXT,
  sender_name      TEXT NOT NULL DEFAULT '',
  participant_jid  TEXT,                          -- in groups: the member who wrote
  type             TEXT NOT NULL,                 -- text/image/audio/voice/video/document/sticker/location/contact/other
  text             TEXT NOT NULL DEFAULT '',
  media_sha256     TEXT,
  media_mime       TEXT,
  media_size       INTEGER,
  media_filename   TEXT,
  media_status     TEXT CHECK (media_status IN ('pending','stored','failed','too_large')),
  media_error      TEXT,
  quoted_wa_id     TEXT,
  status           TEXT NOT NULL DEFAULT 'received'
                   CHECK (status IN ('received','queued','sending','sent','delivered','read','failed')),
  error            TEXT,
  sent_by_user_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  idempotency_key  TEXT,
  from_history     INTEGER NOT NULL DEFAULT 0,
  wa_timestamp     INTEGER NOT NULL,              -- WhatsApp's time, epoch ms
  created_at       INTEGER NOT NULL
);
-- One row per WhatsApp message per channel: replays after a reconnect are ignored.
CREATE UNIQUE INDEX messages_by_wa_id ON messages(channel_id, wa_id) WHERE wa_id IS NOT NULL;
CREATE UNIQUE INDEX messages_by_idempotency_key ON messages(idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX messages_by_conversation ON messages(conversation_id, wa_timestamp, id);
CREATE INDEX messages_media_pending ON messages(media_status) WHERE media_status IN ('pending','failed');

-- Read state per user: how many inbound messages of a conversation they have seen.
CREATE TABLE conversation_reads (
  user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seen_inbound     INTEGER NOT NULL,
  read_at          INTEGER NOT NULL,
  PRIMARY KEY (user_id, conversation_id)
) WITHOUT ROWID;

-- Full-text search over message text and media file names, kept in step by triggers.
CREATE VIRTUAL TABLE messages_fts USING fts5(
  text, media_filename, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, text, media_filename) VALUES (new.id, new.text, coalesce(new.media_filename, ''));
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, text, media_filename) VALUES ('delete', old.id, old.text, coalesce(old.media_filename, ''));
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, media_filename ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, text, media_filename) VALUES ('delete', old.id, old.text, coalesce(old.media_filename, ''));
  INSERT INTO messages_fts(rowid, text, media_filename) VALUES (new.id, new.text, coalesce(new.media_filename, ''));
END;
