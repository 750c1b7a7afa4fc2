-- Sign-in attempts are reserved before the password is checked (state 'pending'), so concurrent
-- attempts cannot all pass the limits, and are keyed by client: the address, or a browser that
-- signed in to the account before ('browser:<id>'). The rows only ever cover the last day, so the
-- old ones are dropped rather than converted.
DROP TABLE login_attempts;
CREATE TABLE login_attempts (
  id      INTEGER PRIMARY KEY,
  email   TEXT NOT NULL COLLATE NOCASE,
  ip      TEXT NOT NULL,
  client  TEXT NOT NULL,
  known   INTEGER NOT NULL CHECK (known IN (0, 1)),
  state   TEXT NOT NULL CHECK (state IN ('pending', 'failed', 'ok')),
  at      INTEGER NOT NULL
);
CREATE INDEX login_attempts_by_ip ON login_attempts(ip, at);
CREATE INDEX login_attempts_by_account ON login_attempts(email, at);
