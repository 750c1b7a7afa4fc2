-- Workflow webhook steps are signed like webhooks, each workflow with its own secret (created on
-- first use, so workflows saved before this version get one too).
ALTER TABLE workflows ADD COLUMN webhook_secret TEXT NOT NULL DEFAULT '';

-- API keys get a third scope, manage (channel administration: pairing codes, adding, logging out).
-- A CHECK cannot be altered in SQLite, so the table is rebuilt with the same columns.
CREATE TABLE api_keys_v14 (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  prefix       TEXT NOT NULL,
  key_hash     TEXT NOT NULL UNIQUE,
  scope        TEXT NOT NULL CHECK (scope IN ('read','send','manage')),
  all_channels INTEGER NOT NULL DEFAULT 0,
  channel_ids  TEXT NOT NULL DEFAULT '[]',
  created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
);
INSERT INTO api_keys_v14 (id, name, prefix, key_hash, scope, all_channels, channel_ids, created_by, created_at, last_used_at, revoked_at)
  SELECT id, name, prefix, key_hash, scope, all_channels, channel_ids, created_by, created_at, last_used_at, revoked_at FROM api_keys;
DROP TABLE api_keys;
ALTER TABLE api_keys_v14 RENAME TO api_keys;

-- Send keys could administer channels before; those of people who manage channels keep doing so as
-- manage keys. Everyone else's send keys only send from now on (that was the bypass).
UPDATE api_keys SET scope = 'manage'
  WHERE scope = 'send' AND created_by IN (
    SELECT ups.user_id FROM user_permission_sets ups JOIN permission_sets ps ON ps.id = ups.permission_set_id
    WHERE ps.permissions LIKE '%"channels.manage"%');

-- A webhook endpoint delivers only what the person it acts for may see. Endpoints from before
-- this version recorded nobody: they act for the longest-standing active user who manages
-- channels (an administrator), so they keep delivering what they did; review them after upgrading.
ALTER TABLE webhook_endpoints ADD COLUMN created_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
UPDATE webhook_endpoints SET created_by = (
  SELECT u.id FROM users u
  JOIN user_permission_sets ups ON ups.user_id = u.id
  JOIN permission_sets ps ON ps.id = ups.permission_set_id
  WHERE u.active = 1 AND ps.permissions LIKE '%"channels.manage"%'
  ORDER BY u.id LIMIT 1);

-- Names and file names stored before the cleaner existed lose their bidi controls (U+202A-202E,
-- U+2066-2069), file names their direction marks (U+200E, U+200F, U+061C) too, as new ones do.
UPDATE messages SET sender_name =
  replace(replace(replace(replace(replace(replace(replace(replace(replace(sender_name,
    char(8234), ''), char(8235), ''), char(8236), ''), char(8237), ''), char(8238), ''),
    char(8294), ''), char(8295), ''), char(8296), ''), char(8297), '')
  WHERE sender_name GLOB '*[' || char(8234) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*';
UPDATE messages SET media_filename =
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(media_filename,
    char(8234), ''), char(8235), ''), char(8236), ''), char(8237), ''), char(8238), ''),
    char(8294), ''), char(8295), ''), char(8296), ''), char(8297), ''), char(8206), ''),
    char(8207), ''), char(1564), '')
  WHERE media_filename GLOB '*[' || char(8234) || '-' || char(8238) || char(8294) || '-' || char(8297) || char(8206) || char(8207) || char(1564) || ']*';
UPDATE conversations SET title =
  replace(replace(replace(replace(replace(replace(replace(replace(replace(title,
    char(8234), ''), char(8235), ''), char(8236), ''), char(8237), ''), char(8238), ''),
    char(8294), ''), char(8295), ''), char(8296), ''), char(8297), '')
  WHERE title GLOB '*[' || char(8234) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*';
UPDATE wa_groups SET subject =
  replace(replace(replace(replace(replace(replace(replace(replace(replace(subject,
    char(8234), ''), char(8235), ''), char(8236), ''), char(8237), ''), char(8238), ''),
    char(8294), ''), char(8295), ''), char(8296), ''), char(8297), '')
  WHERE subject GLOB '*[' || char(8234) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*';
UPDATE channels SET name =
  replace(replace(replace(replace(replace(replace(replace(replace(replace(name,
    char(8234), ''), char(8235), ''), char(8236), ''), char(8237), ''), char(8238), ''),
    char(8294), ''), char(8295), ''), char(8296), ''), char(8297), '')
  WHERE name GLOB '*[' || char(8234) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*';
UPDATE record_attachments SET file_name =
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(file_name,
    char(8234), ''), char(8235), ''), char(8236), ''), char(8237), ''), char(8238), ''),
    char(8294), ''), char(8295), ''), char(8296), ''), char(8297), ''), char(8206), ''),
    char(8207), ''), char(1564), '')
  WHERE file_name GLOB '*[' || char(8234) || '-' || char(8238) || char(8294) || '-' || char(8297) || char(8206) || char(8207) || char(1564) || ']*';
