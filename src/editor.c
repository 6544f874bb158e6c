/* The store for editing: article lists for the admin, whole-article reads and writes, revisions,
 * old addresses, sections and promos (all its SQL). Every save is one transaction. */
#include "editor.h"

#include <stdio.h>
#include <string.h>

#include "routes.h"

enum stmt {
	Q_LIST = SLOTS_EDITOR, Q_LIST_COUNT, Q_LOAD, Q_LOAD_PROMOS, Q_CURRENT, Q_SECTION_ID,
	Q_SLUG_TAKEN, Q_INSERT, Q_UPDATE, Q_DEL_BLOCKS, Q_ADD_BLOCK, Q_DEL_LINKS, Q_ADD_LINK,
	Q_DEL_PROMOS, Q_ADD_PROMO, Q_SNAPSHOT, Q_SET_REVISION, Q_ADD_REDIRECT, Q_DEL_REDIRECT,
	Q_REVISIONS, Q_REV_MAIN, Q_REV_BLOCKS, Q_REV_LINKS, Q_REV_PROMOS, Q_EXISTS,
	Q_SECTION_ADD, Q_SECTION_OLD_SLUG, Q_SECTION_REDIRECTS, Q_SECTION_OLD_PAGE,
	Q_SECTION_FREE_SLUG, Q_SECTION_UPDATE, Q_SITE_PROMOS,
	Q_SITE_PROMOS_CLEAR, Q_SITE_PROMO_ADD, Q_END_EDITOR
};
_Static_assert((int)Q_END_EDITOR <= (int)SLOT_DATA_VERSION, "editor.c uses more statement slots than it owns");

/* What the admin calls a status: a published article whose time has not come is scheduled. */
#define SHOWN_STATUS \
	"CASE WHEN a.status = 'published' AND a.published_at > ?3 THEN 'scheduled' ELSE a.status END"
#define LIST_FILTER \
	" FROM articles a JOIN sections s ON s.id = a.section_id LEFT JOIN users u ON u.id = a.edited_by" \
	" WHERE (?1 = '' OR s.slug = ?1) AND (?2 = '' OR " SHOWN_STATUS " = ?2)"

