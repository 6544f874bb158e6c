-- newsdesk schema version 11: a reporter's article list reads their own articles by owner.
CREATE INDEX article_desk_by_owner ON article_desk (owner_id) WHERE owner_id IS NOT NULL;
