-- Business hours per channel (issue 16): an IANA time zone, the weekly hours as JSON
-- ({"mon":[["09:00","17:00"]],…}, a missing or empty day is closed) and holidays as a JSON list of
-- YYYY-MM-DD dates in that zone. No row: the channel has no hours set and counts as always open.
CREATE TABLE channel_business_hours (
  channel_id  INTEGER PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
  time_zone   TEXT NOT NULL,
  weekly      TEXT NOT NULL,
  holidays    TEXT NOT NULL DEFAULT '[]',
  updated_at  INTEGER NOT NULL
);

-- The workflow step "Once per conversation per day": one row per workflow step, conversation and local
-- day it let through. The run that claimed it passes again when its step is retried after a restart.
CREATE TABLE workflow_once_marks (
  workflow_id      INTEGER NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  step_index       INTEGER NOT NULL,
  conversation_id  INTEGER NOT NULL,
  day              TEXT NOT NULL,
  run_id           INTEGER NOT NULL,
  PRIMARY KEY (workflow_id, step_index, conversation_id, day)
) WITHOUT ROWID;

-- Reports read a range of live messages per channel by the time Pairbox stored them (the status
-- history's clock), covering what they count, so a week at a million messages never touches the rows.
-- Queries repeat `from_history = 0` to use it.
CREATE INDEX messages_for_reports ON messages(channel_id, created_at, direction, sent_by_user_id, conversation_id)
  WHERE from_history = 0;
-- Within one conversation, its live messages by stored time: an opening's first inbound message and the
-- first reply after it are each one seek, read from the index alone.
CREATE INDEX messages_by_conversation_stored ON messages(conversation_id, created_at, direction, sent_by_user_id)
  WHERE from_history = 0;
-- Conversations that started in a range (each one's first opening), per channel.
CREATE INDEX conversations_by_channel_created ON conversations(channel_id, created_at);
-- Resolutions and reopenings in a range.
CREATE INDEX conversation_status_changes_by_time ON conversation_status_changes(at);

-- Reports are for administrators: the built-in Administrator set gains the new permission.
UPDATE permission_sets SET permissions = json_insert(permissions, '$[#]', 'reports.view')
  WHERE name = 'Administrator' AND builtin = 1
    AND NOT EXISTS (SELECT 1 FROM json_each(permissions) WHERE value = 'reports.view');
