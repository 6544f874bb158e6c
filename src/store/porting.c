/* The content as JSON Lines, out and back in, by SQLite's JSON functions; and the rows a
 * WordPress export is written from (all its SQL). */
#include "porting.h"
#include "porting_media.h"

#include <string.h>

/* What an export holds, in order: each query yields one JSON object a row. References point
 * back only (an article's section, a promo's articles), so a reader can insert line by line. */
static const char *const export_sql[] = {
	"SELECT json_object('type', 'section', 'id', id, 'slug', slug, 'name', name,"
	" 'position', position) FROM sections ORDER BY id",
	/* People without their accounts (not exported): an account is linked again by hand. */
	"SELECT json_object('type', 'person', 'id', id, 'slug', slug, 'name', name,"
	" 'role_title', role_title, 'bio', bio, 'portrait_url', portrait_url,"
	" 'updated_at', updated_at) FROM people ORDER BY id",
	"SELECT json_object('type', 'topic', 'id', id, 'slug', slug, 'name', name)"
	" FROM topics ORDER BY id",
	"SELECT json_object('type', 'topic_redirect', 'old_slug', old_slug, 'topic_id', topic_id)"
	" FROM topic_redirects ORDER BY old_slug",
	"SELECT json_object('type', 'article', 'id', a.id, 'section_id', a.section_id, 'slug', a.slug,"
	" 'headline', a.headline, 'intro', a.intro, 'image_url', a.image_url, 'image_alt', a.image_alt,"
	" 'image_caption', a.image_caption, 'sponsor', a.sponsor, 'sponsor_url', a.sponsor_url,"
	" 'status', a.status, 'published_at', a.published_at, 'updated_at', a.updated_at,"
	" 'edited_at', a.edited_at, 'revision_id', a.revision_id,"
	" 'blocks', (SELECT json_group_array(json_object('kind', kind, 'text', text,"
	"   'image_url', image_url, 'name', name, 'byline', byline, 'media_url', media_url,"
	"   'plain', plain))"
	"   FROM (SELECT * FROM blocks WHERE article_id = a.id ORDER BY position)),"
	" 'bylines', (SELECT json_group_array(person_id)"
	"   FROM (SELECT * FROM bylines WHERE article_id = a.id ORDER BY position)),"
	" 'topics', (SELECT json_group_array(topic_id)"
	"   FROM (SELECT * FROM article_topics WHERE article_id = a.id ORDER BY position)),"
	" 'links', (SELECT json_group_array(json_object('source', source, 'title', title, 'url', url,"
	"   'published_at', published_at, 'needs_registration', needs_registration))"
	"   FROM (SELECT * FROM related_links WHERE article_id = a.id ORDER BY position)))"
	" FROM articles a ORDER BY a.id",
	"SELECT json_object('type', 'promos', 'article_id', article_id, 'promo_ids',"
	" json_group_array(promo_id)) FROM (SELECT * FROM article_promos ORDER BY article_id, position)"
	" GROUP BY article_id ORDER BY article_id",
	"SELECT json_object('type', 'site_promos', 'promo_ids', json_group_array(promo_id))"
	" FROM (SELECT * FROM site_promos ORDER BY position) HAVING count(*) > 0",
	"SELECT json_object('type', 'correction', 'id', id, 'article_id', article_id, 'kind', kind,"
	" 'text', text, 'created_at', created_at) FROM corrections ORDER BY id",
	/* Every version of the front page (the newest is shown), with its slots in order. */
	"SELECT json_object('type', 'front_page', 'id', f.id, 'created_at', f.created_at,"
	" 'article_ids', (SELECT json_group_array(article_id) FROM (SELECT * FROM front_page_slots"
	"   WHERE front_page_id = f.id ORDER BY position))) FROM front_pages f ORDER BY f.id",
	"SELECT json_object('type', 'slug_redirect', 'section_slug', section_slug, 'slug', slug,"
	" 'article_id', article_id) FROM slug_redirects ORDER BY section_slug, slug",
	"SELECT json_object('type', 'section_redirect', 'old_slug', old_slug, 'section_id', section_id)"
	" FROM section_redirects ORDER BY old_slug",
	"SELECT json_object('type', 'legacy_path', 'path', path, 'article_id', article_id)"
	" FROM legacy_paths ORDER BY path",
	"SELECT json_object('type', 'import_item', 'site', site, 'wp_id', wp_id, 'guid', guid,"
	" 'kind', kind, 'article_id', article_id, 'url', url, 'alt', alt, 'caption', caption,"
	" 'thumbnail_id', thumbnail_id) FROM import_items ORDER BY site, wp_id",
	"SELECT json_object('type', 'pending', 'article_id', article_id, 'kind', kind,"
	" 'position', position, 'value', value, 'label', label, 'detail', detail)"
	" FROM import_pending ORDER BY article_id, kind, position",
};
/* Only with --revisions: every saved version, whole. */
static const char export_revisions[] =
	"SELECT json_object('type', 'revision', 'id', id, 'article_id', article_id,"
	" 'created_at', created_at, 'action', action, 'content', json(content))"
	" FROM revisions ORDER BY id";

