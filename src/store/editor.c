/* The store for editing: article lists for the admin, whole-article reads and writes, revisions,
 * old addresses, sections and promos (all its SQL). Every save is one transaction. */
#include "editor.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "desk.h"
#include "markup.h"
#include "newsroom.h"
#include "spans.h"
#include "validate.h"

enum query {
	Q_LIST, Q_LIST_SECTION, Q_LIST_STATUS, Q_LIST_SECTION_STATUS, Q_LIST_SHOWN,
	Q_LIST_SECTION_SHOWN, Q_LIST_SCHEDULED, Q_SCHEDULED_CHANGES, Q_LIST_OWNED, Q_COUNT_OWNED, Q_LOAD, Q_LOAD_PROMOS,
	Q_CURRENT, Q_SECTION_ID,
	Q_SLUG_TAKEN, Q_INSERT, Q_UPDATE, Q_DEL_BLOCKS, Q_ADD_BLOCK, Q_DEL_LINKS, Q_ADD_LINK,
	Q_DEL_PROMOS, Q_ADD_PROMO, Q_SNAPSHOT, Q_SET_REVISION, Q_ADD_REDIRECT, Q_DEL_REDIRECT,
	Q_REVISIONS, Q_REV_MAIN, Q_REV_BLOCKS, Q_REV_LINKS, Q_REV_PROMOS, Q_EXISTS,
	Q_SECTION_ADD, Q_SECTION_OLD_SLUG, Q_SECTION_REDIRECTS, Q_SECTION_OLD_PAGE,
	Q_SECTION_FREE_SLUG, Q_SECTION_UPDATE, Q_SITE_PROMOS,
	Q_SITE_PROMOS_CLEAR, Q_SITE_PROMO_ADD, Q__COUNT
};

/* What the admin calls a status: a published article whose time has not come is scheduled. */
#define SHOWN_STATUS \
	"CASE WHEN a.status = 'published' AND a.published_at > ?3 THEN 'scheduled' ELSE a.status END"
#define CHANGED "coalesce(a.edited_at, a.updated_at)"
/* One page of the list from the position spans_locate found: changed before ?4, ?6 on; each
 * filter read in its order from the index named for it (the planner, without ANALYZE, might
 * pick another and sort). ?1 section id, ?2 stored status, ?3 now, ?5 rows. */
#define LIST_FROM(index) \
	"SELECT a.id, a.headline, s.slug, s.name, " SHOWN_STATUS ", coalesce(u.name, ''), a.slug," \
	" coalesce(a.published_at, 0), " CHANGED " FROM articles a INDEXED BY " index \
	" JOIN sections s ON s.id = a.section_id LEFT JOIN users u ON u.id = a.edited_by" \
	" WHERE " CHANGED " < ?4"
#define LIST_ORDER " ORDER BY " CHANGED " DESC, a.id DESC LIMIT ?5 OFFSET ?6"
#define NOT_SCHEDULED " AND (a.published_at <= ?3 OR a.published_at IS NULL)"
/* Scheduled articles are few: found by publish time, then sorted. */
#define SCHEDULED_FROM \
	" FROM articles a INDEXED BY articles_published WHERE a.status = 'published'" \
	" AND a.published_at > ?3 AND (?1 = 0 OR a.section_id = ?1)"

/* ?7 the owner; ?1 section id or 0, ?2 status as the admin shows it or "", ?3 now. */
#define OWNED_FROM \
	" FROM article_desk d INDEXED BY article_desk_by_owner JOIN articles a ON a.id = d.article_id" \
	" JOIN sections s ON s.id = a.section_id LEFT JOIN users u ON u.id = a.edited_by" \
	" WHERE d.owner_id = ?7 AND (?1 = 0 OR a.section_id = ?1) AND (?2 = '' OR " SHOWN_STATUS " = ?2)"

