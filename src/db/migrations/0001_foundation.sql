-- People, sign-in and the access model.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

CREATE TABLE permission_sets (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  permissions TEXT NOT NULL DEFAULT '[]', -- JSON array of permission names
  builtin     INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL
);

CREATE TABLE user_permission_sets (
  user_id           INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  permission_set_id INTEGER NOT NULL REFERENCES permission_sets(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, permission_set_id)
);
CREATE INDEX user_permission_sets_by_set ON user_permission_sets(permission_set_id);

CREATE TABLE user_groups (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  created_at INTEGER NOT NULL
);

CREATE TABLE user_group_members (
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, group_id)
);
CREATE INDEX user_group_members_by_group ON user_group_members(group_id);

CREATE TABLE sessions (
  id_hash     TEXT PRIMARY KEY,          -- SHA-256 of the cookie value; the raw token is never stored
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE login_attempts (
  id         INTEGER PRIMARY KEY,
  ip         TEXT NOT NULL,
  email      TEXT NOT NULL COLLATE NOCASE,
  ok         INTEGER NOT NULL,
  at         INTEGER NOT NULL
);
CREATE INDEX login_attempts_by_ip ON login_attempts(ip, at);
CREATE INDEX login_attempts_by_email ON login_attempts(email, at);

-- Key/value settings (default phone region, company name, …).
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

INSERT INTO permission_sets (name, permissions, builtin, created_at) VALUES
  ('Administrator', '["channels.manage","users.manage","workflows.manage","records.edit","templates.manage","settings.manage","integrations.manage"]', 1, 0),
  ('Agent', '["records.edit"]', 1, 0);
