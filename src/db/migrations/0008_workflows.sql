-- Workflows: per record type, one trigger (Incoming WhatsApp), ordered steps kept as validated JSON.
CREATE TABLE workflows (
  id           INTEGER PRIMARY KEY,
  record_type  TEXT NOT NULL,
  name         TEXT NOT NULL,
  enabled      INTEGER NOT NULL DEFAULT 1,
  pattern      TEXT NOT NULL DEFAULT '',
  steps        TEXT NOT NULL DEFAULT '[]',
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX workflows_by_type ON workflows(record_type, enabled);

-- One run per (workflow, triggering message, matched record); the steps are a snapshot taken at
-- trigger time, so editing a workflow never shifts the step a waiting run resumes at.
CREATE TABLE workflow_runs (
  id              INTEGER PRIMARY KEY,
  workflow_id     INTEGER NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  record_type     TEXT NOT NULL,
  record_id       INTEGER NOT NULL,
  message_id      INTEGER,
  conversation_id INTEGER,
  channel_id      INTEGER,
  status          TEXT NOT NULL DEFAULT 'pending', -- pending | running | waiting | done | failed
  data            TEXT NOT NULL,                    -- the trigger's data bundle (JSON)
  steps           TEXT NOT NULL,                    -- snapshot of the workflow's steps (JSON)
  current_step    INTEGER NOT NULL DEFAULT 0,
  reruns          INTEGER NOT NULL DEFAULT 0,
  error           TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  finished_at     INTEGER,
  UNIQUE (workflow_id, message_id, record_type, record_id)
);
CREATE INDEX workflow_runs_by_workflow ON workflow_runs(workflow_id, id DESC);

-- Each step's state, written before it runs and after it finishes.
CREATE TABLE workflow_run_steps (
  run_id       INTEGER NOT NULL REFERENCES workflow_runs(id) ON DELETE CASCADE,
  step_index   INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  status       TEXT NOT NULL,                       -- running | done | waiting | failed | skipped | retrying
  tries        INTEGER NOT NULL DEFAULT 0,
  result       TEXT NOT NULL DEFAULT '',
  error        TEXT,
  due_at       INTEGER,
  started_at   INTEGER,
  finished_at  INTEGER,
  PRIMARY KEY (run_id, step_index)
);

-- In-app notifications (the Notify action); a link leads to the conversation.
CREATE TABLE notifications (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title       TEXT NOT NULL,
  body        TEXT NOT NULL DEFAULT '',
  href        TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  read_at     INTEGER
);
CREATE INDEX notifications_by_user ON notifications(user_id, read_at, id DESC);