static const char *const sql[Q__COUNT] = {
	[Q_LIST] = LIST_FROM("articles_by_change") LIST_ORDER,
	[Q_LIST_SECTION] = LIST_FROM("articles_by_section_change") " AND a.section_id = ?1" LIST_ORDER,
	[Q_LIST_STATUS] = LIST_FROM("articles_by_status_change") " AND a.status = ?2" LIST_ORDER,
	[Q_LIST_SECTION_STATUS] = LIST_FROM("articles_by_section_status_change")
		" AND a.section_id = ?1 AND a.status = ?2" LIST_ORDER,
	[Q_LIST_SHOWN] = LIST_FROM("articles_by_status_change") " AND a.status = ?2" NOT_SCHEDULED
		LIST_ORDER,
	[Q_LIST_SECTION_SHOWN] = LIST_FROM("articles_by_section_status_change")
		" AND a.section_id = ?1 AND a.status = ?2" NOT_SCHEDULED LIST_ORDER,
	[Q_LIST_SCHEDULED] = LIST_FROM("articles_published") " AND a.status = 'published'"
		" AND a.published_at > ?3 AND (?1 = 0 OR a.section_id = ?1)" LIST_ORDER,
	[Q_SCHEDULED_CHANGES] = "SELECT " CHANGED SCHEDULED_FROM " ORDER BY 1",
	/* A reporter's own articles (few: sorted, a plain offset), found by owner (sql/011). */
	[Q_LIST_OWNED] = "SELECT a.id, a.headline, s.slug, s.name, " SHOWN_STATUS ","
		" coalesce(u.name, ''), a.slug, coalesce(a.published_at, 0), " CHANGED OWNED_FROM
		" ORDER BY " CHANGED " DESC, a.id DESC LIMIT ?5 OFFSET ?6",
	[Q_COUNT_OWNED] = "SELECT count(*)" OWNED_FROM,
	[Q_LOAD]  =
		"SELECT s.slug, a.status, coalesce(a.published_at, 0), a.updated_at,"
		" coalesce(a.revision_id, 0), a.headline, a.slug, a.intro, a.image_url, a.image_alt,"
		" a.image_caption, a.sponsor, a.sponsor_url FROM articles a"
		" JOIN sections s ON s.id = a.section_id WHERE a.id = ?1",
	[Q_LOAD_PROMOS]  =
		"SELECT s.slug || '/' || pa.slug FROM article_promos p JOIN articles pa ON pa.id = p.promo_id"
		" JOIN sections s ON s.id = pa.section_id WHERE p.article_id = ?1 ORDER BY p.position",
	[Q_CURRENT]  =
		"SELECT coalesce(a.revision_id, 0), s.slug, a.slug FROM articles a"
		" JOIN sections s ON s.id = a.section_id WHERE a.id = ?1",
	[Q_SECTION_ID]  = "SELECT id FROM sections WHERE slug = ?1",
	[Q_SLUG_TAKEN]  =
		"SELECT 1 FROM articles WHERE section_id = ?1 AND slug = ?2 AND id <> ?3",
	[Q_INSERT]  =
		"INSERT INTO articles (section_id, slug, headline, intro, image_url, image_alt,"
		" image_caption, sponsor, sponsor_url, status, published_at, updated_at, edited_by,"
		" edited_at) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, nullif(?12, 0), ?13, nullif(?14, 0), ?15)",
	[Q_UPDATE]  =
		"UPDATE articles SET section_id = ?2, slug = ?3, headline = ?4, intro = ?5,"
		" image_url = ?6, image_alt = ?7, image_caption = ?8, sponsor = ?9, sponsor_url = ?10,"
		" status = ?11, published_at = nullif(?12, 0), updated_at = ?13, edited_by = nullif(?14, 0),"
		" edited_at = ?15 WHERE id = ?1",
	[Q_DEL_BLOCKS]  = "DELETE FROM blocks WHERE article_id = ?1",
	[Q_ADD_BLOCK]  =
		"INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url,"
		" plain) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[Q_DEL_LINKS]  = "DELETE FROM related_links WHERE article_id = ?1",
	[Q_ADD_LINK]  =
		"INSERT INTO related_links (article_id, position, source, title, url, published_at,"
		" needs_registration) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_DEL_PROMOS]  = "DELETE FROM article_promos WHERE article_id = ?1",
	[Q_ADD_PROMO]  =
		"INSERT INTO article_promos (article_id, position, promo_id) SELECT ?1, ?2, pa.id"
		" FROM articles pa JOIN sections s ON s.id = pa.section_id"
		" WHERE s.slug = ?3 AND pa.slug = ?4",
	/* The whole article as JSON, built by SQLite from the rows just written. */
	[Q_SNAPSHOT]  =
		"INSERT INTO revisions (article_id, user_id, created_at, action, content)"
		" SELECT a.id, nullif(?2, 0), ?3, ?4, json_object("
		"'headline', a.headline, 'slug', a.slug, 'section', s.slug, 'intro', a.intro,"
		" 'image_url', a.image_url, 'image_alt', a.image_alt, 'image_caption', a.image_caption,"
		" 'sponsor', a.sponsor, 'sponsor_url', a.sponsor_url, 'status', a.status,"
		" 'published_at', a.published_at, 'updated_at', a.updated_at,"
		" 'blocks', (SELECT json_group_array(json_object('kind', kind, 'text', text,"
		"   'image_url', image_url, 'name', name, 'byline', byline, 'media_url', media_url))"
		"   FROM (SELECT * FROM blocks WHERE article_id = a.id ORDER BY position)),"
		" 'links', (SELECT json_group_array(json_object('source', source, 'title', title,"
		"   'url', url, 'published_at', published_at, 'needs_registration', needs_registration))"
		"   FROM (SELECT * FROM related_links WHERE article_id = a.id ORDER BY position)),"
		" 'promos', (SELECT json_group_array(path) FROM (SELECT (SELECT ps.slug || '/' || pa.slug"
		"   FROM articles pa JOIN sections ps ON ps.id = pa.section_id WHERE pa.id = p.promo_id)"
		"   AS path FROM article_promos p WHERE p.article_id = a.id ORDER BY p.position)))"
		" FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.id = ?1",
	[Q_SET_REVISION]  = "UPDATE articles SET revision_id = ?2 WHERE id = ?1",
	[Q_ADD_REDIRECT]  =
		"INSERT OR REPLACE INTO slug_redirects (section_slug, slug, article_id) VALUES (?1, ?2, ?3)",
	[Q_DEL_REDIRECT]  =
		"DELETE FROM slug_redirects WHERE section_slug = ?1 AND slug = ?2",
	[Q_REVISIONS]  =
		"SELECT r.id, r.action, coalesce(u.name, '-'), r.created_at FROM revisions r"
		" LEFT JOIN users u ON u.id = r.user_id WHERE r.article_id = ?1 ORDER BY r.id DESC",
	[Q_REV_MAIN]  =
		"SELECT content ->> '$.section', content ->> '$.headline', content ->> '$.slug',"
		" content ->> '$.intro', content ->> '$.image_url', content ->> '$.image_alt',"
		" content ->> '$.image_caption', content ->> '$.sponsor', content ->> '$.sponsor_url'"
		" FROM revisions WHERE id = ?1 AND article_id = ?2",
	[Q_REV_BLOCKS]  =
		"SELECT b.value ->> '$.kind', b.value ->> '$.text', b.value ->> '$.image_url',"
		" b.value ->> '$.name', b.value ->> '$.byline', b.value ->> '$.media_url'"
		" FROM revisions r, json_each(r.content, '$.blocks') b WHERE r.id = ?1 ORDER BY b.key",
	[Q_REV_LINKS]  =
		"SELECT l.value ->> '$.source', l.value ->> '$.title', l.value ->> '$.url',"
		" l.value ->> '$.published_at', l.value ->> '$.needs_registration'"
		" FROM revisions r, json_each(r.content, '$.links') l WHERE r.id = ?1 ORDER BY l.key",
	[Q_REV_PROMOS]  =
		"SELECT p.value FROM revisions r, json_each(r.content, '$.promos') p"
		" WHERE r.id = ?1 AND p.value IS NOT NULL ORDER BY p.key",
	[Q_EXISTS]  =
		"SELECT 1 FROM articles a JOIN sections s ON s.id = a.section_id"
		" WHERE s.slug = ?1 AND a.slug = ?2",
	[Q_SECTION_ADD]  = "INSERT INTO sections (slug, name, position) VALUES (?1, ?2, ?3)",
	[Q_SECTION_OLD_SLUG]  = "SELECT slug FROM sections WHERE id = ?1",
	[Q_SECTION_REDIRECTS]  =
		"INSERT OR REPLACE INTO slug_redirects (section_slug, slug, article_id)"
		" SELECT ?2, slug, id FROM articles WHERE section_id = ?1",
	[Q_SECTION_OLD_PAGE]  =
		"INSERT OR REPLACE INTO section_redirects (old_slug, section_id) VALUES (?2, ?1)",
	[Q_SECTION_FREE_SLUG]  = "DELETE FROM section_redirects WHERE old_slug = ?1",
	[Q_SECTION_UPDATE]  =
		"UPDATE sections SET slug = ?2, name = ?3, position = ?4 WHERE id = ?1",
	[Q_SITE_PROMOS]  =
		"SELECT s.slug || '/' || a.slug FROM site_promos p JOIN articles a ON a.id = p.promo_id"
		" JOIN sections s ON s.id = a.section_id ORDER BY p.position",
	[Q_SITE_PROMOS_CLEAR]  = "DELETE FROM site_promos",
	[Q_SITE_PROMO_ADD]  =
		"INSERT INTO site_promos (position, promo_id) SELECT ?1, a.id FROM articles a"
		" JOIN sections s ON s.id = a.section_id WHERE s.slug = ?2 AND a.slug = ?3",
};

