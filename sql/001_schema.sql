-- newsdesk schema version 1: sections, articles, their blocks, related links and promos.
-- Times are UTC seconds since the epoch. Text is UTF-8, validated before it gets here.

CREATE TABLE sections (
  id        INTEGER PRIMARY KEY,
  slug      TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 64),
  name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  position  INTEGER NOT NULL
);

CREATE TABLE articles (
  id             INTEGER PRIMARY KEY,
  section_id     INTEGER NOT NULL REFERENCES sections(id),
  slug           TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 100),
  headline       TEXT NOT NULL CHECK (length(headline) BETWEEN 1 AND 300),
  intro          TEXT NOT NULL,
  image_url      TEXT NOT NULL DEFAULT '',
  image_alt      TEXT NOT NULL DEFAULT '',
  image_caption  TEXT NOT NULL DEFAULT '',
  sponsor        TEXT NOT NULL DEFAULT '',   -- the sponsor slot beside the Print link
  sponsor_url    TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'published', 'unpublished')),
  published_at   INTEGER,                    -- first visible to readers; may be in the future
  updated_at     INTEGER NOT NULL,           -- "Page last updated at"
  UNIQUE (section_id, slug)
);
CREATE INDEX articles_by_section_time ON articles (section_id, published_at DESC);
CREATE INDEX articles_by_time ON articles (published_at DESC);

-- Body blocks in order. kind decides which columns mean something:
--   paragraph: text
--   box:       image_url (portrait), name (portrait alt), byline, text (paragraphs split on blank lines)
--   media:     media_url, image_url (poster), text (caption)
CREATE TABLE blocks (
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('paragraph', 'box', 'media')),
  text        TEXT NOT NULL DEFAULT '',
  image_url   TEXT NOT NULL DEFAULT '',
  name        TEXT NOT NULL DEFAULT '',
  byline      TEXT NOT NULL DEFAULT '',
  media_url   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (article_id, position)
) WITHOUT ROWID;

CREATE TABLE related_links (
  article_id          INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  position            INTEGER NOT NULL,
  source              TEXT NOT NULL,
  title               TEXT NOT NULL,
  url                 TEXT NOT NULL,
  published_at        INTEGER NOT NULL,
  needs_registration  INTEGER NOT NULL DEFAULT 0 CHECK (needs_registration IN (0, 1)),
  PRIMARY KEY (article_id, position)
) WITHOUT ROWID;

-- Promos: links to other stories shown under an article. An article's own list wins;
-- an article without one shows the site-wide list (article_id 0 is not used: see site_promos).
CREATE TABLE article_promos (
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  promo_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, position)
) WITHOUT ROWID;

CREATE TABLE site_promos (
  position  INTEGER PRIMARY KEY,
  promo_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
