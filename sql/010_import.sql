-- newsdesk schema version 10 (import): what an import brought in and from where, so a re-run
-- updates instead of duplicating and a killed run resumes; the old addresses of imported posts,
-- which answer with a redirect; and what waits for tables this schema does not have yet
-- (topics, people, the media library): kept here so mapping them later loses nothing.

-- Every item of a WordPress export once seen, by the export's site and the item's id. An item
-- that became an article names it; an attachment keeps its address (or the copy's path).
CREATE TABLE import_items (
  site         TEXT NOT NULL,              -- the export's base_site_url
  wp_id        INTEGER NOT NULL,
  guid         TEXT NOT NULL,
  kind         TEXT NOT NULL,              -- post, page, attachment
  article_id   INTEGER REFERENCES articles(id) ON DELETE SET NULL,
  url          TEXT NOT NULL DEFAULT '',   -- attachments: the address readers get
  alt          TEXT NOT NULL DEFAULT '',   -- attachments: _wp_attachment_image_alt
  caption      TEXT NOT NULL DEFAULT '',   -- attachments: the excerpt
  thumbnail_id INTEGER NOT NULL DEFAULT 0, -- posts: _thumbnail_id, resolved at the end of a run
  PRIMARY KEY (site, wp_id)
) WITHOUT ROWID;
CREATE INDEX import_items_by_article ON import_items (article_id) WHERE article_id IS NOT NULL;

-- An old address, percent-decoded and without its trailing slash ('/2010/04/15/slug'), or a
-- plain permalink's query ('/?p=123', '/?page_id=7'): 301 to the article's current address.
CREATE TABLE legacy_paths (
  path        TEXT PRIMARY KEY,
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX legacy_paths_by_article ON legacy_paths (article_id);

-- Tags, categories past the first, authors and body images, per article, until topics, people
-- and the media library exist to take them (kind: tag, category, author, image).
CREATE TABLE import_pending (
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('tag', 'category', 'author', 'image')),
  position    INTEGER NOT NULL,
  value       TEXT NOT NULL,                -- a slug, a login, an image's address
  label       TEXT NOT NULL DEFAULT '',     -- its name, display name or alt text
  detail      TEXT NOT NULL DEFAULT '',     -- an image's caption
  PRIMARY KEY (article_id, kind, position)
) WITHOUT ROWID;

-- One run per export file: how far it got, committed with each batch, so the next run of the
-- same file goes on from there.
CREATE TABLE import_runs (
  id           INTEGER PRIMARY KEY,
  file_key     TEXT NOT NULL,      -- the file's size and a hash of its start and end
  started_at   INTEGER NOT NULL,
  finished_at  INTEGER,            -- NULL: stopped before the end
  items_done   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX import_runs_by_file ON import_runs (file_key, id DESC);
