-- Retention: finished jobs and webhook deliveries are pruned after a while (PAIRBOX_JOB_RETENTION_DAYS),
-- a bounded batch at a time. Each prune finds its rows by age through an index instead of reading the table.
CREATE INDEX jobs_finished ON jobs(status, finished_at) WHERE status IN ('done','failed');
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries(finished_at) WHERE status <> 'pending';
CREATE INDEX webhook_events_by_age ON webhook_events(created_at);
-- Deleting an event (pruning, or cascading from its endpoint) looks up its deliveries by event.
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries(event_id);

-- Name search: a trigram index over conversation names finds "ann" anywhere in "Joanne" without
-- reading every conversation (the LIKE '%ann%' it replaces ran on every search). Empty names are not indexed.
CREATE VIRTUAL TABLE conversations_names USING fts5(
  title, content='conversations', content_rowid='id', tokenize='trigram remove_diacritics 1'
);
INSERT INTO conversations_names(rowid, title) SELECT id, title FROM conversations WHERE title <> '';
CREATE TRIGGER conversations_names_insert AFTER INSERT ON conversations WHEN new.title <> '' BEGIN
  INSERT INTO conversations_names(rowid, title) VALUES (new.id, new.title);
END;
-- Ingest sets the title on every message; only a real change touches the index.
CREATE TRIGGER conversations_names_update AFTER UPDATE OF title ON conversations WHEN old.title IS NOT new.title BEGIN
  INSERT INTO conversations_names(conversations_names, rowid, title) SELECT 'delete', old.id, old.title WHERE old.title <> '';
  INSERT INTO conversations_names(rowid, title) SELECT new.id, new.title WHERE new.title <> '';
END;
CREATE TRIGGER conversations_names_delete AFTER DELETE ON conversations WHEN old.title <> '' BEGIN
  INSERT INTO conversations_names(conversations_names, rowid, title) VALUES ('delete', old.id, old.title);
END;

-- Unread state per user, kept by triggers: a row while a conversation has inbound messages the user
-- has not seen (inbound_count > conversation_reads.seen_inbound). The Unread filter reads a user's few
-- rows instead of walking every conversation to find none.
CREATE TABLE conversation_unread (
  user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, conversation_id)
) WITHOUT ROWID;
CREATE INDEX conversation_unread_by_conversation ON conversation_unread(conversation_id);
INSERT INTO conversation_unread (user_id, conversation_id)
  SELECT u.id, c.id FROM users u JOIN conversations c ON c.inbound_count > 0
  WHERE c.inbound_count > coalesce(
    (SELECT r.seen_inbound FROM conversation_reads r WHERE r.user_id = u.id AND r.conversation_id = c.id), 0);
-- A new inbound message is unseen by everyone (what anyone has seen never exceeds the old count).
-- ON CONFLICT DO NOTHING, not INSERT OR IGNORE: inside a trigger an OR clause gives way to the
-- outer statement's, and ingest's upsert would turn IGNORE back into ABORT.
CREATE TRIGGER conversation_unread_new AFTER INSERT ON conversations WHEN new.inbound_count > 0 BEGIN
  INSERT INTO conversation_unread (user_id, conversation_id) SELECT id, new.id FROM users WHERE true ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER conversation_unread_inbound AFTER UPDATE OF inbound_count ON conversations
  WHEN new.inbound_count > old.inbound_count BEGIN
  INSERT INTO conversation_unread (user_id, conversation_id) SELECT id, new.id FROM users WHERE true ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER conversation_unread_read AFTER INSERT ON conversation_reads BEGIN
  DELETE FROM conversation_unread WHERE user_id = new.user_id AND conversation_id = new.conversation_id
    AND new.seen_inbound >= (SELECT inbound_count FROM conversations WHERE id = new.conversation_id);
END;
CREATE TRIGGER conversation_unread_reread AFTER UPDATE OF seen_inbound ON conversation_reads BEGIN
  DELETE FROM conversation_unread WHERE user_id = new.user_id AND conversation_id = new.conversation_id
    AND new.seen_inbound >= (SELECT inbound_count FROM conversations WHERE id = new.conversation_id);
END;
-- A new user has seen nothing yet.
CREATE TRIGGER conversation_unread_new_user AFTER INSERT ON users BEGIN
  INSERT INTO conversation_unread (user_id, conversation_id) SELECT new.id, id FROM conversations WHERE inbound_count > 0
    ON CONFLICT DO NOTHING;
END;
