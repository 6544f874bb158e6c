-- newsdesk schema version 9: the newsroom's content. People (authors) and their bylines on
-- articles, topics (tags) with old slugs that redirect, and corrections and updates appended to
-- published articles. Author and topic pages list their published articles newest first at any
-- depth for the same cost as section pages (sql/006_lists_at_scale.sql): owner_lists holds the
-- published articles of each person and topic in list order, owner_spans counts them per span of
-- time, both kept by triggers.

CREATE TABLE people (
  id            INTEGER PRIMARY KEY,
  slug          TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 100),
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role_title    TEXT NOT NULL DEFAULT '' CHECK (length(role_title) <= 200),  -- "BBC News, Jalalabad"
  bio           TEXT NOT NULL DEFAULT '' CHECK (length(bio) <= 2000),
  portrait_url  TEXT NOT NULL DEFAULT '',   -- an address, as the article form's images are
  user_id       INTEGER UNIQUE REFERENCES users(id) ON DELETE SET NULL,  -- the account, if any
  updated_at    INTEGER NOT NULL
);

-- An article's bylines, in order (position from 1).
CREATE TABLE bylines (
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  person_id   INTEGER NOT NULL REFERENCES people(id),
  PRIMARY KEY (article_id, position),
  UNIQUE (article_id, person_id)
) WITHOUT ROWID;
CREATE INDEX bylines_by_person ON bylines (person_id);

CREATE TABLE topics (
  id    INTEGER PRIMARY KEY,
  slug  TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 100),
  name  TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100)
);

-- A renamed or merged topic's old slug answers with a redirect to the topic it is now.
CREATE TABLE topic_redirects (
  old_slug  TEXT PRIMARY KEY,
  topic_id  INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE article_topics (
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  topic_id    INTEGER NOT NULL REFERENCES topics(id),
  PRIMARY KEY (article_id, position),
  UNIQUE (article_id, topic_id)
) WITHOUT ROWID;
CREATE INDEX article_topics_by_topic ON article_topics (topic_id);

-- Corrections and updates readers see at the end of an article. Never edited: a change is a
-- new note (the trigger below refuses an UPDATE), so what readers were told stays on record.
CREATE TABLE corrections (
  id          INTEGER PRIMARY KEY,
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('correction', 'update')),
  text        TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  created_at  INTEGER NOT NULL,
  user_id     INTEGER REFERENCES users(id)
);
CREATE INDEX corrections_by_article ON corrections (article_id, created_at, id);
CREATE TRIGGER corrections_never_edited BEFORE UPDATE ON corrections BEGIN
  SELECT RAISE(ABORT, 'a correction is never edited: append a new one');
END;

-- The published articles of each person (kind 1) and topic (kind 2), in list order.
CREATE TABLE owner_lists (
  kind          INTEGER NOT NULL CHECK (kind IN (1, 2)),
  owner         INTEGER NOT NULL,
  published_at  INTEGER NOT NULL,
  article_id    INTEGER NOT NULL,
  PRIMARY KEY (kind, owner, published_at, article_id)
) WITHOUT ROWID;
CREATE INDEX owner_lists_by_article ON owner_lists (article_id);

-- How many of them fall in each span of time (levels as in list_spans: span_levels).
CREATE TABLE owner_spans (
  kind   INTEGER NOT NULL,
  owner  INTEGER NOT NULL,
  level  INTEGER NOT NULL,
  start  INTEGER NOT NULL,
  n      INTEGER NOT NULL CHECK (n > 0),
  PRIMARY KEY (kind, owner, level, start)
) WITHOUT ROWID;

CREATE TRIGGER owner_spans_insert AFTER INSERT ON owner_lists BEGIN
  INSERT INTO owner_spans (kind, owner, level, start, n)
    SELECT new.kind, new.owner, level, (new.published_at >> level) << level, 1 FROM span_levels
    WHERE true ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER owner_spans_delete AFTER DELETE ON owner_lists BEGIN
  DELETE FROM owner_spans WHERE kind = old.kind AND owner = old.owner AND n = 1
    AND (level, start) IN (SELECT level, (old.published_at >> level) << level FROM span_levels);
  UPDATE owner_spans SET n = n - 1 WHERE kind = old.kind AND owner = old.owner AND n > 1
    AND (level, start) IN (SELECT level, (old.published_at >> level) << level FROM span_levels);
END;

CREATE TRIGGER owner_lists_byline_insert AFTER INSERT ON bylines BEGIN
  INSERT OR IGNORE INTO owner_lists (kind, owner, published_at, article_id)
    SELECT 1, new.person_id, published_at, id FROM articles
    WHERE id = new.article_id AND status = 'published' AND published_at IS NOT NULL;
END;
CREATE TRIGGER owner_lists_byline_delete AFTER DELETE ON bylines BEGIN
  DELETE FROM owner_lists WHERE kind = 1 AND owner = old.person_id AND article_id = old.article_id;
