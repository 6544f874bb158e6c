-- newsdesk schema version 7: the media library. One row per uploaded image, named by the hash of
-- the bytes the editor uploaded; its files (renditions at each width in WebP and JPEG, the
-- stripped original) live under the media directory as photos/HASH/..., made once at upload.
-- Pages refer to an image by one of its addresses (/photos/HASH/W.jpg) in the image fields they
-- already have, so an address typed by hand keeps working beside them.
CREATE TABLE images (
  id           INTEGER PRIMARY KEY,
  hash         TEXT NOT NULL UNIQUE CHECK (length(hash) = 32 AND hash NOT GLOB '*[^0-9a-f]*'),
  width        INTEGER NOT NULL CHECK (width BETWEEN 1 AND 100000),    -- upright, as shown
  height       INTEGER NOT NULL CHECK (height BETWEEN 1 AND 100000),
  format       TEXT NOT NULL CHECK (format IN ('jpeg', 'png', 'webp', 'gif', 'heif')),
  bytes        INTEGER NOT NULL CHECK (bytes >= 0),                   -- the upload's size
  widths       INTEGER NOT NULL CHECK (widths BETWEEN 1 AND 31),      -- bit i: photo_widths[i] made
  alpha        INTEGER NOT NULL DEFAULT 0 CHECK (alpha IN (0, 1)),
  alt          TEXT NOT NULL DEFAULT '' CHECK (length(alt) <= 500),
  caption      TEXT NOT NULL DEFAULT '' CHECK (length(caption) <= 500),
  credit       TEXT NOT NULL DEFAULT '' CHECK (length(credit) <= 200),
  uploaded_by  TEXT NOT NULL DEFAULT '',                              -- the editor's name
  uploaded_at  INTEGER NOT NULL
);
CREATE INDEX images_newest ON images (uploaded_at DESC, id DESC);

-- An image's texts show on every page that uses it: a change empties the page cache.
CREATE TRIGGER images_texts_changed AFTER UPDATE OF alt, caption, credit ON images BEGIN
  UPDATE site_state SET changed_at = max(changed_at, unixepoch()), version = version + 1; END;
