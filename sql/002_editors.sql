-- newsdesk schema version 2: editors, their sessions and login attempts, article revisions,
-- and the old URLs of articles whose slug or section changed.

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 64),
  role           TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
  password_hash  TEXT NOT NULL,              -- crypto_pwhash_str (argon2id)
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at     INTEGER NOT NULL
);

-- Only a hash of the session token is stored: a copy of this table logs nobody in.
CREATE TABLE sessions (
  token_hash    BLOB PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed logins per key ('name:...' or 'addr:...'): each failure doubles the wait.
CREATE TABLE login_throttle (
  key              TEXT PRIMARY KEY,
  failures         INTEGER NOT NULL,
  next_allowed_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE login_log (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  name     TEXT NOT NULL,
  address  TEXT NOT NULL,
  outcome  TEXT NOT NULL
);

-- Every save of an article: the whole article (fields, blocks, links, promos) as JSON.
CREATE TABLE revisions (
  id          INTEGER PRIMARY KEY,
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  user_id     INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL,
  action      TEXT NOT NULL,               -- created, saved, published, unpublished, restored N
  content     TEXT NOT NULL CHECK (json_valid(content))
);
CREATE INDEX revisions_by_article ON revisions (article_id, id DESC);

ALTER TABLE articles ADD COLUMN revision_id INTEGER;           -- the revision it holds now
ALTER TABLE articles ADD COLUMN edited_by INTEGER REFERENCES users(id);
ALTER TABLE articles ADD COLUMN edited_at INTEGER;

-- An article's old addresses answer with a redirect to its current one.
CREATE TABLE slug_redirects (
  section_slug  TEXT NOT NULL,
  slug          TEXT NOT NULL,
  article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (section_slug, slug)
) WITHOUT ROWID;
