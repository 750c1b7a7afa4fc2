-- The durable job queue shared by workflows and webhook deliveries.
CREATE TABLE jobs (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,                 -- handler name, e.g. 'webhook.deliver', 'workflow.step'
  payload       TEXT NOT NULL DEFAULT '{}',    -- JSON
  dedupe_key    TEXT,                          -- the same key is never queued twice
  order_key     TEXT,                          -- jobs sharing it run one at a time, oldest first
  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','running','done','failed')),
  run_at        INTEGER NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  max_attempts  INTEGER NOT NULL DEFAULT 10,
  last_error    TEXT,
  locked_until  INTEGER,
  created_at    INTEGER NOT NULL,
  finished_at   INTEGER
);
CREATE UNIQUE INDEX jobs_dedupe ON jobs(dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX jobs_due ON jobs(status, run_at) WHERE status IN ('pending','running');
CREATE INDEX jobs_order ON jobs(order_key, id) WHERE order_key IS NOT NULL AND status IN ('pending','running');
