-- Outbound messages not yet handed over or still in flight: start-up looks for them on every boot,
-- which without this index meant reading every message. The partial index holds only those few rows.
CREATE INDEX messages_outbound_in_flight ON messages(status, id) WHERE direction = 'outbound' AND status IN ('queued', 'sending');