END;
CREATE TRIGGER owner_lists_byline_update AFTER UPDATE OF person_id, article_id ON bylines BEGIN
  DELETE FROM owner_lists WHERE kind = 1 AND owner = old.person_id AND article_id = old.article_id;
  INSERT OR IGNORE INTO owner_lists (kind, owner, published_at, article_id)
    SELECT 1, new.person_id, published_at, id FROM articles
    WHERE id = new.article_id AND status = 'published' AND published_at IS NOT NULL;
END;
CREATE TRIGGER owner_lists_topic_insert AFTER INSERT ON article_topics BEGIN
  INSERT OR IGNORE INTO owner_lists (kind, owner, published_at, article_id)
    SELECT 2, new.topic_id, published_at, id FROM articles
    WHERE id = new.article_id AND status = 'published' AND published_at IS NOT NULL;
END;
CREATE TRIGGER owner_lists_topic_delete AFTER DELETE ON article_topics BEGIN
  DELETE FROM owner_lists WHERE kind = 2 AND owner = old.topic_id AND article_id = old.article_id;
END;
CREATE TRIGGER owner_lists_topic_update AFTER UPDATE OF topic_id, article_id ON article_topics BEGIN
  DELETE FROM owner_lists WHERE kind = 2 AND owner = old.topic_id AND article_id = old.article_id;
  INSERT OR IGNORE INTO owner_lists (kind, owner, published_at, article_id)
    SELECT 2, new.topic_id, published_at, id FROM articles
    WHERE id = new.article_id AND status = 'published' AND published_at IS NOT NULL;
END;
CREATE TRIGGER owner_lists_article_update AFTER UPDATE OF status, published_at ON articles
WHEN old.status IS NOT new.status OR old.published_at IS NOT new.published_at BEGIN
  DELETE FROM owner_lists WHERE article_id = old.id;
  INSERT OR IGNORE INTO owner_lists (kind, owner, published_at, article_id)
    SELECT 1, person_id, new.published_at, new.id FROM bylines
    WHERE article_id = new.id AND new.status = 'published' AND new.published_at IS NOT NULL;
  INSERT OR IGNORE INTO owner_lists (kind, owner, published_at, article_id)
    SELECT 2, topic_id, new.published_at, new.id FROM article_topics
    WHERE article_id = new.id AND new.status = 'published' AND new.published_at IS NOT NULL;
END;
CREATE TRIGGER owner_lists_article_delete AFTER DELETE ON articles BEGIN
  DELETE FROM owner_lists WHERE article_id = old.id;
END;

-- What readers see moves the page cache's version and Last-Modified on (as in 005).
CREATE TRIGGER changed_people_insert AFTER INSERT ON people BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_people_update AFTER UPDATE ON people BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_people_delete AFTER DELETE ON people BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_bylines_insert AFTER INSERT ON bylines BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_bylines_update AFTER UPDATE ON bylines BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_bylines_delete AFTER DELETE ON bylines BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_topics_insert AFTER INSERT ON topics BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_topics_update AFTER UPDATE ON topics BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_topics_delete AFTER DELETE ON topics BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_article_topics_insert AFTER INSERT ON article_topics BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_article_topics_update AFTER UPDATE ON article_topics BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_article_topics_delete AFTER DELETE ON article_topics BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_corrections_insert AFTER INSERT ON corrections BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_corrections_delete AFTER DELETE ON corrections BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;

-- Paragraphs and box texts may hold CommonMark (src/core/markup.c): search indexes their words,
-- kept here by the editor as it saves (NULL: the text is plain, and is its own words).
ALTER TABLE blocks ADD COLUMN plain TEXT;
DROP VIEW search_body;
CREATE VIEW search_body (article_id, body) AS
  SELECT a.id, coalesce((SELECT group_concat(t, ' ') FROM
    (SELECT coalesce(b.plain, b.text) || ' ' || b.name || ' ' || b.byline AS t FROM blocks b
     WHERE b.article_id = a.id ORDER BY b.position)), '')
  FROM articles a;

-- The front page editors choose: each save is a new version (who, when); the newest is shown.
-- Position 0 is the lead, then the top stories in order; a scheduled article shows in its slot
-- once it is due, and the newest stories fill the slots left.
CREATE TABLE front_pages (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER REFERENCES users(id),
  created_at  INTEGER NOT NULL
);
CREATE TABLE front_page_slots (
  front_page_id  INTEGER NOT NULL REFERENCES front_pages(id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (front_page_id, position)
) WITHOUT ROWID;
CREATE TRIGGER changed_front_pages_insert AFTER INSERT ON front_pages BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_front_page_slots_insert AFTER INSERT ON front_page_slots BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
CREATE TRIGGER changed_front_page_slots_delete AFTER DELETE ON front_page_slots BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
