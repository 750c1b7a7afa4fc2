-- Polls, contact cards, locations (issue 15, part B). `detail` holds what the kind says beyond its
-- text, as JSON: {"kind":"poll",question,options,selectableCount}, {"kind":"contacts",contacts:[{name,
-- phones:[{raw,e164}]}]}, {"kind":"location",latitude,longitude,name,address,live}, {"kind":"album",...}.
ALTER TABLE messages ADD COLUMN detail TEXT;

-- Each voter's current choice in a poll: a later vote replaces the earlier (WhatsApp sends the whole
-- selection each time; an empty one withdraws the vote). voter: the JID the vote came from.
CREATE TABLE poll_votes (
  message_id   INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  voter        TEXT NOT NULL,
  voter_phone  TEXT,
  voter_name   TEXT NOT NULL DEFAULT '',
  options      TEXT NOT NULL,
  voted_at     INTEGER NOT NULL,
  PRIMARY KEY (message_id, voter)
);

-- The Baileys driver's key to a poll's votes: WhatsApp encrypts each vote with the poll's
-- messageSecret. Kept as long as the channel (the raw-message cache is pruned after 14 days).
CREATE TABLE wa_poll_keys (
  channel_id   INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  wa_id        TEXT NOT NULL,
  secret       BLOB NOT NULL,
  creator_jid  TEXT NOT NULL,
  options      TEXT NOT NULL,
  stored_at    INTEGER NOT NULL,
  PRIMARY KEY (channel_id, wa_id)
);
