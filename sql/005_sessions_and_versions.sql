-- newsdesk schema version 5: sessions, login throttling and the login log move to their own
-- file beside the database (see sql/sessions.sql), so that a login's writes never touch the
-- content readers' caches depend on, nor wait on an editor's save. Editors log in again once.
-- And site_state counts the changes readers can see, for the page cache (at the end).
-- A password change or a disabled account moves the user's session epoch on: every session made
-- before it ends, in the same statement that changes the account.

ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

DROP TABLE sessions;
DROP TABLE login_throttle;

-- Login attempts before version 5, kept as they were; newer ones are in the sessions file.
ALTER TABLE login_log RENAME TO login_history;

-- Names this database, so a sessions file left beside another one (after init --force or a
-- restore from elsewhere) is recognised and emptied instead of trusted.
CREATE TABLE store_identity (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  token  BLOB NOT NULL
);
INSERT INTO store_identity (id, token) VALUES (1, randomblob(16));

-- A counter of changes readers can see, moved on by the same triggers as changed_at: the page
-- cache compares it across connections (PRAGMA data_version cannot be compared), and a write
-- readers cannot see (an account, a revision) moves neither.
ALTER TABLE site_state ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER changed_articles_insert;
CREATE TRIGGER changed_articles_insert AFTER INSERT ON articles BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_articles_update;
CREATE TRIGGER changed_articles_update AFTER UPDATE ON articles BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_articles_delete;
CREATE TRIGGER changed_articles_delete AFTER DELETE ON articles BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_blocks_insert;
CREATE TRIGGER changed_blocks_insert AFTER INSERT ON blocks BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_blocks_update;
CREATE TRIGGER changed_blocks_update AFTER UPDATE ON blocks BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_blocks_delete;
CREATE TRIGGER changed_blocks_delete AFTER DELETE ON blocks BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_links_insert;
CREATE TRIGGER changed_links_insert AFTER INSERT ON related_links BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_links_update;
CREATE TRIGGER changed_links_update AFTER UPDATE ON related_links BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_links_delete;
CREATE TRIGGER changed_links_delete AFTER DELETE ON related_links BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_promos_insert;
CREATE TRIGGER changed_promos_insert AFTER INSERT ON article_promos BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_promos_delete;
CREATE TRIGGER changed_promos_delete AFTER DELETE ON article_promos BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_site_promos_insert;
CREATE TRIGGER changed_site_promos_insert AFTER INSERT ON site_promos BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_site_promos_delete;
CREATE TRIGGER changed_site_promos_delete AFTER DELETE ON site_promos BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_sections_insert;
CREATE TRIGGER changed_sections_insert AFTER INSERT ON sections BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_sections_update;
CREATE TRIGGER changed_sections_update AFTER UPDATE ON sections BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
DROP TRIGGER changed_sections_delete;
CREATE TRIGGER changed_sections_delete AFTER DELETE ON sections BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
