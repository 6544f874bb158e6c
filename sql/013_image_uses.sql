-- newsdesk schema version 14: where an image is used, found by index. The media item's list of
-- uses and the delete check read articles, blocks and people through partial indexes of the
-- uploaded images' addresses by 'HASH/' (characters 9 to 41 of /photos/HASH/W.jpg), each in
-- article (or person) order, and revisions through revision_images, the hashes each revision
-- names, kept by a trigger as revisions are written.
CREATE INDEX articles_by_photo ON articles (substr(image_url, 9, 33)) WHERE image_url GLOB '/photos/*';
CREATE INDEX blocks_by_photo ON blocks (substr(image_url, 9, 33)) WHERE image_url GLOB '/photos/*';
CREATE INDEX people_by_photo ON people (substr(portrait_url, 9, 33))
  WHERE portrait_url GLOB '/photos/*';

CREATE TABLE revision_images (
  hash         TEXT NOT NULL,
  revision_id  INTEGER NOT NULL REFERENCES revisions(id) ON DELETE CASCADE,
  PRIMARY KEY (hash, revision_id)
) WITHOUT ROWID;
CREATE INDEX revision_images_by_revision ON revision_images (revision_id);

-- Every text in the revision's JSON that holds an uploaded image's address (image fields, and
-- any other text that names one: the old check looked anywhere in the content).
CREATE TRIGGER revision_images_add AFTER INSERT ON revisions BEGIN
  INSERT OR IGNORE INTO revision_images (hash, revision_id)
    SELECT h, new.id FROM (SELECT substr(value, instr(value, '/photos/') + 8, 32) AS h
                           FROM json_tree(new.content)
                           WHERE type = 'text' AND instr(value, '/photos/') > 0)
    WHERE length(h) = 32 AND h NOT GLOB '*[^0-9a-f]*'; END;

INSERT OR IGNORE INTO revision_images (hash, revision_id)
  SELECT h, id FROM (SELECT r.id, substr(t.value, instr(t.value, '/photos/') + 8, 32) AS h
                     FROM revisions r, json_tree(r.content) t
                     WHERE instr(r.content, '/photos/') > 0 AND t.type = 'text'
                       AND instr(t.value, '/photos/') > 0)
  WHERE length(h) = 32 AND h NOT GLOB '*[^0-9a-f]*';
