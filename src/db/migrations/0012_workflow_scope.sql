-- The last problem the trigger met with a workflow (say, steps this version cannot read): shown in the
-- list and the editor until the workflow is saved again. One failing workflow never stops the others.
ALTER TABLE workflows ADD COLUMN last_error TEXT;
ALTER TABLE workflows ADD COLUMN last_error_at INTEGER;

-- Channel scope: a workflow runs only for messages of its channels and sends only through them.
-- all_channels = 1 covers every channel; otherwise workflow_channels lists them. Workflows made before
-- this (by administrators) keep running on all channels.
ALTER TABLE workflows ADD COLUMN all_channels INTEGER NOT NULL DEFAULT 1;
-- Who last saved the workflow: at run time its channels count only while that person may still use
-- them. NULL for workflows saved before this version.
ALTER TABLE workflows ADD COLUMN edited_by INTEGER REFERENCES users(id);
CREATE TABLE workflow_channels (
  workflow_id  INTEGER NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  channel_id   INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  PRIMARY KEY (workflow_id, channel_id)
) WITHOUT ROWID;
CREATE INDEX workflow_channels_by_channel ON workflow_channels(channel_id);