static sqlite3_stmt *stmt(struct db *db, enum query q)
{
	return db_prepare(db, sql[q]);
}

#define text_at db_text

/* "section/slug" bound as two parameters from first on. */
static bool bind_path(sqlite3_stmt *s, int first, const char *path)
{
	const char *slash = strchr(path, '/');
	return slash && sqlite3_bind_text(s, first, path, (int)(slash - path), SQLITE_STATIC) == SQLITE_OK &&
	       db_bind_text(s, first + 1, slash + 1);
}

static bool read_admin_row(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct admin_row *r = item;
	r->id = sqlite3_column_int64(s, 0);
	r->published_at = sqlite3_column_int64(s, 7);
	r->changed_at = sqlite3_column_int64(s, 8);
	return (r->headline = text_at(a, s, 1)) && (r->section_slug = text_at(a, s, 2)) &&
	       (r->section_name = text_at(a, s, 3)) && (r->status = text_at(a, s, 4)) &&
	       (r->editor = text_at(a, s, 5)) && (r->slug = text_at(a, s, 6));
}

/* The section's id; STORE_NO_SECTION when none has that slug. */
static enum store_result section_id_of(struct db *db, const char *slug, long long *id)
{
	sqlite3_stmt *s = stmt(db, Q_SECTION_ID);
	enum store_result r;
	if (!s || !db_bind_text(s, 1, slug))
		return STORE_ERROR;
	*id = 0;
	if ((r = db_integer(s, id)) != STORE_OK)
		return r;
	return *id ? STORE_OK : STORE_NO_SECTION;
}

