-- Sends to a person who moved to LID addressing look the LID up by phone number.
CREATE INDEX wa_lid_map_by_phone ON wa_lid_map(channel_id, phone);

-- LID ↔ phone pairs a person said are wrong ("This is not +X: separate"): never learned again on
-- this channel, whichever source repeats them.
CREATE TABLE wa_lid_refused (
  channel_id   INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  lid          TEXT NOT NULL,               -- '123456789@lid'
  phone        TEXT NOT NULL,               -- E.164
  refused_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  refused_at   INTEGER NOT NULL,
  PRIMARY KEY (channel_id, lid, phone)
) WITHOUT ROWID;
