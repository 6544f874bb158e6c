/* The store for the media library (all its SQL). */
#include "media.h"

#include <string.h>

#include "photo.h"

enum query {
	Q_INSERT, Q_BY_ID, Q_BY_HASH, Q_LIST, Q_SEARCH, Q_PICKABLE, Q_SET_TEXTS, Q_USES, Q_USED,
	Q_DELETE, Q_SET_RENDITIONS, Q_DEMO_SVGS, Q_REPLACE_LEAD, Q_REPLACE_BLOCK, Q_REPLACE_PORTRAIT, Q_DEMO_UNCHANGED, Q__COUNT
};

#define IMAGE_COLUMNS "id, hash, format, alt, caption, credit, uploaded_by, width, height, " \
		      "widths, alpha, bytes, uploaded_at, avif"
/* An image is used where an image field holds one of its addresses, /photos/HASH/...: the
 * terms of the partial indexes sql/013_image_uses.sql makes, written as they are there. */
_Static_assert(sizeof PHOTO_URL_PREFIX - 1 == 8, "sql/013_image_uses.sql indexes from character 9");
#define USES_OF(col) col " GLOB '" PHOTO_URL_PREFIX "*' AND substr(" col ", 9, 33) = ?1 || '/'"
/* An article's use: its id, headline, whether readers see it (?2: now), its owner. */
#define ARTICLE_USE "a.id, a.headline, a.status = 'published' AND a.published_at <= ?2, " \
		    "coalesce(d.owner_id, 0), 0"