static bool read_int(sqlite3_stmt *s, struct arena *a, void *item)
{
	(void)a;
	*(long long *)item = sqlite3_column_int64(s, 0);
	return true;
}

/* The statement for a filter: section (id > 0 or none) and status as the admin shows it. */
static enum query list_query(long long section_id, const char *status)
{
	bool section = section_id > 0;
	if (strcmp(status, "scheduled") == 0)
		return Q_LIST_SCHEDULED;
	if (strcmp(status, "published") == 0)
		return section ? Q_LIST_SECTION_SHOWN : Q_LIST_SHOWN;
	if (*status)
		return section ? Q_LIST_SECTION_STATUS : Q_LIST_STATUS;
	return section ? Q_LIST_SECTION : Q_LIST;
}

/* The change times of the scheduled articles (of one section, or all), for the list's counts:
 * its spans count them as published, the admin shows them apart. */
static enum store_result scheduled_changes(struct db *db, struct arena *a, long long section_id,
					   time_t now, long long **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_SCHEDULED_CHANGES);
	if (!s || !db_bind_int(s, 1, section_id) || !db_bind_int(s, 3, now))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_int, (void **)out, n);
}

/* Where a page starts: the total, and the change time to read before and rows to skip. */
static enum store_result list_position(struct db *db, struct arena *a, long long section_id,
				       const char *status, time_t now, int offset,
				       long long *total, long long *before, long long *skip)
{
	struct span_filter f = { SPANS_CHANGED, section_id, status, NULL, 0 };
	long long *scheduled = NULL;
	int nscheduled = 0;
	enum store_result r;
	bool shown_published = strcmp(status, "published") == 0;
	if ((shown_published || strcmp(status, "scheduled") == 0) &&
	    (r = scheduled_changes(db, a, section_id, now, &scheduled, &nscheduled)) != STORE_OK)
		return r;
	if (strcmp(status, "scheduled") == 0) {  /* few: no spans, a plain offset */
		*total = nscheduled;
		*before = LLONG_MAX;
		*skip = offset;
		return STORE_OK;
	}
	if (shown_published) {
		f.excluded = scheduled;
		f.nexcluded = nscheduled;
	}
	if ((r = spans_total(db, a, &f, total)) != STORE_OK)
		return r;
	return offset < *total ? spans_locate(db, a, &f, offset, before, skip) : STORE_NOT_FOUND;
}

/* The articles owner made, filtered as the list is: few, so counted and paged directly. */
static enum store_result list_owned(struct db *db, struct arena *a, long long owner,
				    long long section_id, const char *status, time_t now, int limit,
				    int offset, struct admin_row **out, int *n, long long *total)
{
	for (enum query q = Q_COUNT_OWNED;; q = Q_LIST_OWNED) {
		sqlite3_stmt *s = stmt(db, q);
		if (!s || !db_bind_int(s, 1, section_id) || !db_bind_text(s, 2, status) ||
		    !db_bind_int(s, 3, now) || !db_bind_int(s, 7, owner))
			return STORE_ERROR;
		if (q == Q_LIST_OWNED)
			return db_bind_int(s, 5, limit) && db_bind_int(s, 6, offset)
				? db_rows(s, a, sizeof **out, read_admin_row, (void **)out, n) : STORE_ERROR;
		enum store_result r = db_integer(s, total);
		if (r != STORE_OK)
			return r;
	}
}

enum store_result editor_list(struct db *db, struct arena *a, const char *section,
			      const char *status, long long owner, time_t now, int limit, int offset,
			      struct admin_row **out, int *n, long long *total)
{
	long long section_id = 0, before, skip;
	enum store_result r = *section ? section_id_of(db, section, &section_id) : STORE_OK;
	*out = NULL;
	*n = 0;
	*total = 0;
	if (r == STORE_NO_SECTION)  /* no such section: nothing in it */
		return STORE_OK;
	if (r != STORE_OK)
		return r;
	if (owner)
		return list_owned(db, a, owner, section_id, status, now, limit, offset, out, n, total);
	r = list_position(db, a, section_id, status, now, offset, total, &before, &skip);
	if (r != STORE_OK)
		return r == STORE_NOT_FOUND ? STORE_OK : r;
	sqlite3_stmt *s = stmt(db, list_query(section_id, status));
	if (!s || !db_bind_int(s, 1, section_id) ||
	    !db_bind_text(s, 2, strcmp(status, "scheduled") == 0 ? "published" : status) ||
	    !db_bind_int(s, 3, now) || !db_bind_int(s, 4, before) || !db_bind_int(s, 5, limit) ||
	    !db_bind_int(s, 6, skip))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_admin_row, (void **)out, n);
}

