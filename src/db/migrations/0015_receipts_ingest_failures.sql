-- Receipts per group member for the group messages we sent: a group message shows delivered (read)
-- only once every other member's phone has it (has read it), as WhatsApp's own ticks do.
CREATE TABLE message_receipts (
  message_id   INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  member       TEXT NOT NULL,               -- the member's JID ('447700900123@s.whatsapp.net' or '…@lid')
  status       TEXT NOT NULL CHECK (status IN ('delivered','read')),
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (message_id, member)
) WITHOUT ROWID;

-- Inbound messages WhatsApp handed over (and was told we have) that could not be stored: kept here
-- with the normalised message and retried by a job, so a failure is never only a log line.
CREATE TABLE ingest_failures (
  id           INTEGER PRIMARY KEY,
  channel_id   INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  wa_id        TEXT NOT NULL,
  message      TEXT NOT NULL,               -- the normalised message (JSON)
  error        TEXT NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 1,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  stored_at    INTEGER,                     -- set once a retry stored it
  UNIQUE (channel_id, wa_id)
);
CREATE INDEX ingest_failures_open ON ingest_failures(created_at) WHERE stored_at IS NULL;

-- A group's members and addressing as WhatsApp last described them: group sends use them (Baileys'
-- cachedGroupMetadata) instead of asking WhatsApp for the group before every message.
-- JSON { "addressingMode": "pn" | "lid", "participants": [{ "id": jid, "admin": "admin" | "superadmin" | null }] }
ALTER TABLE wa_groups ADD COLUMN members TEXT;

-- WhatsApp restricts an account that reached out to too many new people (reachout time lock): until
-- this time (epoch ms) it may answer existing chats but not start new ones. NULL: no restriction.
ALTER TABLE channels ADD COLUMN restricted_until INTEGER;