static const char *const sql[Q__COUNT] = {
	[Q_INSERT] = "INSERT INTO images (hash, format, width, height, widths, alpha, bytes, alt, "
		     "caption, credit, uploaded_by, uploaded_at, avif) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[Q_BY_ID] = "SELECT " IMAGE_COLUMNS " FROM images WHERE id = ?1",
	[Q_BY_HASH] = "SELECT " IMAGE_COLUMNS " FROM images WHERE hash = ?1",
	[Q_LIST] = "SELECT " IMAGE_COLUMNS " FROM images ORDER BY uploaded_at DESC, id DESC "
		   "LIMIT ?2 OFFSET ?3",
	[Q_SEARCH] = "SELECT " IMAGE_COLUMNS " FROM images WHERE instr(lower(alt || ' ' || caption "
		     "|| ' ' || credit), lower(?1)) > 0 ORDER BY uploaded_at DESC, id DESC "
		     "LIMIT ?2 OFFSET ?3",
	[Q_PICKABLE] = "SELECT " IMAGE_COLUMNS " FROM images WHERE alt != '' "
		       "ORDER BY uploaded_at DESC, id DESC LIMIT 200",
	[Q_SET_TEXTS] = "UPDATE images SET alt = ?2, caption = ?3, credit = ?4 WHERE id = ?1",
	/* each kind of use in its index's order, so only the first 100 of each are read */
	[Q_USES] = "SELECT * FROM (SELECT " ARTICLE_USE ", 'lead image' FROM articles a "
		   "LEFT JOIN article_desk d ON d.article_id = a.id WHERE " USES_OF("a.image_url")
		   " ORDER BY a.id LIMIT 100) UNION ALL SELECT * FROM (SELECT " ARTICLE_USE ", "
		   "CASE b.kind WHEN 'box' THEN 'box portrait' ELSE 'media poster' END FROM blocks b "
		   "JOIN articles a ON a.id = b.article_id LEFT JOIN article_desk d "
		   "ON d.article_id = a.id WHERE " USES_OF("b.image_url") " ORDER BY b.article_id "
		   "LIMIT 100) UNION ALL SELECT * FROM (SELECT id, name, 1, 0, 1, 'portrait' "
		   "FROM people WHERE " USES_OF("portrait_url") " ORDER BY id LIMIT 100) "
		   "ORDER BY 5, 1 LIMIT 100",
	[Q_USED] = "SELECT EXISTS (SELECT 1 FROM articles WHERE " USES_OF("image_url") ") OR "
		   "EXISTS (SELECT 1 FROM blocks WHERE " USES_OF("image_url") ") OR "
		   "EXISTS (SELECT 1 FROM people WHERE " USES_OF("portrait_url") ") OR "
		   "EXISTS (SELECT 1 FROM revision_images WHERE hash = ?1)",
	[Q_DELETE] = "DELETE FROM images WHERE id = ?1",
	/* alt = alt: images_texts_changed (an UPDATE OF alt) moves the content version on in the
	 * same statement, so no cached page keeps naming files the row no longer does */
	[Q_SET_RENDITIONS] = "UPDATE images SET format = ?2, width = ?3, height = ?4, widths = ?5, "
			     "alpha = ?6, avif = ?7, alt = alt WHERE hash = ?1 AND (format, width, "
			     "height, widths, alpha, avif) IS NOT (?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_DEMO_SVGS] = "SELECT url, max(alt) FROM (SELECT image_url AS url, image_alt AS alt FROM "
			"articles UNION ALL SELECT image_url, name FROM blocks UNION ALL SELECT "
			"portrait_url, name FROM people) WHERE url GLOB "
			"'/static/img/*.svg' GROUP BY url ORDER BY url",
	[Q_REPLACE_LEAD] = "UPDATE articles SET image_url = ?2 WHERE image_url = ?1",
	[Q_REPLACE_BLOCK] = "UPDATE blocks SET image_url = ?2 WHERE image_url = ?1",
	[Q_REPLACE_PORTRAIT] = "UPDATE people SET portrait_url = ?2 WHERE portrait_url = ?1",
	/* as sql/demo.sql ends: the demo's times are its own, not the moment it was made */
	[Q_DEMO_UNCHANGED] = "UPDATE site_state SET changed_at = 0",
};

static sqlite3_stmt *stmt(struct db *db, enum query q)
{
	return db_prepare(db, sql[q]);
}

static bool read_image(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct image *m = item;
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(s, 0);
	m->width = sqlite3_column_int(s, 7);
	m->height = sqlite3_column_int(s, 8);
	m->widths = (unsigned)sqlite3_column_int(s, 9);
	m->alpha = sqlite3_column_int(s, 10) != 0;
	m->bytes = sqlite3_column_int64(s, 11);
	m->uploaded_at = sqlite3_column_int64(s, 12);
	m->avif = sqlite3_column_int(s, 13) != 0;
	return (m->hash = db_text(a, s, 1)) && (m->format = db_text(a, s, 2)) &&
	       (m->alt = db_text(a, s, 3)) && (m->caption = db_text(a, s, 4)) &&
	       (m->credit = db_text(a, s, 5)) && (m->uploaded_by = db_text(a, s, 6));
}

enum store_result media_insert(struct db *db, const struct image *m, long long *id)
{
	sqlite3_stmt *s = stmt(db, Q_INSERT);
	enum store_result r = db_run(s, s && db_bind_text(s, 1, m->hash) &&
					db_bind_text(s, 2, m->format) && db_bind_int(s, 3, m->width) &&
					db_bind_int(s, 4, m->height) && db_bind_int(s, 5, m->widths) &&
					db_bind_int(s, 6, m->alpha) && db_bind_int(s, 7, m->bytes) &&
					db_bind_text(s, 8, m->alt) && db_bind_text(s, 9, m->caption) &&
					db_bind_text(s, 10, m->credit) &&
					db_bind_text(s, 11, m->uploaded_by) &&
					db_bind_int(s, 12, m->uploaded_at) &&
					db_bind_int(s, 13, m->avif));
	if (r == STORE_OK) {
		*id = sqlite3_last_insert_rowid(db->conn);
	} else if (r == STORE_TAKEN) {
		struct arena a;
		struct image old;
		arena_init(&a);
		if (media_by_hash(db, &a, m->hash, &old) == STORE_OK)
			*id = old.id;
		arena_free(&a);
	}
	return r;
}

enum store_result media_set_renditions(struct db *db, const struct image *m, bool *changed)
{
	sqlite3_stmt *s = stmt(db, Q_SET_RENDITIONS);
	enum store_result r = db_run(s, s && db_bind_text(s, 1, m->hash) &&
					db_bind_text(s, 2, m->format) && db_bind_int(s, 3, m->width) &&
					db_bind_int(s, 4, m->height) && db_bind_int(s, 5, m->widths) &&
					db_bind_int(s, 6, m->alpha) && db_bind_int(s, 7, m->avif));
	*changed = r == STORE_OK && sqlite3_changes(db->conn) > 0;
	return r;
}

enum store_result media_by_id(struct db *db, struct arena *a, long long id, struct image *out)
{
	sqlite3_stmt *s = stmt(db, Q_BY_ID);
	if (!s || !db_bind_int(s, 1, id))
		return STORE_ERROR;
	return db_step_one(s, a, read_image, out);
}

enum store_result media_by_hash(struct db *db, struct arena *a, const char *hash,
				struct image *out)
{
	sqlite3_stmt *s = stmt(db, Q_BY_HASH);
	if (!s || !db_bind_text(s, 1, hash))
		return STORE_ERROR;
	return db_step_one(s, a, read_image, out);
}

enum store_result media_list(struct db *db, struct arena *a, const char *query, long long page,
			     struct image **out, int *n, bool *more)
{
	bool search = query && *query;
	sqlite3_stmt *s = stmt(db, search ? Q_SEARCH : Q_LIST);
	if (!s || (search && !db_bind_text(s, 1, query)) || !db_bind_int(s, 2, MEDIA_PAGE_SIZE + 1) ||
	    !db_bind_int(s, 3, (page - 1) * MEDIA_PAGE_SIZE))
		return STORE_ERROR;
	enum store_result r = db_rows(s, a, sizeof **out, read_image, (void **)out, n);
	*more = r == STORE_OK && *n > MEDIA_PAGE_SIZE;
	if (*more)
		*n = MEDIA_PAGE_SIZE;
	return r;
}

enum store_result media_pickable(struct db *db, struct arena *a, struct image **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_PICKABLE);
	if (!s)
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_image, (void **)out, n);
}