static const char *const sql[] = {
	[Q_LIST - SLOTS_EDITOR] =
		"SELECT a.id, a.headline, s.slug, s.name, " SHOWN_STATUS ", coalesce(u.name, ''),"
		" a.slug, coalesce(a.published_at, 0), coalesce(a.edited_at, a.updated_at)" LIST_FILTER
		" ORDER BY 9 DESC, a.id DESC LIMIT ?4 OFFSET ?5",
	[Q_LIST_COUNT - SLOTS_EDITOR] = "SELECT count(*)" LIST_FILTER,
	[Q_LOAD - SLOTS_EDITOR] =
		"SELECT s.slug, a.status, coalesce(a.published_at, 0), a.updated_at,"
		" coalesce(a.revision_id, 0), a.headline, a.slug, a.intro, a.image_url, a.image_alt,"
		" a.image_caption, a.sponsor, a.sponsor_url FROM articles a"
		" JOIN sections s ON s.id = a.section_id WHERE a.id = ?1",
	[Q_LOAD_PROMOS - SLOTS_EDITOR] =
		"SELECT s.slug || '/' || pa.slug FROM article_promos p JOIN articles pa ON pa.id = p.promo_id"
		" JOIN sections s ON s.id = pa.section_id WHERE p.article_id = ?1 ORDER BY p.position",
	[Q_CURRENT - SLOTS_EDITOR] =
		"SELECT coalesce(a.revision_id, 0), s.slug, a.slug FROM articles a"
		" JOIN sections s ON s.id = a.section_id WHERE a.id = ?1",
	[Q_SECTION_ID - SLOTS_EDITOR] = "SELECT id FROM sections WHERE slug = ?1",
	[Q_SLUG_TAKEN - SLOTS_EDITOR] =
		"SELECT 1 FROM articles WHERE section_id = ?1 AND slug = ?2 AND id <> ?3",
	[Q_INSERT - SLOTS_EDITOR] =
		"INSERT INTO articles (section_id, slug, headline, intro, image_url, image_alt,"
		" image_caption, sponsor, sponsor_url, status, published_at, updated_at, edited_by,"
		" edited_at) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, nullif(?12, 0), ?13, ?14, ?15)",
	[Q_UPDATE - SLOTS_EDITOR] =
		"UPDATE articles SET section_id = ?2, slug = ?3, headline = ?4, intro = ?5,"
		" image_url = ?6, image_alt = ?7, image_caption = ?8, sponsor = ?9, sponsor_url = ?10,"
		" status = ?11, published_at = nullif(?12, 0), updated_at = ?13, edited_by = ?14,"
		" edited_at = ?15 WHERE id = ?1",
	[Q_DEL_BLOCKS - SLOTS_EDITOR] = "DELETE FROM blocks WHERE article_id = ?1",
	[Q_ADD_BLOCK - SLOTS_EDITOR] =
		"INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_DEL_LINKS - SLOTS_EDITOR] = "DELETE FROM related_links WHERE article_id = ?1",
	[Q_ADD_LINK - SLOTS_EDITOR] =
		"INSERT INTO related_links (article_id, position, source, title, url, published_at,"
		" needs_registration) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_DEL_PROMOS - SLOTS_EDITOR] = "DELETE FROM article_promos WHERE article_id = ?1",
	[Q_ADD_PROMO - SLOTS_EDITOR] =
		"INSERT INTO article_promos (article_id, position, promo_id) SELECT ?1, ?2, pa.id"
		" FROM articles pa JOIN sections s ON s.id = pa.section_id"
		" WHERE s.slug = ?3 AND pa.slug = ?4",
	/* The whole article as JSON, built by SQLite from the rows just written. */
	[Q_SNAPSHOT - SLOTS_EDITOR] =
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
	[Q_SET_REVISION - SLOTS_EDITOR] = "UPDATE articles SET revision_id = ?2 WHERE id = ?1",
	[Q_ADD_REDIRECT - SLOTS_EDITOR] =
		"INSERT OR REPLACE INTO slug_redirects (section_slug, slug, article_id) VALUES (?1, ?2, ?3)",
	[Q_DEL_REDIRECT - SLOTS_EDITOR] =
		"DELETE FROM slug_redirects WHERE section_slug = ?1 AND slug = ?2",
	[Q_REVISIONS - SLOTS_EDITOR] =
		"SELECT r.id, r.action, coalesce(u.name, '-'), r.created_at FROM revisions r"
		" LEFT JOIN users u ON u.id = r.user_id WHERE r.article_id = ?1 ORDER BY r.id DESC",
	[Q_REV_MAIN - SLOTS_EDITOR] =
		"SELECT content ->> '$.section', content ->> '$.headline', content ->> '$.slug',"
		" content ->> '$.intro', content ->> '$.image_url', content ->> '$.image_alt',"
		" content ->> '$.image_caption', content ->> '$.sponsor', content ->> '$.sponsor_url'"
		" FROM revisions WHERE id = ?1 AND article_id = ?2",
	[Q_REV_BLOCKS - SLOTS_EDITOR] =
		"SELECT b.value ->> '$.kind', b.value ->> '$.text', b.value ->> '$.image_url',"
		" b.value ->> '$.name', b.value ->> '$.byline', b.value ->> '$.media_url'"
		" FROM revisions r, json_each(r.content, '$.blocks') b WHERE r.id = ?1 ORDER BY b.key",
	[Q_REV_LINKS - SLOTS_EDITOR] =
		"SELECT l.value ->> '$.source', l.value ->> '$.title', l.value ->> '$.url',"
		" l.value ->> '$.published_at', l.value ->> '$.needs_registration'"
		" FROM revisions r, json_each(r.content, '$.links') l WHERE r.id = ?1 ORDER BY l.key",
	[Q_REV_PROMOS - SLOTS_EDITOR] =
		"SELECT p.value FROM revisions r, json_each(r.content, '$.promos') p"
		" WHERE r.id = ?1 AND p.value IS NOT NULL ORDER BY p.key",
	[Q_EXISTS - SLOTS_EDITOR] =
		"SELECT 1 FROM articles a JOIN sections s ON s.id = a.section_id"
		" WHERE s.slug = ?1 AND a.slug = ?2",
	[Q_SECTION_ADD - SLOTS_EDITOR] = "INSERT INTO sections (slug, name, position) VALUES (?1, ?2, ?3)",
	[Q_SECTION_OLD_SLUG - SLOTS_EDITOR] = "SELECT slug FROM sections WHERE id = ?1",
	[Q_SECTION_REDIRECTS - SLOTS_EDITOR] =
		"INSERT OR REPLACE INTO slug_redirects (section_slug, slug, article_id)"
		" SELECT ?2, slug, id FROM articles WHERE section_id = ?1",
	[Q_SECTION_OLD_PAGE - SLOTS_EDITOR] =
		"INSERT OR REPLACE INTO section_redirects (old_slug, section_id) VALUES (?2, ?1)",
	[Q_SECTION_FREE_SLUG - SLOTS_EDITOR] = "DELETE FROM section_redirects WHERE old_slug = ?1",
	[Q_SECTION_UPDATE - SLOTS_EDITOR] =
		"UPDATE sections SET slug = ?2, name = ?3, position = ?4 WHERE id = ?1",
	[Q_SITE_PROMOS - SLOTS_EDITOR] =
		"SELECT s.slug || '/' || a.slug FROM site_promos p JOIN articles a ON a.id = p.promo_id"
		" JOIN sections s ON s.id = a.section_id ORDER BY p.position",
	[Q_SITE_PROMOS_CLEAR - SLOTS_EDITOR] = "DELETE FROM site_promos",
	[Q_SITE_PROMO_ADD - SLOTS_EDITOR] =
		"INSERT INTO site_promos (position, promo_id) SELECT ?1, a.id FROM articles a"
		" JOIN sections s ON s.id = a.section_id WHERE s.slug = ?2 AND a.slug = ?3",
};