/* Collects one text column of every row. */
static bool read_text(sqlite3_stmt *s, struct arena *a, void *item)
{
	return (*(const char **)item = text_at(a, s, 0)) != NULL;
}

static enum store_result texts(struct db *db, sqlite3_stmt *s, struct arena *a, const char ***out,
			       int *n)
{
	return db_rows(s, a, sizeof **out, read_text, (void **)out, n);
}

/* The text columns from first on, into the article's fields in form order. */
static bool read_fields(sqlite3_stmt *s, struct arena *a, int first, struct edit_article *e)
{
	const char **f[] = { &e->a.s.headline, &e->a.s.slug, &e->a.s.intro, &e->a.s.image_url,
			     &e->a.s.image_alt, &e->a.image_caption, &e->a.sponsor, &e->a.sponsor_url };
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (!(*f[i] = text_at(a, s, first + (int)i)))
			return false;
	return true;
}

static bool read_stored(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct edit_article *out = item;
	out->published_at = sqlite3_column_int64(s, 2);
	out->a.s.updated_at = sqlite3_column_int64(s, 3);
	out->revision_id = sqlite3_column_int64(s, 4);
	return (out->section_slug = text_at(a, s, 0)) && (out->status = text_at(a, s, 1)) &&
	       read_fields(s, a, 5, out);
}

enum store_result editor_load(struct db *db, struct arena *a, long long id, struct edit_article *out)
{
	sqlite3_stmt *s = stmt(db, Q_LOAD);
	enum store_result r;
	memset(out, 0, sizeof *out);
	if (!s || !db_bind_int(s, 1, id))
		return STORE_ERROR;
	if ((r = db_step_one(s, a, read_stored, out)) != STORE_OK)
		return r;
	out->id = id;
	if ((r = model_blocks(db, a, id, &out->a.blocks, &out->a.nblocks)) != STORE_OK ||
	    (r = model_links(db, a, id, &out->a.links, &out->a.nlinks)) != STORE_OK)
		return r;
	if (!(s = stmt(db, Q_LOAD_PROMOS)) || !db_bind_int(s, 1, id))
		return STORE_ERROR;
	return texts(db, s, a, &out->promos, &out->npromos);
}

static sqlite3_stmt *row_of(struct db *db, enum query q, long long article_id, long long position)
{
	sqlite3_stmt *s = stmt(db, q);
	return s && db_bind_int(s, 1, article_id) && db_bind_int(s, 2, position) ? s : NULL;
}

/* Runs q with the article's id as its only parameter. */
static enum store_result for_article(struct db *db, enum query q, long long article_id)
{
	sqlite3_stmt *s = stmt(db, q);
	return s && db_bind_int(s, 1, article_id) ? db_exec(s) : STORE_ERROR;
}

/* Search indexes a text's words, not its CommonMark (blocks.plain, sql/009_newsroom.sql):
 * NULL (the text itself) when it holds none. */
static enum store_result write_block(struct db *db, long long id, int i, const struct block *b)
{
	struct arena a;
	size_t n = strlen(b->text);
	bool markup = b->kind != BLOCK_MEDIA && markup_wanted(b->text, n);
	arena_init(&a);
	const char *plain = markup ? markup_plain(&a, b->text, n) : NULL;
	sqlite3_stmt *s = row_of(db, Q_ADD_BLOCK, id, i + 1);
	enum store_result r = STORE_ERROR;
	if (s && (!markup || plain) && db_bind_text(s, 3, model_block_kind_name(b->kind)) &&
	    db_bind_text(s, 4, b->text) && db_bind_text(s, 5, b->image_url) &&
	    db_bind_text(s, 6, b->name) && db_bind_text(s, 7, b->byline) &&
	    db_bind_text(s, 8, b->media_url) &&
	    (plain ? db_bind_text(s, 9, plain) : sqlite3_bind_null(s, 9) == SQLITE_OK))
		r = db_exec(s);
	else if (s)
		sqlite3_reset(s);
	arena_free(&a);
	return r;
}

static enum store_result write_link(struct db *db, long long id, int i, const struct related_link *l)
{
	sqlite3_stmt *s = row_of(db, Q_ADD_LINK, id, i + 1);
	if (!s || !db_bind_text(s, 3, l->source) || !db_bind_text(s, 4, l->title) ||
	    !db_bind_text(s, 5, l->url) || !db_bind_int(s, 6, l->published_at) ||
	    !db_bind_int(s, 7, l->needs_registration))
		return STORE_ERROR;
	return db_exec(s);
}

