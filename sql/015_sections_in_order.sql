-- newsdesk schema version 16: the sections in navigation order by an index, so the navigation
-- every page shows is read in order instead of sorted in a temporary b-tree on every request.
CREATE INDEX sections_in_order ON sections(position, id);