static enum save_result in_transaction(struct db *db, enum save_result r);

static sqlite3_stmt *stmt(struct db *db, enum stmt q)
{
	return db_stmt(db, q, sql[q - SLOTS_EDITOR]);
}

#define text_at db_text

static bool bind_filter(sqlite3_stmt *s, const char *section, const char *status, time_t now)
{
	return sqlite3_bind_text(s, 1, section, -1, SQLITE_STATIC) == SQLITE_OK &&
	       sqlite3_bind_text(s, 2, status, -1, SQLITE_STATIC) == SQLITE_OK &&
	       sqlite3_bind_int64(s, 3, now) == SQLITE_OK;
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

enum model_result editor_list(struct db *db, struct arena *a, const char *section,
			      const char *status, time_t now, int limit, int offset,
			      struct admin_row **out, int *n, long long *total)
{
	sqlite3_stmt *s = stmt(db, Q_LIST_COUNT);
	if (!s || !bind_filter(s, section, status, now) || sqlite3_step(s) != SQLITE_ROW)
		return MODEL_ERROR;
	*total = sqlite3_column_int64(s, 0);
	s = stmt(db, Q_LIST);
	if (!s || !bind_filter(s, section, status, now) || sqlite3_bind_int(s, 4, limit) != SQLITE_OK ||
	    sqlite3_bind_int(s, 5, offset) != SQLITE_OK)
		return MODEL_ERROR;
	return db_rows(s, a, sizeof **out, read_admin_row, (void **)out, n) ? MODEL_OK : MODEL_ERROR;
}

static bool bind_text(sqlite3_stmt *s, int i, const char *v)
{
	return sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_STATIC) == SQLITE_OK;
}

static bool bind_int(sqlite3_stmt *s, int i, long long v)
{
	return sqlite3_bind_int64(s, i, v) == SQLITE_OK;
}

static bool done(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE;
}

/* Collects one text column of every row. */
static bool read_text(sqlite3_stmt *s, struct arena *a, void *item)
{
	return (*(const char **)item = text_at(a, s, 0)) != NULL;
}

