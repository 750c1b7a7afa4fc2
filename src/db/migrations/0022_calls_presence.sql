-- What each channel tells WhatsApp, and calls (issue 15, part C).
-- Read receipts to customers: on by default, as on a phone; typing presence: off by default (an agent
-- drafting a long answer would show "typing…" for minutes); rejecting calls: off by default.
ALTER TABLE channels ADD COLUMN send_read_receipts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE channels ADD COLUMN send_typing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE channels ADD COLUMN reject_calls INTEGER NOT NULL DEFAULT 0;
-- Why pairing cannot finish (WhatsApp demands a passkey), shown on the channel page until the next pairing.
ALTER TABLE channels ADD COLUMN pairing_problem TEXT NOT NULL DEFAULT '';

-- The highest inbound message id a read receipt went out for: opening the conversation again sends
-- receipts only for what arrived since.
ALTER TABLE conversations ADD COLUMN receipts_sent_through INTEGER NOT NULL DEFAULT 0;

-- A call is a row of the conversation (type 'call', wa_id the call's id); this says what kind and how it ended.
CREATE TABLE calls (
  message_id  INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  video       INTEGER NOT NULL DEFAULT 0,
  outcome     TEXT NOT NULL DEFAULT 'missed' CHECK (outcome IN ('missed','answered_elsewhere','rejected'))
) WITHOUT ROWID;

-- Which event starts a workflow: an incoming WhatsApp message (as before) or an incoming call.
ALTER TABLE workflows ADD COLUMN trigger_kind TEXT NOT NULL DEFAULT 'message' CHECK (trigger_kind IN ('message','call'));
