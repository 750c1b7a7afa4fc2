-- Integrations: webhook endpoints, their events and delivery log, and REST API keys.
CREATE TABLE webhook_endpoints (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL DEFAULT '',
  url         TEXT NOT NULL,
  secret      TEXT NOT NULL,                 -- HMAC key; kept readable because every delivery is signed with it
  events      TEXT NOT NULL DEFAULT '[]',    -- JSON array of event types
  channel_ids TEXT NOT NULL DEFAULT '[]',    -- JSON array; empty = every channel
  active      INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- One row per event, its JSON body fixed when it happened so every retry sends the same bytes.
CREATE TABLE webhook_events (
  id              INTEGER PRIMARY KEY,
  public_id       TEXT NOT NULL UNIQUE,      -- evt_…, what receivers see
  dedupe_key      TEXT UNIQUE,               -- the same fact (message 5 delivered) becomes one event
  type            TEXT NOT NULL,
  channel_id      INTEGER,
  conversation_id INTEGER,
  body            TEXT NOT NULL,
  created_at      INTEGER NOT NULL
);
CREATE INDEX webhook_events_by_channel_type ON webhook_events(channel_id, type, id);

CREATE TABLE webhook_deliveries (
  id              INTEGER PRIMARY KEY,
  public_id       TEXT NOT NULL UNIQUE,      -- dlv_…, sent as X-Pairbox-Delivery
  endpoint_id     INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  event_id        INTEGER NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
  job_id          INTEGER,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','succeeded','failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  response_status INTEGER,
  response_ms     INTEGER,
  response_body   TEXT,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  last_attempt_at INTEGER,
  finished_at     INTEGER,
  UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint_id, id DESC);
CREATE INDEX webhook_deliveries_by_status ON webhook_deliveries(status) WHERE status <> 'succeeded';

CREATE TABLE api_keys (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  prefix       TEXT NOT NULL,                -- the first characters, to recognise a key in lists
  key_hash     TEXT NOT NULL UNIQUE,         -- SHA-256 of the key; the key itself is shown once and never stored
  scope        TEXT NOT NULL CHECK (scope IN ('read','send')),
  all_channels INTEGER NOT NULL DEFAULT 0,
  channel_ids  TEXT NOT NULL DEFAULT '[]',   -- JSON array, used when all_channels = 0
  created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
);