static enum model_result texts(sqlite3_stmt *s, struct arena *a, const char ***out, int *n)
{
	return db_rows(s, a, sizeof **out, read_text, (void **)out, n) ? MODEL_OK : MODEL_ERROR;
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

enum model_result editor_load(struct db *db, struct arena *a, long long id, struct edit_article *out)
{
	sqlite3_stmt *s = stmt(db, Q_LOAD);
	memset(out, 0, sizeof *out);
	if (!s || !bind_int(s, 1, id))
		return MODEL_ERROR;
	enum model_result found = db_step_one(s);
	if (found != MODEL_OK)
		return found;
	out->id = id;
	out->section_slug = text_at(a, s, 0);
	out->status = text_at(a, s, 1);
	out->published_at = sqlite3_column_int64(s, 2);
	out->a.s.updated_at = sqlite3_column_int64(s, 3);
	out->revision_id = sqlite3_column_int64(s, 4);
	if (!out->section_slug || !out->status || !read_fields(s, a, 5, out))
		return MODEL_ERROR;
	if (model_blocks(db, a, id, &out->a.blocks, &out->a.nblocks) != MODEL_OK ||
	    model_links(db, a, id, &out->a.links, &out->a.nlinks) != MODEL_OK ||
	    !(s = stmt(db, Q_LOAD_PROMOS)) || !bind_int(s, 1, id))
		return MODEL_ERROR;
	return texts(s, a, &out->promos, &out->npromos);
}

static const char *block_kind_name(enum block_kind k)
{
	return k == BLOCK_BOX ? "box" : k == BLOCK_MEDIA ? "media" : "paragraph";
}

static bool write_row(sqlite3_stmt *s, long long article_id, long long id_or_pos)
{
	return s && bind_int(s, 1, article_id) && bind_int(s, 2, id_or_pos);
}

/* Replaces the article's blocks, links and promos with e's. */
static bool write_parts(struct db *db, const struct edit_article *e)
{
	sqlite3_stmt *s;
	if (!(s = stmt(db, Q_DEL_BLOCKS)) || !bind_int(s, 1, e->id) || !done(s) ||
	    !(s = stmt(db, Q_DEL_LINKS)) || !bind_int(s, 1, e->id) || !done(s) ||
	    !(s = stmt(db, Q_DEL_PROMOS)) || !bind_int(s, 1, e->id) || !done(s))
		return false;
	for (int i = 0; i < e->a.nblocks; i++) {
		const struct block *b = &e->a.blocks[i];
		s = stmt(db, Q_ADD_BLOCK);
		if (!write_row(s, e->id, i + 1) || !bind_text(s, 3, block_kind_name(b->kind)) ||
		    !bind_text(s, 4, b->text) || !bind_text(s, 5, b->image_url) ||
		    !bind_text(s, 6, b->name) || !bind_text(s, 7, b->byline) ||
		    !bind_text(s, 8, b->media_url) || !done(s))
			return false;
	}
	for (int i = 0; i < e->a.nlinks; i++) {
		const struct related_link *l = &e->a.links[i];
		s = stmt(db, Q_ADD_LINK);
		if (!write_row(s, e->id, i + 1) || !bind_text(s, 3, l->source) ||
		    !bind_text(s, 4, l->title) || !bind_text(s, 5, l->url) ||
		    !bind_int(s, 6, l->published_at) || !bind_int(s, 7, l->needs_registration) || !done(s))
			return false;
	}
	for (int i = 0; i < e->npromos; i++) {
		const char *slash = strchr(e->promos[i], '/');
		s = stmt(db, Q_ADD_PROMO);
		if (!slash || !write_row(s, e->id, i + 1) ||
		    sqlite3_bind_text(s, 3, e->promos[i], (int)(slash - e->promos[i]), SQLITE_STATIC) != SQLITE_OK ||
		    !bind_text(s, 4, slash + 1) || !done(s))
			return false;
	}
	return true;
}

/* Writes the article row itself (insert when new). */
static bool write_article(struct db *db, struct edit_article *e, long long section_id,
			  long long user_id, time_t now)
{
	sqlite3_stmt *s = stmt(db, e->id ? Q_UPDATE : Q_INSERT);
	if (!s || !bind_int(s, 1, e->id) || !bind_int(s, 2, section_id) ||
	    !bind_text(s, 3, e->a.s.slug) || !bind_text(s, 4, e->a.s.headline) ||
	    !bind_text(s, 5, e->a.s.intro) || !bind_text(s, 6, e->a.s.image_url) ||
	    !bind_text(s, 7, e->a.s.image_alt) || !bind_text(s, 8, e->a.image_caption) ||
	    !bind_text(s, 9, e->a.sponsor) || !bind_text(s, 10, e->a.sponsor_url) ||
	    !bind_text(s, 11, e->status) || !bind_int(s, 12, e->published_at) ||
	    !bind_int(s, 13, e->a.s.updated_at) || !bind_int(s, 14, user_id) || !bind_int(s, 15, now) ||
	    !done(s))
		return false;
	if (!e->id)
		e->id = sqlite3_last_insert_rowid(db->conn);
	return true;
}

static bool snapshot(struct db *db, long long article_id, long long user_id, time_t now,
		     const char *action, long long *revision_id)
{
	sqlite3_stmt *s = stmt(db, Q_SNAPSHOT);
	if (!s || !bind_int(s, 1, article_id) || !bind_int(s, 2, user_id) || !bind_int(s, 3, now) ||
	    !bind_text(s, 4, action) || !done(s))
		return false;
	*revision_id = sqlite3_last_insert_rowid(db->conn);
	s = stmt(db, Q_SET_REVISION);
	return s && bind_int(s, 1, article_id) && bind_int(s, 2, *revision_id) && done(s);
}

/* Keeps the old address of a moved article answering, and frees the new one of old claims. */
static bool move_address(struct db *db, const struct edit_article *e, const char *old_section,
			 const char *old_slug)
{
	sqlite3_stmt *s = stmt(db, Q_DEL_REDIRECT);
	if (!s || !bind_text(s, 1, e->section_slug) || !bind_text(s, 2, e->a.s.slug) || !done(s))
		return false;
	if (!old_section || (strcmp(old_section, e->section_slug) == 0 && strcmp(old_slug, e->a.s.slug) == 0))
		return true;
	s = stmt(db, Q_ADD_REDIRECT);
	return s && bind_text(s, 1, old_section) && bind_text(s, 2, old_slug) &&
	       bind_int(s, 3, e->id) && done(s);
}

/* Checks the editor's base against what is stored; fills the old address. */
static enum save_result check_current(struct db *db, struct arena *a, const struct edit_article *e,
				      long long base_revision, const char **old_section,
				      const char **old_slug)
{
	sqlite3_stmt *s = stmt(db, Q_CURRENT);
	if (!s || !bind_int(s, 1, e->id) || sqlite3_step(s) != SQLITE_ROW)
		return SAVE_ERROR;
	if (sqlite3_column_int64(s, 0) != base_revision)
		return SAVE_CONFLICT;
	*old_section = text_at(a, s, 1);
	*old_slug = text_at(a, s, 2);
	sqlite3_reset(s);
	return *old_section && *old_slug ? SAVE_OK : SAVE_ERROR;
}

static enum save_result save_locked(struct db *db, struct arena *a, struct edit_article *e,
				    long long base_revision, long long user_id, time_t now,
				    const char *action)
{
	const char *old_section = NULL, *old_slug = NULL;
	long long section_id;
	sqlite3_stmt *s = stmt(db, Q_SECTION_ID);
	if (!s || !bind_text(s, 1, e->section_slug))
		return SAVE_ERROR;
	if (sqlite3_step(s) != SQLITE_ROW)
		return SAVE_NO_SECTION;
	section_id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (e->id) {
		enum save_result r = check_current(db, a, e, base_revision, &old_section, &old_slug);
		if (r != SAVE_OK)
			return r;
		/* Nothing an editor saved is lost: an article from before revisions is kept first. */
		long long original;
		if (base_revision == 0 && !snapshot(db, e->id, 0, now, "original", &original))
			return SAVE_ERROR;
	}
	s = stmt(db, Q_SLUG_TAKEN);
	if (!s || !bind_int(s, 1, section_id) || !bind_text(s, 2, e->a.s.slug) || !bind_int(s, 3, e->id))
		return SAVE_ERROR;
	if (sqlite3_step(s) == SQLITE_ROW)
		return SAVE_SLUG_TAKEN;
	sqlite3_reset(s);
	if (!write_article(db, e, section_id, user_id, now) || !write_parts(db, e) ||
	    !move_address(db, e, old_section, old_slug) ||
	    !snapshot(db, e->id, user_id, now, action, &e->revision_id))
		return SAVE_ERROR;
	return SAVE_OK;
}

enum save_result editor_save(struct db *db, struct edit_article *e, long long base_revision,
			     long long user_id, time_t now, const char *action)
{
	struct arena a;
	long long id_before = e->id;
	if (sqlite3_exec(db->conn, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return SAVE_ERROR;
	arena_init(&a);
	enum save_result r = in_transaction(db, save_locked(db, &a, e, base_revision, user_id, now, action));
	arena_free(&a);
	if (r != SAVE_OK)
		e->id = id_before;
	return r;
}

static bool read_revision_row(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct revision_row *r = item;
	r->id = sqlite3_column_int64(s, 0);
	r->created_at = sqlite3_column_int64(s, 3);
	return (r->action = text_at(a, s, 1)) && (r->editor = text_at(a, s, 2));
}

enum model_result editor_revisions(struct db *db, struct arena *a, long long article_id,
				   struct revision_row **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_REVISIONS);
	if (!s || !bind_int(s, 1, article_id))
		return MODEL_ERROR;
	return db_rows(s, a, sizeof **out, read_revision_row, (void **)out, n) ? MODEL_OK : MODEL_ERROR;
}

static bool read_rev_block(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct block *b = item;
	const char *kind = (const char *)sqlite3_column_text(s, 0);
	b->kind = kind && strcmp(kind, "box") == 0 ? BLOCK_BOX :
		  kind && strcmp(kind, "media") == 0 ? BLOCK_MEDIA : BLOCK_PARAGRAPH;
	return (b->text = text_at(a, s, 1)) && (b->image_url = text_at(a, s, 2)) &&
	       (b->name = text_at(a, s, 3)) && (b->byline = text_at(a, s, 4)) &&
	       (b->media_url = text_at(a, s, 5));
}

static bool read_rev_link(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct related_link *l = item;
	l->published_at = sqlite3_column_int64(s, 3);
	l->needs_registration = sqlite3_column_int(s, 4) != 0;
	return (l->source = text_at(a, s, 0)) && (l->title = text_at(a, s, 1)) &&
	       (l->url = text_at(a, s, 2));
}

static enum model_result rev_parts(struct db *db, struct arena *a, long long revision_id,
				   struct edit_article *out)
{
	sqlite3_stmt *s = stmt(db, Q_REV_BLOCKS);
	if (!s || !bind_int(s, 1, revision_id) ||
	    !db_rows(s, a, sizeof *out->a.blocks, read_rev_block, (void **)&out->a.blocks, &out->a.nblocks) ||
	    !(s = stmt(db, Q_REV_LINKS)) || !bind_int(s, 1, revision_id) ||
	    !db_rows(s, a, sizeof *out->a.links, read_rev_link, (void **)&out->a.links, &out->a.nlinks) ||
	    !(s = stmt(db, Q_REV_PROMOS)) || !bind_int(s, 1, revision_id))
		return MODEL_ERROR;
	return texts(s, a, &out->promos, &out->npromos);
}

enum model_result editor_load_revision(struct db *db, struct arena *a, long long article_id,
				       long long revision_id, struct edit_article *out)
{
	sqlite3_stmt *s = stmt(db, Q_REV_MAIN);
	memset(out, 0, sizeof *out);
	if (!s || !bind_int(s, 1, revision_id) || !bind_int(s, 2, article_id))
		return MODEL_ERROR;
	enum model_result found = db_step_one(s);
	if (found != MODEL_OK)
		return found;
	out->id = article_id;
	out->revision_id = revision_id;
	if (!(out->section_slug = text_at(a, s, 0)) || !read_fields(s, a, 1, out))
		return MODEL_ERROR;
	return rev_parts(db, a, revision_id, out);
}

bool editor_article_exists(struct db *db, const char *section, const char *slug)
{
	sqlite3_stmt *s = stmt(db, Q_EXISTS);
	bool found = s && bind_text(s, 1, section) && bind_text(s, 2, slug) &&
		     sqlite3_step(s) == SQLITE_ROW;
	if (s)
		sqlite3_reset(s);
	return found;
}

static enum save_result constraint_or_error(struct db *db)
{
	return sqlite3_extended_errcode(db->conn) == SQLITE_CONSTRAINT_UNIQUE ? SAVE_SLUG_TAKEN : SAVE_ERROR;
}

enum save_result editor_section_add(struct db *db, const char *slug, const char *name, long long position)
{
	sqlite3_stmt *s = stmt(db, Q_SECTION_ADD);
	if (!s || !bind_text(s, 1, slug) || !bind_text(s, 2, name) || !bind_int(s, 3, position))
		return SAVE_ERROR;
	return done(s) ? SAVE_OK : constraint_or_error(db);
}

static enum save_result section_update_locked(struct db *db, long long id, const char *slug,
					      const char *name, long long position)
{
	sqlite3_stmt *s = stmt(db, Q_SECTION_OLD_SLUG);
	char old[SLUG_MAX + 1];
	if (!s || !bind_int(s, 1, id))
		return SAVE_ERROR;
	if (sqlite3_step(s) != SQLITE_ROW)
		return SAVE_NO_SECTION;
	snprintf(old, sizeof old, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (strcmp(old, slug) != 0 &&
	    (!(s = stmt(db, Q_SECTION_REDIRECTS)) || !bind_int(s, 1, id) || !bind_text(s, 2, old) || !done(s) ||
	     !(s = stmt(db, Q_SECTION_OLD_PAGE)) || !bind_int(s, 1, id) || !bind_text(s, 2, old) || !done(s) ||
	     !(s = stmt(db, Q_SECTION_FREE_SLUG)) || !bind_text(s, 1, slug) || !done(s)))
		return SAVE_ERROR;
	s = stmt(db, Q_SECTION_UPDATE);
	if (!s || !bind_int(s, 1, id) || !bind_text(s, 2, slug) || !bind_text(s, 3, name) ||
	    !bind_int(s, 4, position))
		return SAVE_ERROR;
	return done(s) ? SAVE_OK : constraint_or_error(db);
}

/* Ends the transaction the caller began: COMMIT when r is SAVE_OK, else ROLLBACK. */
static enum save_result in_transaction(struct db *db, enum save_result r)
{
	db_release(db);
	if (r == SAVE_OK && sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return SAVE_OK;
	sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	return r == SAVE_OK ? SAVE_ERROR : r;
}

enum save_result editor_section_update(struct db *db, long long id, const char *slug,
				       const char *name, long long position)
{
	if (sqlite3_exec(db->conn, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return SAVE_ERROR;
	return in_transaction(db, section_update_locked(db, id, slug, name, position));
}

enum model_result editor_site_promos(struct db *db, struct arena *a, const char ***paths, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_SITE_PROMOS);
	return s ? texts(s, a, paths, n) : MODEL_ERROR;
}

static enum save_result set_promos_locked(struct db *db, const char *const *paths, int n)
{
	sqlite3_stmt *s = stmt(db, Q_SITE_PROMOS_CLEAR);
	if (!s || !done(s))
		return SAVE_ERROR;
	for (int i = 0; i < n; i++) {
		const char *slash = strchr(paths[i], '/');
		s = stmt(db, Q_SITE_PROMO_ADD);
		if (!slash || !s || !bind_int(s, 1, i + 1) ||
		    sqlite3_bind_text(s, 2, paths[i], (int)(slash - paths[i]), SQLITE_STATIC) != SQLITE_OK ||
		    !bind_text(s, 3, slash + 1) || !done(s))
			return SAVE_ERROR;
	}
	return SAVE_OK;
}

bool editor_set_site_promos(struct db *db, const char *const *paths, int n)
{
	if (sqlite3_exec(db->conn, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return false;
	return in_transaction(db, set_promos_locked(db, paths, n)) == SAVE_OK;
}