/* Replaces the article's blocks, links and promos with e's. */
static enum store_result write_parts(struct db *db, const struct edit_article *e)
{
	enum store_result r;
	if ((r = for_article(db, Q_DEL_BLOCKS, e->id)) != STORE_OK ||
	    (r = for_article(db, Q_DEL_LINKS, e->id)) != STORE_OK ||
	    (r = for_article(db, Q_DEL_PROMOS, e->id)) != STORE_OK)
		return r;
	for (int i = 0; i < e->a.nblocks; i++)
		if ((r = write_block(db, e->id, i, &e->a.blocks[i])) != STORE_OK)
			return r;
	for (int i = 0; i < e->a.nlinks; i++)
		if ((r = write_link(db, e->id, i, &e->a.links[i])) != STORE_OK)
			return r;
	for (int i = 0; i < e->npromos; i++) {
		sqlite3_stmt *s = row_of(db, Q_ADD_PROMO, e->id, i + 1);
		if (!s || !bind_path(s, 3, e->promos[i]))
			return STORE_ERROR;
		if ((r = db_exec(s)) != STORE_OK)
			return r;
	}
	return STORE_OK;
}

/* Writes the article row itself (insert when new). */
static enum store_result write_article(struct db *db, struct edit_article *e, long long section_id,
				       long long user_id, time_t now)
{
	sqlite3_stmt *s = stmt(db, e->id ? Q_UPDATE : Q_INSERT);
	enum store_result r;
	if (!s || !db_bind_int(s, 1, e->id) || !db_bind_int(s, 2, section_id) ||
	    !db_bind_text(s, 3, e->a.s.slug) || !db_bind_text(s, 4, e->a.s.headline) ||
	    !db_bind_text(s, 5, e->a.s.intro) || !db_bind_text(s, 6, e->a.s.image_url) ||
	    !db_bind_text(s, 7, e->a.s.image_alt) || !db_bind_text(s, 8, e->a.image_caption) ||
	    !db_bind_text(s, 9, e->a.sponsor) || !db_bind_text(s, 10, e->a.sponsor_url) ||
	    !db_bind_text(s, 11, e->status) || !db_bind_int(s, 12, e->published_at) ||
	    !db_bind_int(s, 13, e->a.s.updated_at) || !db_bind_int(s, 14, user_id) || !db_bind_int(s, 15, now))
		return STORE_ERROR;
	if ((r = db_exec(s)) != STORE_OK)
		return r;
	if (!e->id)
		e->id = sqlite3_last_insert_rowid(db->conn);
	return STORE_OK;
}

enum store_result editor_snapshot(struct db *db, long long article_id, long long user_id,
				  time_t now, const char *action, long long *revision_id)
{
	sqlite3_stmt *s = stmt(db, Q_SNAPSHOT);
	enum store_result r;
	if (!s || !db_bind_int(s, 1, article_id) || !db_bind_int(s, 2, user_id) || !db_bind_int(s, 3, now) ||
	    !db_bind_text(s, 4, action))
		return STORE_ERROR;
	if ((r = db_exec(s)) != STORE_OK)
		return r;
	*revision_id = sqlite3_last_insert_rowid(db->conn);
	s = row_of(db, Q_SET_REVISION, article_id, *revision_id);
	return s ? db_exec(s) : STORE_ERROR;
}

/* Keeps the old address of a moved article answering, and frees the new one of old claims. */
static enum store_result move_address(struct db *db, const struct edit_article *e,
				      const char *old_section, const char *old_slug)
{
	sqlite3_stmt *s = stmt(db, Q_DEL_REDIRECT);
	enum store_result r;
	if (!s || !db_bind_text(s, 1, e->section_slug) || !db_bind_text(s, 2, e->a.s.slug))
		return STORE_ERROR;
	if ((r = db_exec(s)) != STORE_OK)
		return r;
	if (!old_section || (strcmp(old_section, e->section_slug) == 0 && strcmp(old_slug, e->a.s.slug) == 0))
		return STORE_OK;
	s = stmt(db, Q_ADD_REDIRECT);
	if (!s || !db_bind_text(s, 1, old_section) || !db_bind_text(s, 2, old_slug) || !db_bind_int(s, 3, e->id))
		return STORE_ERROR;
	return db_exec(s);
}

struct current {
	long long revision_id;
	const char *section, *slug;
};

static bool read_current(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct current *c = item;
	c->revision_id = sqlite3_column_int64(s, 0);
	return (c->section = text_at(a, s, 1)) && (c->slug = text_at(a, s, 2));
}

struct save {
	struct arena arena;
	struct edit_article *e;
	long long base_revision, user_id;
	time_t now;
	const char *action;
};

/* STORE_TAKEN when another article of the section has the slug. */
static enum store_result slug_free(struct db *db, long long section_id, const struct edit_article *e)
{
	sqlite3_stmt *s = stmt(db, Q_SLUG_TAKEN);
	long long taken = 0;
	enum store_result r;
	if (!s || !db_bind_int(s, 1, section_id) || !db_bind_text(s, 2, e->a.s.slug) || !db_bind_int(s, 3, e->id))
		return STORE_ERROR;
	if ((r = db_integer(s, &taken)) != STORE_OK)
		return r;
	return taken ? STORE_TAKEN : STORE_OK;
}

