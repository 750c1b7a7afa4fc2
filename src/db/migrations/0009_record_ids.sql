-- Record ids are never given out twice. records.id is a plain rowid, which SQLite reuses when the
-- newest record is deleted; webhook consumers, workflow runs and bookmarks name records by id, so a
-- new record must not inherit a deleted one's. Deletes raise this high-water mark; insertRecord
-- (src/records/store.ts) numbers new records above both it and the current maximum.
CREATE TABLE record_id_high_water (n INTEGER NOT NULL);
INSERT INTO record_id_high_water (n) SELECT coalesce(max(id), 0) FROM records;
CREATE TRIGGER records_keep_high_water AFTER DELETE ON records
BEGIN
  UPDATE record_id_high_water SET n = max(n, OLD.id);
END;