enum store_result porting_export_query(struct db *db, const char *sql,
				       bool (*line)(void *arg, const char *json), void *arg)
{
	sqlite3_stmt *s = db_prepare(db, sql);
	int rc;
	if (!s)
		return STORE_ERROR;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *json = (const char *)sqlite3_column_text(s, 0);
		if (json && !line(arg, json)) {
			sqlite3_reset(s);
			return STORE_ERROR;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : db_result(rc);
}

enum store_result porting_export(struct db *db, bool revisions,
				 bool (*line)(void *arg, const char *json), void *arg)
{
	enum store_result r = db_read_begin(db);
	for (size_t i = 0; r == STORE_OK && i < sizeof export_sql / sizeof export_sql[0]; i++)
		r = porting_export_query(db, export_sql[i], line, arg);
	if (r == STORE_OK && revisions)
		r = porting_export_query(db, export_revisions, line, arg);
	if (r == STORE_OK)
		r = porting_media_export(db, line, arg);
	db_read_end(db);
	return r;
}

static const char q_empty[] =
	"SELECT (SELECT count(*) FROM sections) + (SELECT count(*) FROM articles)";

enum store_result porting_empty(struct db *db, bool *empty)
{
	long long n = 0;
	enum store_result r = db_integer(db_prepare(db, q_empty), &n);
	*empty = n == 0;
	return r;
}

/* Each record type and the statements that write it, ?1 the record's JSON. A new article's
 * blocks and links go in before its row, so the search index takes its body once. */
/* Bylines and topics go in after their article's row: the triggers that list an article on its
 * people's and topics' pages read its status there. Front page slots start at position 0 (the
 * lead), as the editors' save numbers them. */
static const struct { const char *type; const char *sql[5]; } import_sql[] = {
	{ "section", {
		"INSERT INTO sections (id, slug, name, position) SELECT ?1 ->> '$.id', ?1 ->> '$.slug',"
		" ?1 ->> '$.name', ?1 ->> '$.position'" } },
	{ "person", {
		"INSERT INTO people (id, slug, name, role_title, bio, portrait_url, updated_at)"
		" SELECT ?1 ->> '$.id', ?1 ->> '$.slug', ?1 ->> '$.name', ?1 ->> '$.role_title',"
		" ?1 ->> '$.bio', ?1 ->> '$.portrait_url', ?1 ->> '$.updated_at'" } },
	{ "topic", {
		"INSERT INTO topics (id, slug, name) SELECT ?1 ->> '$.id', ?1 ->> '$.slug', ?1 ->> '$.name'" } },
	{ "topic_redirect", {
		"INSERT INTO topic_redirects (old_slug, topic_id)"
		" SELECT ?1 ->> '$.old_slug', ?1 ->> '$.topic_id'" } },
	{ "article", {
		"INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url,"
		" plain) SELECT ?1 ->> '$.id', key + 1, value ->> '$.kind', value ->> '$.text',"
		" value ->> '$.image_url', value ->> '$.name', value ->> '$.byline',"
		" value ->> '$.media_url', value ->> '$.plain' FROM json_each(?1, '$.blocks')",
		"INSERT INTO related_links (article_id, position, source, title, url, published_at,"
		" needs_registration) SELECT ?1 ->> '$.id', key + 1, value ->> '$.source',"
		" value ->> '$.title', value ->> '$.url', value ->> '$.published_at',"
		" value ->> '$.needs_registration' FROM json_each(?1, '$.links')",
		"INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt,"
		" image_caption, sponsor, sponsor_url, status, published_at, updated_at, edited_at,"
		" revision_id) SELECT ?1 ->> '$.id', ?1 ->> '$.section_id', ?1 ->> '$.slug',"
		" ?1 ->> '$.headline', ?1 ->> '$.intro', ?1 ->> '$.image_url', ?1 ->> '$.image_alt',"
		" ?1 ->> '$.image_caption', ?1 ->> '$.sponsor', ?1 ->> '$.sponsor_url', ?1 ->> '$.status',"
		" ?1 ->> '$.published_at', ?1 ->> '$.updated_at', ?1 ->> '$.edited_at',"
		" ?1 ->> '$.revision_id'",
		"INSERT INTO bylines (article_id, position, person_id)"
		" SELECT ?1 ->> '$.id', key + 1, value FROM json_each(?1, '$.bylines')",
		"INSERT INTO article_topics (article_id, position, topic_id)"
		" SELECT ?1 ->> '$.id', key + 1, value FROM json_each(?1, '$.topics')" } },
	{ "correction", {
		"INSERT INTO corrections (id, article_id, kind, text, created_at)"
		" SELECT ?1 ->> '$.id', ?1 ->> '$.article_id', ?1 ->> '$.kind', ?1 ->> '$.text',"
		" ?1 ->> '$.created_at'" } },
	{ "front_page", {
		"INSERT INTO front_pages (id, created_at) SELECT ?1 ->> '$.id', ?1 ->> '$.created_at'",
		"INSERT INTO front_page_slots (front_page_id, position, article_id)"
		" SELECT ?1 ->> '$.id', key, value FROM json_each(?1, '$.article_ids')" } },
	{ "promos", {
		"INSERT INTO article_promos (article_id, position, promo_id)"
		" SELECT ?1 ->> '$.article_id', key + 1, value FROM json_each(?1, '$.promo_ids')" } },
	{ "site_promos", {
		"INSERT INTO site_promos (position, promo_id)"
		" SELECT key + 1, value FROM json_each(?1, '$.promo_ids')" } },
	{ "slug_redirect", {
		"INSERT INTO slug_redirects (section_slug, slug, article_id)"
		" SELECT ?1 ->> '$.section_slug', ?1 ->> '$.slug', ?1 ->> '$.article_id'" } },
	{ "section_redirect", {
		"INSERT INTO section_redirects (old_slug, section_id)"
		" SELECT ?1 ->> '$.old_slug', ?1 ->> '$.section_id'" } },
	{ "legacy_path", {
		"INSERT INTO legacy_paths (path, article_id) SELECT ?1 ->> '$.path', ?1 ->> '$.article_id'" } },
	{ "import_item", {
		"INSERT INTO import_items (site, wp_id, guid, kind, article_id, url, alt, caption,"
		" thumbnail_id) SELECT ?1 ->> '$.site', ?1 ->> '$.wp_id', ?1 ->> '$.guid', ?1 ->> '$.kind',"
		" ?1 ->> '$.article_id', ?1 ->> '$.url', ?1 ->> '$.alt', ?1 ->> '$.caption',"
		" ?1 ->> '$.thumbnail_id'" } },
	{ "pending", {
		"INSERT INTO import_pending (article_id, kind, position, value, label, detail)"
		" SELECT ?1 ->> '$.article_id', ?1 ->> '$.kind', ?1 ->> '$.position', ?1 ->> '$.value',"
		" ?1 ->> '$.label', ?1 ->> '$.detail'" } },
	{ "revision", {
		"INSERT INTO revisions (id, article_id, user_id, created_at, action, content)"
		" SELECT ?1 ->> '$.id', ?1 ->> '$.article_id', NULL, ?1 ->> '$.created_at',"
		" ?1 ->> '$.action', ?1 -> '$.content'" } },
};

static const char q_type[] =
	"SELECT CASE WHEN json_valid(?1) AND json_type(?1) = 'object' THEN ?1 ->> '$.type' END";

enum store_result porting_import_line(struct db *db, const char *json, const char **type,
				      struct arena *a, bool *known)
{
	sqlite3_stmt *s = db_prepare(db, q_type);
	*known = false;
	*type = NULL;
	if (!s || !db_bind_text(s, 1, json))
		return STORE_ERROR;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) == SQLITE_TEXT)
		*type = db_text(a, s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return db_result(rc);
	for (size_t i = 0; *type && i < sizeof import_sql / sizeof import_sql[0]; i++) {
		if (strcmp(*type, import_sql[i].type) != 0)
			continue;
		*known = true;
		for (int k = 0; k < 5 && import_sql[i].sql[k]; k++) {
			s = db_prepare(db, import_sql[i].sql[k]);
			enum store_result r = db_run(s, s && db_bind_text(s, 1, json));
			if (r != STORE_OK)
				return r;
		}
		return STORE_OK;
	}
	return porting_media_import_line(db, json, *type, known);
}

