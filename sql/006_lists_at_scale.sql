-- newsdesk schema version 6: lists that cost the same at 100,000 articles as at 30, whatever the
-- page number, without ANALYZE. Indexes that answer each list in its order; counts of articles
-- per span of time kept by triggers, so that a total or the start of page 800 is found by adding
-- up a few dozen spans instead of counting or skipping thousands of rows; and a search index that
-- holds only the articles readers can be shown.

-- Each list in the order it is shown. Partial indexes: only status = 'published' rows, the only
-- ones readers see (the queries say status = 'published' in so many words, so they qualify).
DROP INDEX articles_by_section_time;
DROP INDEX articles_by_time;
DROP INDEX articles_by_status_time;
CREATE INDEX articles_published_by_section ON articles (section_id, published_at DESC, id DESC)
  WHERE status = 'published';
CREATE INDEX articles_published ON articles (published_at DESC, id DESC)
  WHERE status = 'published';
-- The admin's list: newest change first, filtered by section, status or both.
CREATE INDEX articles_by_change ON articles (coalesce(edited_at, updated_at) DESC, id DESC);
CREATE INDEX articles_by_section_change
  ON articles (section_id, coalesce(edited_at, updated_at) DESC, id DESC);
CREATE INDEX articles_by_status_change
  ON articles (status, coalesce(edited_at, updated_at) DESC, id DESC);
CREATE INDEX articles_by_section_status_change
  ON articles (section_id, status, coalesce(edited_at, updated_at) DESC, id DESC);