/* An existing article: the editor's base must still be current. Nothing an editor saved is
 * lost: an article from before revisions is kept as a revision first. */
static enum store_result check_current(struct db *db, struct save *sv, struct current *cur)
{
	sqlite3_stmt *s = stmt(db, Q_CURRENT);
	enum store_result r;
	long long original;
	if (!s || !db_bind_int(s, 1, sv->e->id))
		return STORE_ERROR;
	if ((r = db_step_one(s, &sv->arena, read_current, cur)) != STORE_OK)
		return r;
	if (cur->revision_id != sv->base_revision)
		return STORE_CONFLICT;
	if (sv->base_revision == 0)
		return editor_snapshot(db, sv->e->id, 0, sv->now, "original", &original);
	return STORE_OK;
}

/* The review state the save moves the article to (after its revision: a new article's desk row,
 * with its owner, is made when its first revision is written). */
static enum store_result review_write(struct db *db, const struct edit_article *e,
				      const struct save *sv)
{
	switch (e->review) {
	case REVIEW_SUBMIT:
		return desk_submit(db, e->id, sv->now);
	case REVIEW_RETURN:
		return desk_return(db, e->id, e->review_note ? e->review_note : "", sv->user_id, sv->now);
	case REVIEW_CLEAR:
		return desk_clear(db, e->id);
	case REVIEW_KEEP:
		break;
	}
	return STORE_OK;
}

static enum store_result save_locked(struct db *db, void *arg)
{
	struct save *sv = arg;
	struct edit_article *e = sv->e;
	struct current cur = { 0, NULL, NULL };
	long long section_id;
	enum store_result r;
	if ((r = section_id_of(db, e->section_slug, &section_id)) != STORE_OK ||
	    (e->id && (r = check_current(db, sv, &cur)) != STORE_OK) ||
	    (r = slug_free(db, section_id, e)) != STORE_OK ||
	    (r = write_article(db, e, section_id, sv->user_id, sv->now)) != STORE_OK ||
	    (r = write_parts(db, e)) != STORE_OK ||
	    (e->tags_set && (r = newsroom_write_tags(db, e->id, e->bylines, e->nbylines, e->topics,
						     e->ntopics)) != STORE_OK) ||
	    (r = move_address(db, e, cur.section, cur.slug)) != STORE_OK ||
	    (r = editor_snapshot(db, e->id, sv->user_id, sv->now, sv->action, &e->revision_id)) != STORE_OK)
		return r;
	return review_write(db, e, sv);
}

enum store_result editor_save(struct db *db, struct edit_article *e, long long base_revision,
			      long long user_id, time_t now, const char *action)
{
	struct save sv = { .e = e, .base_revision = base_revision, .user_id = user_id, .now = now,
			   .action = action };
	long long id_before = e->id, revision_before = e->revision_id;
	arena_init(&sv.arena);
	enum store_result r = db_transaction(db, save_locked, &sv);
	arena_free(&sv.arena);
	if (r != STORE_OK) {  /* nothing was written: e is as it came */
		e->id = id_before;
		e->revision_id = revision_before;
	}
	return r;
}

static bool read_revision_row(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct revision_row *r = item;
	r->id = sqlite3_column_int64(s, 0);
	r->created_at = sqlite3_column_int64(s, 3);
	return (r->action = text_at(a, s, 1)) && (r->editor = text_at(a, s, 2));
}

enum store_result editor_revisions(struct db *db, struct arena *a, long long article_id,
				   struct revision_row **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_REVISIONS);
	if (!s || !db_bind_int(s, 1, article_id))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_revision_row, (void **)out, n);
}

/* A revision's parts: its blocks, links and promos, from the JSON it keeps. */
static enum store_result rev_parts(struct db *db, struct arena *a, long long revision_id,
				   struct edit_article *out)
{
	sqlite3_stmt *s = stmt(db, Q_REV_BLOCKS);
	enum store_result r;
	if (!s || !db_bind_int(s, 1, revision_id))
		return STORE_ERROR;
	if ((r = db_rows(s, a, sizeof *out->a.blocks, model_read_block, (void **)&out->a.blocks,
			 &out->a.nblocks)) != STORE_OK)
		return r;
	if (!(s = stmt(db, Q_REV_LINKS)) || !db_bind_int(s, 1, revision_id))
		return STORE_ERROR;
	if ((r = db_rows(s, a, sizeof *out->a.links, model_read_link, (void **)&out->a.links,
			 &out->a.nlinks)) != STORE_OK)
		return r;
	if (!(s = stmt(db, Q_REV_PROMOS)) || !db_bind_int(s, 1, revision_id))
		return STORE_ERROR;
	return texts(db, s, a, &out->promos, &out->npromos);
}

static bool read_revision(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct edit_article *out = item;
	return (out->section_slug = text_at(a, s, 0)) && read_fields(s, a, 1, out);
}