enum store_result media_set_texts(struct db *db, long long id, const char *alt,
				  const char *caption, const char *credit)
{
	sqlite3_stmt *s = stmt(db, Q_SET_TEXTS);
	enum store_result r = db_run(s, s && db_bind_int(s, 1, id) && db_bind_text(s, 2, alt) &&
					db_bind_text(s, 3, caption) && db_bind_text(s, 4, credit));
	return r == STORE_OK && sqlite3_changes(db->conn) == 0 ? STORE_NOT_FOUND : r;
}

static bool read_use(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct image_use *u = item;
	u->id = sqlite3_column_int64(s, 0);
	u->public = sqlite3_column_int(s, 2) != 0;
	u->owner_id = sqlite3_column_int64(s, 3);
	u->person = sqlite3_column_int(s, 4) != 0;
	return (u->headline = db_text(a, s, 1)) && (u->where = db_text(a, s, 5));
}

enum store_result media_uses(struct db *db, struct arena *a, const char *hash, time_t now,
			     struct image_use **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_USES);
	if (!s || !db_bind_text(s, 1, hash) || !db_bind_int(s, 2, now))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_use, (void **)out, n);
}

struct delete_args {
	long long id;
};

static enum store_result delete_body(struct db *db, void *arg)
{
	struct delete_args *d = arg;
	struct arena a;
	struct image img;
	long long used = 0;
	arena_init(&a);
	enum store_result r = media_by_id(db, &a, d->id, &img);
	sqlite3_stmt *s = r == STORE_OK ? stmt(db, Q_USED) : NULL;
	if (r == STORE_OK)
		r = s && db_bind_text(s, 1, img.hash) ? db_integer(s, &used) : STORE_ERROR;
	if (r == STORE_OK && used)
		r = STORE_CONFLICT;
	if (r == STORE_OK) {
		s = stmt(db, Q_DELETE);
		r = db_run(s, s && db_bind_int(s, 1, d->id));
	}
	arena_free(&a);
	return r;
}

enum store_result media_delete_unused(struct db *db, long long id)
{
	struct delete_args d = { id };
	return db_transaction(db, delete_body, &d);
}

static bool read_svg(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct demo_svg *d = item;
	return (d->url = db_text(a, s, 0)) && (d->alt = db_text(a, s, 1));
}

enum store_result media_demo_svgs(struct db *db, struct arena *a, struct demo_svg **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_DEMO_SVGS);
	if (!s)
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_svg, (void **)out, n);
}

enum store_result media_demo_unchanged(struct db *db)
{
	sqlite3_stmt *s = stmt(db, Q_DEMO_UNCHANGED);
	return db_run(s, s != NULL);
}

enum store_result media_replace_url(struct db *db, const char *from, const char *to)
{
	sqlite3_stmt *s = stmt(db, Q_REPLACE_LEAD);
	enum store_result r = db_run(s, s && db_bind_text(s, 1, from) && db_bind_text(s, 2, to));
	if (r != STORE_OK)
		return r;
	s = stmt(db, Q_REPLACE_BLOCK);
	r = db_run(s, s && db_bind_text(s, 1, from) && db_bind_text(s, 2, to));
	if (r != STORE_OK)
		return r;
	s = stmt(db, Q_REPLACE_PORTRAIT);
	return db_run(s, s && db_bind_text(s, 1, from) && db_bind_text(s, 2, to));
}