-- How many articles of a list fall in each span of time, per section and status. List 1: the
-- published articles by published_at (readers' section pages); list 2: every article by its last
-- change, coalesce(edited_at, updated_at) (the admin's list). A span of level L starts at a
-- multiple of 2^L seconds: level 16 (18 hours) inside level 21 (24 days) inside level 62 (all
-- time: the totals). Positions are found by walking the spans newest first (src/store/spans.c).
CREATE TABLE span_levels (level INTEGER PRIMARY KEY);
INSERT INTO span_levels (level) VALUES (16), (21), (62);

CREATE TABLE list_spans (
  list        INTEGER NOT NULL CHECK (list IN (1, 2)),
  level       INTEGER NOT NULL,
  start       INTEGER NOT NULL,     -- UTC seconds, a multiple of 2^level
  section_id  INTEGER NOT NULL,
  status      TEXT NOT NULL,
  n           INTEGER NOT NULL CHECK (n > 0),
  PRIMARY KEY (list, level, start, section_id, status)
) WITHOUT ROWID;

INSERT INTO list_spans (list, level, start, section_id, status, n)
  SELECT 1, l.level, (a.published_at >> l.level) << l.level, a.section_id, a.status, count(*)
  FROM articles a, span_levels l WHERE a.status = 'published' AND a.published_at IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5;
INSERT INTO list_spans (list, level, start, section_id, status, n)
  SELECT 2, l.level, (coalesce(a.edited_at, a.updated_at) >> l.level) << l.level, a.section_id,
         a.status, count(*)
  FROM articles a, span_levels l GROUP BY 1, 2, 3, 4, 5;

-- One article in or out of its spans: list 1 while published with a time, list 2 always.
CREATE TRIGGER spans_insert AFTER INSERT ON articles BEGIN
  INSERT INTO list_spans (list, level, start, section_id, status, n)
    SELECT 1, level, (new.published_at >> level) << level, new.section_id, new.status, 1
    FROM span_levels WHERE new.status = 'published' AND new.published_at IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO list_spans (list, level, start, section_id, status, n)
    SELECT 2, level, (coalesce(new.edited_at, new.updated_at) >> level) << level, new.section_id,
           new.status, 1
    FROM span_levels WHERE true
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER spans_delete AFTER DELETE ON articles BEGIN
  DELETE FROM list_spans WHERE old.status = 'published' AND old.published_at IS NOT NULL
    AND list = 1 AND section_id = old.section_id AND status = old.status
    AND (level, start) IN (SELECT level, (old.published_at >> level) << level FROM span_levels)
    AND n = 1;
  UPDATE list_spans SET n = n - 1 WHERE old.status = 'published' AND old.published_at IS NOT NULL
    AND list = 1 AND section_id = old.section_id AND status = old.status
    AND (level, start) IN (SELECT level, (old.published_at >> level) << level FROM span_levels)
    AND n > 1;
  DELETE FROM list_spans WHERE list = 2 AND section_id = old.section_id
    AND status = old.status AND (level, start) IN
      (SELECT level, (coalesce(old.edited_at, old.updated_at) >> level) << level FROM span_levels)
    AND n = 1;
  UPDATE list_spans SET n = n - 1 WHERE list = 2 AND section_id = old.section_id
    AND status = old.status AND (level, start) IN
      (SELECT level, (coalesce(old.edited_at, old.updated_at) >> level) << level FROM span_levels)
    AND n > 1;
END;

-- An update is the old row leaving its spans and the new one joining its own.
CREATE TRIGGER spans_update AFTER UPDATE OF section_id, status, published_at, edited_at, updated_at
ON articles WHEN old.section_id IS NOT new.section_id OR old.status IS NOT new.status
  OR old.published_at IS NOT new.published_at
  OR coalesce(old.edited_at, old.updated_at) IS NOT coalesce(new.edited_at, new.updated_at)
BEGIN
  DELETE FROM list_spans WHERE old.status = 'published' AND old.published_at IS NOT NULL
    AND list = 1 AND section_id = old.section_id AND status = old.status
    AND (level, start) IN (SELECT level, (old.published_at >> level) << level FROM span_levels)
    AND n = 1;
  UPDATE list_spans SET n = n - 1 WHERE old.status = 'published' AND old.published_at IS NOT NULL
    AND list = 1 AND section_id = old.section_id AND status = old.status
    AND (level, start) IN (SELECT level, (old.published_at >> level) << level FROM span_levels)
    AND n > 1;
  DELETE FROM list_spans WHERE list = 2 AND section_id = old.section_id
    AND status = old.status AND (level, start) IN
      (SELECT level, (coalesce(old.edited_at, old.updated_at) >> level) << level FROM span_levels)
    AND n = 1;
  UPDATE list_spans SET n = n - 1 WHERE list = 2 AND section_id = old.section_id
    AND status = old.status AND (level, start) IN
      (SELECT level, (coalesce(old.edited_at, old.updated_at) >> level) << level FROM span_levels)
    AND n > 1;
  INSERT INTO list_spans (list, level, start, section_id, status, n)
    SELECT 1, level, (new.published_at >> level) << level, new.section_id, new.status, 1
    FROM span_levels WHERE new.status = 'published' AND new.published_at IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO list_spans (list, level, start, section_id, status, n)
    SELECT 2, level, (coalesce(new.edited_at, new.updated_at) >> level) << level, new.section_id,
           new.status, 1
    FROM span_levels WHERE true
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- The sitemap of articles is split by id, 250 ids a file (SITEMAP_FILE_IDS in src/store/model.h):
-- file k holds the visible articles with an id in [(k - 1) * 250, k * 250). A file is listed in
-- the index once its first article is visible; kept here so the index reads one row a file.
CREATE TABLE sitemap_files (
  file               INTEGER PRIMARY KEY,
  first_published_at INTEGER NOT NULL    -- the earliest publish time of its published articles
);
INSERT INTO sitemap_files (file, first_published_at)
  SELECT id / 250 + 1, min(published_at) FROM articles
  WHERE status = 'published' AND published_at IS NOT NULL GROUP BY 1;

-- An article's file, worked out again from its at most 250 rows ('+status': by id, not status).
CREATE TRIGGER sitemap_files_insert AFTER INSERT ON articles
WHEN new.status = 'published' AND new.published_at IS NOT NULL BEGIN
  INSERT INTO sitemap_files (file, first_published_at) VALUES (new.id / 250 + 1, new.published_at)
    ON CONFLICT DO UPDATE SET first_published_at = min(first_published_at, new.published_at);
END;
CREATE TRIGGER sitemap_files_delete AFTER DELETE ON articles
WHEN old.status = 'published' AND old.published_at IS NOT NULL BEGIN
  DELETE FROM sitemap_files WHERE file = old.id / 250 + 1;
  INSERT INTO sitemap_files (file, first_published_at)
    SELECT old.id / 250 + 1, min(published_at) FROM articles
    WHERE id >= old.id / 250 * 250 AND id < (old.id / 250 + 1) * 250
      AND +status = 'published' AND published_at IS NOT NULL
    HAVING min(published_at) IS NOT NULL;
END;
CREATE TRIGGER sitemap_files_update AFTER UPDATE OF status, published_at ON articles
WHEN old.status IS NOT new.status OR old.published_at IS NOT new.published_at BEGIN
  DELETE FROM sitemap_files WHERE file = new.id / 250 + 1;
  INSERT INTO sitemap_files (file, first_published_at)
    SELECT new.id / 250 + 1, min(published_at) FROM articles
    WHERE id >= new.id / 250 * 250 AND id < (new.id / 250 + 1) * 250
      AND +status = 'published' AND published_at IS NOT NULL
    HAVING min(published_at) IS NOT NULL;
END;

-- The search index holds only published articles, each under a key that sorts as readers' lists
-- do: published_at * 2^24 + id (ids below 2^24). Visible now is then a range of keys
-- (key < (now + 1) * 2^24), which FTS5 answers inside its own index, so counting and ranking a
-- frequent word never look up the articles table; and newest first is descending key order.
-- Article ids stop at 12,499,749: past that, the sitemap index (49,999 files of 250 ids beside
-- the sections' file) could not list them all, and past 2^24 two articles would share a search
-- key. AFTER INSERT: before it, an id SQLite assigns itself is still -1.
CREATE TRIGGER articles_id_limit AFTER INSERT ON articles
WHEN new.id >= 12499750 BEGIN
  SELECT RAISE(ABORT, 'article ids stop at 12499749 (the sitemap index and the search keys hold no more)');
END;
CREATE TRIGGER articles_id_limit_update BEFORE UPDATE OF id ON articles
WHEN new.id >= 12499750 BEGIN
  SELECT RAISE(ABORT, 'article ids stop at 12499749 (the sitemap index and the search keys hold no more)');
END;

DROP TRIGGER search_article_insert;
DROP TRIGGER search_article_update;
DROP TRIGGER search_article_delete;
DROP TRIGGER search_block_insert;
DROP TRIGGER search_block_update;
DROP TRIGGER search_block_delete;
DROP TABLE search;
CREATE VIRTUAL TABLE search USING fts5(
  headline, intro, body,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_article_insert AFTER INSERT ON articles
WHEN new.status = 'published' AND new.published_at IS NOT NULL BEGIN
  INSERT INTO search (rowid, headline, intro, body)
    SELECT new.published_at * 16777216 + new.id, new.headline, new.intro, body
    FROM search_body WHERE article_id = new.id;
END;
CREATE TRIGGER search_article_update AFTER UPDATE OF headline, intro, status, published_at
ON articles BEGIN
  DELETE FROM search WHERE old.status = 'published' AND old.published_at IS NOT NULL
    AND rowid = old.published_at * 16777216 + old.id;
  INSERT INTO search (rowid, headline, intro, body)
    SELECT new.published_at * 16777216 + new.id, new.headline, new.intro, body
    FROM search_body WHERE article_id = new.id
      AND new.status = 'published' AND new.published_at IS NOT NULL;
END;
CREATE TRIGGER search_article_delete AFTER DELETE ON articles
WHEN old.status = 'published' AND old.published_at IS NOT NULL BEGIN
  DELETE FROM search WHERE rowid = old.published_at * 16777216 + old.id;
END;
CREATE TRIGGER search_block_insert AFTER INSERT ON blocks BEGIN
  UPDATE search SET body = (SELECT body FROM search_body WHERE article_id = new.article_id)
  WHERE rowid = (SELECT published_at * 16777216 + id FROM articles
                 WHERE id = new.article_id AND status = 'published');
END;
CREATE TRIGGER search_block_update AFTER UPDATE ON blocks BEGIN
  UPDATE search SET body = (SELECT body FROM search_body WHERE article_id = new.article_id)
  WHERE rowid = (SELECT published_at * 16777216 + id FROM articles
                 WHERE id = new.article_id AND status = 'published');
END;
CREATE TRIGGER search_block_delete AFTER DELETE ON blocks BEGIN
  UPDATE search SET body = (SELECT body FROM search_body WHERE article_id = old.article_id)
  WHERE rowid = (SELECT published_at * 16777216 + id FROM articles
                 WHERE id = old.article_id AND status = 'published');
END;

INSERT INTO search (rowid, headline, intro, body)
  SELECT a.published_at * 16777216 + a.id, a.headline, a.intro, s.body
  FROM articles a JOIN search_body s ON s.article_id = a.id
  WHERE a.status = 'published' AND a.published_at IS NOT NULL;
