-- Workflow webhook steps are signed like webhooks, each workflow with its own secret (created on
-- first use, so workflows saved before this version get one too).
ALTER TABLE workflows ADD COLUMN webhook_secret TEXT NOT NULL DEFAULT '';
