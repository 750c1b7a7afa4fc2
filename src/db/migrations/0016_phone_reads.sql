-- Inbound messages read on the phone itself (or another linked device), counted like
-- conversation_reads.seen_inbound but for everyone: someone answered the chat on the phone.
-- A conversation's unread count is inbound_count less the larger of the two.
ALTER TABLE conversations ADD COLUMN phone_seen_inbound INTEGER NOT NULL DEFAULT 0;