static const char q_finish[] =
	"UPDATE articles SET revision_id = NULL WHERE revision_id IS NOT NULL"
	" AND revision_id NOT IN (SELECT id FROM revisions)";

enum store_result porting_import_finish(struct db *db)
{
	return db_exec(db_prepare(db, q_finish));
}

static bool read_section(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct section *sec = item;
	sec->id = sqlite3_column_int64(s, 0);
	return (sec->slug = db_text(a, s, 1)) && (sec->name = db_text(a, s, 2));
}

static const char q_sections[] = "SELECT id, slug, name FROM sections ORDER BY position, id";

enum store_result porting_sections(struct db *db, struct arena *a, struct section **out, int *n)
{
	sqlite3_stmt *s = db_prepare(db, q_sections);
	if (!s)
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_section, (void **)out, n);
}

static bool read_term(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct wp_term *t = item;
	return (t->slug = db_text(a, s, 0)) && (t->name = db_text(a, s, 1));
}

static enum store_result terms(struct db *db, struct arena *a, const char *sql, long long id,
			       struct wp_term **out, int *n)
{
	sqlite3_stmt *s = db_prepare(db, sql);
	if (!s || (id && !db_bind_int(s, 1, id)))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_term, (void **)out, n);
}

static const char q_people[] = "SELECT slug, name FROM people ORDER BY id";
static const char q_bylines[] =
	"SELECT p.slug, p.name FROM bylines b JOIN people p ON p.id = b.person_id"
	" WHERE b.article_id = ?1 ORDER BY b.position";
