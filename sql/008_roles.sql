-- newsdesk schema version 8: the newsroom's roles and review. Accounts gain the reporter role
-- (editors and admins keep theirs: an editor now also edits sections and promos); each article
-- has a desk row naming who owns it (a reporter edits only their own drafts) and where it is in
-- review; and the audit log records who did what, when, from where.

-- SQLite cannot widen a CHECK in place: a new column with the new CHECK takes the old one's
-- values, and the old column (whose CHECK is its own) is dropped.
ALTER TABLE users ADD COLUMN role_ranked TEXT NOT NULL DEFAULT 'reporter'
  CHECK (role_ranked IN ('reporter', 'editor', 'admin'));
UPDATE users SET role_ranked = role;
ALTER TABLE users DROP COLUMN role;
ALTER TABLE users RENAME COLUMN role_ranked TO role;

-- One row per article that has an owner or a review state; none: an editor's article as before.
-- review: 'none', 'submitted' (in the editors' queue) or 'returned' (sent back with a note).
CREATE TABLE article_desk (
  article_id    INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  owner_id      INTEGER REFERENCES users(id),
  review        TEXT NOT NULL DEFAULT 'none' CHECK (review IN ('none', 'submitted', 'returned')),
  submitted_at  INTEGER,
  note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  note_by       INTEGER REFERENCES users(id),
  note_at       INTEGER
);
CREATE INDEX article_desk_queue ON article_desk (review, submitted_at) WHERE review = 'submitted';

-- Who made each existing article: the account of its first revision.
INSERT INTO article_desk (article_id, owner_id)
  SELECT r.article_id, r.user_id FROM revisions r
  WHERE r.user_id IS NOT NULL
    AND r.id = (SELECT min(id) FROM revisions WHERE article_id = r.article_id);

-- What the newsroom did: publishes, unpublishes, user and role changes, front-page changes
-- (logins and failed ones are the sessions file's login log, which /admin/audit merges in). user_name is kept as text: the record outlives a renamed account. Pruned by
-- age (audit_keep_days in the configuration) as new rows come.
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  user_id    INTEGER,
  user_name  TEXT NOT NULL,
  address    TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
  detail     TEXT NOT NULL DEFAULT '' CHECK (length(detail) <= 500)
);
CREATE INDEX audit_log_by_time ON audit_log (at);

-- Whoever writes an article's first revision owns it, in the same transaction.
CREATE TRIGGER desk_owner AFTER INSERT ON revisions WHEN new.action = 'created' BEGIN
  INSERT INTO article_desk (article_id, owner_id) VALUES (new.article_id, new.user_id)
    ON CONFLICT (article_id) DO NOTHING; END;
