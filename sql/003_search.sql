-- newsdesk schema version 3: full-text search over headlines, intros and bodies (FTS5), kept
-- in step with the articles and their blocks by triggers.

CREATE VIRTUAL TABLE search USING fts5(
  headline, intro, body,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- The searchable body of an article: its blocks' text, box names and bylines, in order.
CREATE VIEW search_body (article_id, body) AS
  SELECT a.id, coalesce((SELECT group_concat(t, ' ') FROM
    (SELECT b.text || ' ' || b.name || ' ' || b.byline AS t FROM blocks b
     WHERE b.article_id = a.id ORDER BY b.position)), '')
  FROM articles a;

CREATE TRIGGER search_article_insert AFTER INSERT ON articles BEGIN
  INSERT INTO search (rowid, headline, intro, body) VALUES (new.id, new.headline, new.intro, '');
END;
CREATE TRIGGER search_article_update AFTER UPDATE OF headline, intro ON articles BEGIN
  UPDATE search SET headline = new.headline, intro = new.intro WHERE rowid = new.id;
END;
CREATE TRIGGER search_article_delete AFTER DELETE ON articles BEGIN
  DELETE FROM search WHERE rowid = old.id;
END;
CREATE TRIGGER search_block_insert AFTER INSERT ON blocks BEGIN
  UPDATE search SET body = (SELECT body FROM search_body WHERE article_id = new.article_id)
  WHERE rowid = new.article_id;
END;
CREATE TRIGGER search_block_update AFTER UPDATE ON blocks BEGIN
  UPDATE search SET body = (SELECT body FROM search_body WHERE article_id = new.article_id)
  WHERE rowid = new.article_id;
END;
CREATE TRIGGER search_block_delete AFTER DELETE ON blocks BEGIN
  UPDATE search SET body = (SELECT body FROM search_body WHERE article_id = old.article_id)
  WHERE rowid = old.article_id;
END;

INSERT INTO search (rowid, headline, intro, body)
  SELECT a.id, a.headline, a.intro, s.body FROM articles a JOIN search_body s ON s.article_id = a.id;

-- Scheduled publishing is decided at request time: the next article to appear bounds caching.
CREATE INDEX articles_by_status_time ON articles (status, published_at);
