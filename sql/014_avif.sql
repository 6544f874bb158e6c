-- newsdesk schema version 15: whether an image has AVIF renditions beside its WebP and JPEG ones
-- (made at upload since this version; images uploaded before have none, and pages name AVIF only
-- for those that have them, so nothing points at a missing file).
ALTER TABLE images ADD COLUMN avif INTEGER NOT NULL DEFAULT 0 CHECK (avif IN (0, 1));
