-- The Baileys driver's own state, per channel. Deleting a channel's row (or forget()) removes all of it.

-- Device credentials: one JSON document (BufferJSON) per channel. `registered` = the device is linked
-- (creds.me set by a QR scan, or creds.registered by a pairing code): "is this channel paired?" in one lookup.
CREATE TABLE wa_auth_creds (
  channel_id   INTEGER PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
  creds        TEXT NOT NULL,
  registered   INTEGER NOT NULL DEFAULT 0,
  updated_at   INTEGER NOT NULL
);

-- Every signal key Baileys keeps (pre-key, session, sender-key, app-state-sync-key, lid-mapping, ...).
CREATE TABLE wa_auth_keys (
  channel_id   INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  type         TEXT NOT NULL,
  id           TEXT NOT NULL,
  value        TEXT NOT NULL,
  PRIMARY KEY (channel_id, type, id)
) WITHOUT ROWID;

-- Which phone number a LID stands for, as WhatsApp told this channel.
CREATE TABLE wa_lid_map (
  channel_id   INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  lid          TEXT NOT NULL,               -- '123456789@lid'
  phone        TEXT NOT NULL,               -- E.164
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (channel_id, lid)
) WITHOUT ROWID;

-- Group subjects and sizes, so a group message names its group without asking WhatsApp each time.
CREATE TABLE wa_groups (
  channel_id        INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  group_jid         TEXT NOT NULL,
  subject           TEXT NOT NULL,
  participant_count INTEGER,
  updated_at        INTEGER NOT NULL,
  PRIMARY KEY (channel_id, group_jid)
) WITHOUT ROWID;

-- Raw WebMessageInfo protos of what we sent and of media messages: answers WhatsApp's retry requests
-- (getMessage) and re-downloads media after a failure. Pruned after 14 days.
CREATE TABLE wa_raw_messages (
  channel_id   INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  wa_id        TEXT NOT NULL,
  proto        BLOB NOT NULL,
  stored_at    INTEGER NOT NULL,
  PRIMARY KEY (channel_id, wa_id)
) WITHOUT ROWID;
CREATE INDEX wa_raw_messages_by_age ON wa_raw_messages(stored_at);
