-- The sessions file beside the database (FILE-sessions): editors' sessions, login throttling
-- and the login log. Its own file, so these writes never wake the page cache or wait on an
-- editor's save. Losing it logs editors out and nothing else. Created and checked at start-up.

CREATE TABLE IF NOT EXISTS meta (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  identity  BLOB NOT NULL       -- store_identity.token of the database this file belongs to
);

-- Only a hash of the session token is stored: a copy of this file logs nobody in. A session
-- counts only while its epoch is its user's session_epoch.
CREATE TABLE IF NOT EXISTS sessions (
  token_hash    BLOB PRIMARY KEY,
  user_id       INTEGER NOT NULL,
  epoch         INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_by_seen ON sessions (last_seen_at);

-- Failed logins per key ('name:...' or 'addr:...'): each failure doubles the wait.
-- checking_until: a password check for the key is under way until then.
CREATE TABLE IF NOT EXISTS login_throttle (
  key              TEXT PRIMARY KEY,
  failures         INTEGER NOT NULL,
  next_allowed_at  INTEGER NOT NULL,
  checking_until   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS login_log (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  name     TEXT NOT NULL,
  address  TEXT NOT NULL,
  outcome  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS login_log_by_at ON login_log (at);

-- Who has an article's form open: each GET of the form says so; a row unseen for five minutes
-- no longer counts, and one unseen for an hour is deleted. "since" is when this stay began.
CREATE TABLE IF NOT EXISTS presence (
  article_id  INTEGER NOT NULL,
  user_id     INTEGER NOT NULL,
  user_name   TEXT NOT NULL,
  since       INTEGER NOT NULL,
  seen_at     INTEGER NOT NULL,
  PRIMARY KEY (article_id, user_id)
) WITHOUT ROWID;