static const char q_topics[] =
	"SELECT t.slug, t.name FROM article_topics x JOIN topics t ON t.id = x.topic_id"
	" WHERE x.article_id = ?1 ORDER BY x.position";

enum store_result porting_people(struct db *db, struct arena *a, struct wp_term **out, int *n)
{
	return terms(db, a, q_people, 0, out, n);
}

static const char q_articles[] =
	"SELECT a.id, s.slug, s.name, a.slug, a.headline, a.intro, a.status,"
	" coalesce(a.published_at, 0), a.updated_at, a.image_url, a.image_alt, a.image_caption"
	" FROM articles a JOIN sections s ON s.id = a.section_id ORDER BY a.id";

enum store_result porting_each_article(struct db *db,
				       bool (*each)(void *arg, const struct wp_article *art),
				       void *arg)
{
	sqlite3_stmt *s = db_prepare(db, q_articles);
	enum store_result r = STORE_OK;
	int rc = SQLITE_DONE;
	if (!s)
		return STORE_ERROR;
	while (r == STORE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct arena a;
		struct wp_article art = { .id = sqlite3_column_int64(s, 0),
					  .published_at = sqlite3_column_int64(s, 7),
					  .updated_at = sqlite3_column_int64(s, 8) };
		arena_init(&a);
		const char **text[] = { &art.section_slug, &art.section_name, &art.slug, &art.headline,
					&art.intro, &art.status };
		for (int i = 0; i < 6; i++)
			*text[i] = db_text(&a, s, i + 1);
		art.image_url = db_text(&a, s, 9);
		art.image_alt = db_text(&a, s, 10);
		art.image_caption = db_text(&a, s, 11);
		r = model_blocks(db, &a, art.id, &art.blocks, &art.nblocks);
		if (r == STORE_OK)
			r = terms(db, &a, q_bylines, art.id, &art.bylines, &art.nbylines);
		if (r == STORE_OK)
			r = terms(db, &a, q_topics, art.id, &art.topics, &art.ntopics);
		if (r == STORE_OK && !each(arg, &art))
			r = STORE_ERROR;
		arena_free(&a);
	}
	if (r == STORE_OK && rc != SQLITE_DONE)
		r = db_result(rc);
	sqlite3_reset(s);
	return r;
}
