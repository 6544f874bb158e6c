-- newsdesk schema version 12: an import matches each WordPress tag of every post to a topic by
-- name (any case), as the article form does; an index makes that a lookup, not a scan of every
-- topic.
CREATE INDEX topics_by_name ON topics (name COLLATE NOCASE);
