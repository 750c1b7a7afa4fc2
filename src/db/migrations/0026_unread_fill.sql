-- Adding a user inserted one unread row per conversation with inbound messages inside that request
-- (500,000 rows at 500,000 conversations: seconds of write lock, ingest waiting behind it). The job
-- queue now fills a new user's unread rows in bounded batches (src/messaging/unread-fill.ts).
DROP TRIGGER conversation_unread_new_user;
