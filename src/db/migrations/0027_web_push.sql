-- Web push (RFC 8030/8291): each browser a person turned push notifications on in. The endpoint is
-- the browser's push service URL; p256dh and auth are the browser's keys every payload is encrypted to.
-- An endpoint belongs to one person at a time: signing in as someone else on that browser moves it.
CREATE TABLE push_subscriptions (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  endpoint      TEXT NOT NULL UNIQUE,
  p256dh        TEXT NOT NULL,
  auth          TEXT NOT NULL,
  user_agent    TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  last_sent_at  INTEGER
);
CREATE INDEX push_subscriptions_by_user ON push_subscriptions(user_id);

-- What each person wants pushed, and when not (quiet hours as local wall-clock minutes in their zone).
-- No row: everything on, no quiet hours.
CREATE TABLE push_preferences (
  user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  new_messages  INTEGER NOT NULL DEFAULT 1,
  mentions      INTEGER NOT NULL DEFAULT 1,
  assignments   INTEGER NOT NULL DEFAULT 1,
  other         INTEGER NOT NULL DEFAULT 1,
  quiet_from    INTEGER,                    -- minutes after local midnight, or NULL
  quiet_to      INTEGER,
  time_zone     TEXT NOT NULL DEFAULT 'UTC',
  updated_at    INTEGER NOT NULL
);
