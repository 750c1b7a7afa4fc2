-- The last problem the trigger met with a workflow (say, steps this version cannot read): shown in the
-- list and the editor until the workflow is saved again. One failing workflow never stops the others.
ALTER TABLE workflows ADD COLUMN last_error TEXT;
ALTER TABLE workflows ADD COLUMN last_error_at INTEGER;