enum store_result editor_load_revision(struct db *db, struct arena *a, long long article_id,
				       long long revision_id, struct edit_article *out)
{
	sqlite3_stmt *s = stmt(db, Q_REV_MAIN);
	enum store_result r;
	memset(out, 0, sizeof *out);
	if (!s || !db_bind_int(s, 1, revision_id) || !db_bind_int(s, 2, article_id))
		return STORE_ERROR;
	if ((r = db_step_one(s, a, read_revision, out)) != STORE_OK)
		return r;
	out->id = article_id;
	out->revision_id = revision_id;
	return rev_parts(db, a, revision_id, out);
}

enum store_result editor_article_exists(struct db *db, const char *path)
{
	sqlite3_stmt *s = stmt(db, Q_EXISTS);
	long long found = 0;
	enum store_result r;
	if (!strchr(path, '/'))
		return STORE_NOT_FOUND;
	if (!s || !bind_path(s, 1, path))
		return STORE_ERROR;
	if ((r = db_integer(s, &found)) != STORE_OK)
		return r;
	return found ? STORE_OK : STORE_NOT_FOUND;
}

enum store_result editor_section_add(struct db *db, const char *slug, const char *name,
				     long long position)
{
	sqlite3_stmt *s = stmt(db, Q_SECTION_ADD);
	if (!s || !db_bind_text(s, 1, slug) || !db_bind_text(s, 2, name) || !db_bind_int(s, 3, position))
		return STORE_ERROR;
	return db_exec(s);
}

struct section_change {
	long long id, position;
	const char *slug, *name;
};

static bool read_slug(sqlite3_stmt *s, struct arena *a, void *item)
{
	char *old = item;
	(void)a;
	snprintf(old, SLUG_MAX + 1, "%s", (const char *)sqlite3_column_text(s, 0));
	return true;
}

/* A renamed section keeps its old page and its articles' old addresses as redirects. */
static enum store_result keep_old_addresses(struct db *db, long long id, const char *old,
					    const char *slug)
{
	sqlite3_stmt *s;
	enum store_result r;
	if (!(s = stmt(db, Q_SECTION_REDIRECTS)) || !db_bind_int(s, 1, id) || !db_bind_text(s, 2, old))
		return STORE_ERROR;
	if ((r = db_exec(s)) != STORE_OK)
		return r;
	if (!(s = stmt(db, Q_SECTION_OLD_PAGE)) || !db_bind_int(s, 1, id) || !db_bind_text(s, 2, old))
		return STORE_ERROR;
	if ((r = db_exec(s)) != STORE_OK)
		return r;
	if (!(s = stmt(db, Q_SECTION_FREE_SLUG)) || !db_bind_text(s, 1, slug))
		return STORE_ERROR;
	return db_exec(s);
}

static enum store_result section_update_locked(struct db *db, void *arg)
{
	const struct section_change *ch = arg;
	sqlite3_stmt *s = stmt(db, Q_SECTION_OLD_SLUG);
	char old[SLUG_MAX + 1];
	enum store_result r;
	if (!s || !db_bind_int(s, 1, ch->id))
		return STORE_ERROR;
	if ((r = db_step_one(s, NULL, read_slug, old)) != STORE_OK)
		return r == STORE_NOT_FOUND ? STORE_NO_SECTION : r;
	if (strcmp(old, ch->slug) != 0 && (r = keep_old_addresses(db, ch->id, old, ch->slug)) != STORE_OK)
		return r;
	s = stmt(db, Q_SECTION_UPDATE);
	if (!s || !db_bind_int(s, 1, ch->id) || !db_bind_text(s, 2, ch->slug) || !db_bind_text(s, 3, ch->name) ||
	    !db_bind_int(s, 4, ch->position))
		return STORE_ERROR;
	return db_exec(s);
}

enum store_result editor_section_update(struct db *db, long long id, const char *slug,
					const char *name, long long position)
{
	struct section_change ch = { id, position, slug, name };
	return db_transaction(db, section_update_locked, &ch);
}

enum store_result editor_site_promos(struct db *db, struct arena *a, const char ***paths, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_SITE_PROMOS);
	return s ? texts(db, s, a, paths, n) : STORE_ERROR;
}

struct promo_list {
	const char *const *paths;
	int n;
};

static enum store_result set_promos_locked(struct db *db, void *arg)
{
	const struct promo_list *p = arg;
	sqlite3_stmt *s = stmt(db, Q_SITE_PROMOS_CLEAR);
	enum store_result r;
	if (!s || (r = db_exec(s)) != STORE_OK)
		return s ? r : STORE_ERROR;
	for (int i = 0; i < p->n; i++) {
		s = stmt(db, Q_SITE_PROMO_ADD);
		if (!s || !db_bind_int(s, 1, i + 1) || !bind_path(s, 2, p->paths[i]))
			return STORE_ERROR;
		if ((r = db_exec(s)) != STORE_OK)
			return r;
	}
	return STORE_OK;
}

enum store_result editor_set_site_promos(struct db *db, const char *const *paths, int n)
{
	struct promo_list p = { paths, n };
	return db_transaction(db, set_promos_locked, &p);
}
