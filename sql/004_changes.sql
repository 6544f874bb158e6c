-- newsdesk schema version 4: when anything readers can see last changed, including removals
-- (an unpublished article, a renamed section), which no row left on a page remembers. It keeps
-- Last-Modified honest for If-Modified-Since. Kept by triggers, so edits from any tool count.

CREATE TABLE site_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  changed_at  INTEGER NOT NULL            -- UTC seconds; 0: nothing changed since creation
);
INSERT INTO site_state (id, changed_at) VALUES (1, 0);

CREATE TRIGGER changed_articles_insert AFTER INSERT ON articles BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_articles_update AFTER UPDATE ON articles BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_articles_delete AFTER DELETE ON articles BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_blocks_insert AFTER INSERT ON blocks BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_blocks_update AFTER UPDATE ON blocks BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_blocks_delete AFTER DELETE ON blocks BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_links_insert AFTER INSERT ON related_links BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_links_update AFTER UPDATE ON related_links BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_links_delete AFTER DELETE ON related_links BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_promos_insert AFTER INSERT ON article_promos BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_promos_delete AFTER DELETE ON article_promos BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_site_promos_insert AFTER INSERT ON site_promos BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_site_promos_delete AFTER DELETE ON site_promos BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_sections_insert AFTER INSERT ON sections BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_sections_update AFTER UPDATE ON sections BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;
CREATE TRIGGER changed_sections_delete AFTER DELETE ON sections BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()); END;

-- A section's old slug answers with a redirect to its current page, as its articles' do.
CREATE TABLE section_redirects (
  old_slug    TEXT PRIMARY KEY,
  section_id  INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE
) WITHOUT ROWID;
