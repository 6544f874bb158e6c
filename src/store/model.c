/* What readers see, read from the store: sections, articles with their parts, story lists. */
#include "model.h"

#include <limits.h>
#include <string.h>

#include "newsroom.h"
#include "spans.h"

enum query {
	Q_SECTIONS, Q_SECTION, Q_ARTICLE, Q_BLOCKS, Q_LINKS, Q_PROMOS, Q_SITE_PROMOS,
	Q_SECTION_STORIES, Q_SECTION_SCHEDULED, Q_LATEST, Q_LATEST_BY_SECTION, Q_REDIRECT,
	Q_SEARCH, Q_SEARCH_HIT, Q_SEARCH_COUNT, Q_NEWEST, Q_NEWEST_IN_SECTION, Q_NEXT_PUBLISH,
	Q_SCHEMA_VERSION, Q_CONTENT_VERSION, Q_LAST_BEFORE, Q_SECTION_MOVED, Q_SITEMAP_FILES, Q_SITEMAP_FILE,
	Q_SECTIONS_NEWEST, Q_COUNTS_CHECK, Q__COUNT
};

#define VISIBLE "a.status = 'published' AND a.published_at <= ?1"
#define SUMMARY_COLUMNS MODEL_SUMMARY_COLUMNS
#define WITH_SECTION " JOIN sections s ON s.id = a.section_id"
#define SUMMARY_FROM "articles a" WITH_SECTION
/* Without ANALYZE the planner prefers an equality on status (an admin index) to a range of a
 * partial index: these lists name the index that answers them in their order. */
#define BY_TIME " INDEXED BY articles_published"
#define BY_SECTION_TIME " INDEXED BY articles_published_by_section"
#define BY_ID " NOT INDEXED"  /* by rowid */
#define PUBLISHED_FROM "articles a" BY_TIME WITH_SECTION
#define SECTION_PUBLISHED_FROM "articles a" BY_SECTION_TIME WITH_SECTION

static const char *const sql[Q__COUNT] = {
	[Q_SECTIONS] = "SELECT id, slug, name FROM sections ORDER BY position, id",
	[Q_SECTION] = "SELECT id, slug, name FROM sections WHERE slug = ?1",
	[Q_ARTICLE] = "SELECT " SUMMARY_COLUMNS ", a.image_caption, a.sponsor, a.sponsor_url"
		" FROM " SUMMARY_FROM " WHERE " VISIBLE " AND s.slug = ?2 AND a.slug = ?3",
	[Q_BLOCKS] = "SELECT kind, text, image_url, name, byline, media_url FROM blocks"
		" WHERE article_id = ?1 ORDER BY position",
	[Q_LINKS] = "SELECT source, title, url, published_at, needs_registration"
		" FROM related_links WHERE article_id = ?1 ORDER BY position",
	/* every promo, shown or not: a hidden one that is published later changes the page */
	[Q_PROMOS] = "SELECT " SUMMARY_COLUMNS ", " VISIBLE " FROM article_promos p"
		" JOIN articles a ON a.id = p.promo_id" WITH_SECTION
		" WHERE p.article_id = ?2 ORDER BY p.position",
	[Q_SITE_PROMOS] = "SELECT " SUMMARY_COLUMNS ", " VISIBLE " FROM site_promos p"
		" JOIN articles a ON a.id = p.promo_id" WITH_SECTION
		" WHERE a.id <> ?2 ORDER BY p.position",
	/* A page of a section from the position spans_locate found: published before ?5 (which is
	 * at most now + 1: one bound, so the index range starts there), ?4 on. */
	[Q_SECTION_STORIES] = "SELECT " SUMMARY_COLUMNS " FROM " SECTION_PUBLISHED_FROM
		" WHERE a.status = 'published' AND a.section_id = ?2 AND a.published_at < ?5"
		" ORDER BY a.published_at DESC, a.id DESC LIMIT ?3 OFFSET ?4",
	/* The section's scheduled articles: counted in its spans, not yet shown. */
	[Q_SECTION_SCHEDULED] = "SELECT a.published_at FROM articles a" BY_SECTION_TIME
		" WHERE a.status = 'published' AND a.section_id = ?2 AND a.published_at > ?1 ORDER BY a.published_at",
	[Q_LATEST] = "SELECT " SUMMARY_COLUMNS " FROM " PUBLISHED_FROM " WHERE " VISIBLE
		" ORDER BY a.published_at DESC, a.id DESC LIMIT ?2",
	/* Each section's newest few, each found by its own index range. */
	[Q_LATEST_BY_SECTION] = "SELECT " SUMMARY_COLUMNS " FROM sections s JOIN articles a"
		" ON a.id IN (SELECT i.id FROM articles i" BY_SECTION_TIME " WHERE i.status = 'published'"
		" AND i.section_id = s.id AND i.published_at <= ?1"
		" ORDER BY i.published_at DESC, i.id DESC LIMIT ?2)"
		" ORDER BY s.position, s.id, a.published_at DESC, a.id DESC",
	[Q_REDIRECT] = "SELECT s.slug, a.slug FROM slug_redirects r JOIN articles a ON a.id = r.article_id"
		WITH_SECTION " WHERE r.section_slug = ?2 AND r.slug = ?3 AND " VISIBLE,
	/* Search keys are published_at * 2^24 + id (sql/006_lists_at_scale.sql): visible is
	 * key < ?1 = (now + 1) * 2^24, inside the index. Read newest first, newsdesk_rank keeps the
	 * rows that can be among the best ?3 (src/store/rank.c); each hit shown is then read with its
	 * snippet. */
	[Q_SEARCH] = "SELECT rowid, newsdesk_rank(search, ?3) FROM search WHERE search MATCH ?2"
		" AND rowid < ?1 AND newsdesk_rank(search, ?3) IS NOT NULL ORDER BY rowid DESC",
	[Q_SEARCH_HIT] = "SELECT " SUMMARY_COLUMNS ", snippet(search, -1, char(57344), char(57345),"
		" '\xe2\x80\xa6', 24) FROM search CROSS JOIN articles a ON a.id = search.rowid & 16777215"
		WITH_SECTION " WHERE search MATCH ?2 AND search.rowid = ?1",
	[Q_SEARCH_COUNT] = "SELECT count(*) FROM search WHERE search MATCH ?2 AND rowid < ?1",
	[Q_NEWEST] = "SELECT " SUMMARY_COLUMNS " FROM " PUBLISHED_FROM " WHERE " VISIBLE
		" AND a.published_at >= ?3 ORDER BY a.published_at DESC, a.id DESC LIMIT ?4",
	[Q_NEWEST_IN_SECTION] = "SELECT " SUMMARY_COLUMNS " FROM " SECTION_PUBLISHED_FROM
		" WHERE " VISIBLE " AND a.section_id = ?2 AND a.published_at >= ?3"
		" ORDER BY a.published_at DESC, a.id DESC LIMIT ?4",
	/* The sitemap files that have a visible article (sitemap_files, kept by triggers). */
	[Q_SITEMAP_FILES] = "SELECT file, first_published_at FROM sitemap_files"
		" WHERE first_published_at <= ?1 ORDER BY file LIMIT ?3",
	[Q_SECTIONS_NEWEST] = "SELECT s.id, s.slug, s.name, (SELECT max(a.published_at) FROM articles a"
		BY_SECTION_TIME " WHERE a.status = 'published' AND a.section_id = s.id"
		" AND a.published_at <= ?1) FROM sections s ORDER BY s.position, s.id",
	/* The rows of list_spans and sitemap_files that a recount of the articles does not give,
	 * and the recount's rows they lack. */
	[Q_COUNTS_CHECK] = "WITH spans AS ("
		" SELECT 1, l.level, (a.published_at >> l.level) << l.level, a.section_id, a.status,"
		" count(*) FROM articles a, span_levels l"
		" WHERE a.status = 'published' AND a.published_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5"
		" UNION ALL SELECT 2, l.level, (coalesce(a.edited_at, a.updated_at) >> l.level) << l.level,"
		" a.section_id, a.status, count(*) FROM articles a, span_levels l GROUP BY 1, 2, 3, 4, 5),"
		" files AS (SELECT id / 250 + 1, min(published_at) FROM articles"
		" WHERE status = 'published' AND published_at IS NOT NULL GROUP BY 1)"
		" SELECT (SELECT count(*) FROM (SELECT * FROM spans EXCEPT SELECT list, level, start,"
		" section_id, status, n FROM list_spans))"
		" + (SELECT count(*) FROM (SELECT list, level, start, section_id, status, n FROM list_spans"
		" EXCEPT SELECT * FROM spans))"
		" + (SELECT count(*) FROM (SELECT * FROM files EXCEPT SELECT * FROM sitemap_files))"
		" + (SELECT count(*) FROM (SELECT * FROM sitemap_files EXCEPT SELECT * FROM files))",
	[Q_SITEMAP_FILE] = "SELECT a.id, s.slug, a.slug, a.published_at, a.updated_at"
		" FROM articles a" BY_ID WITH_SECTION " WHERE a.id >= ?2 AND a.id < ?3 AND " VISIBLE
		" ORDER BY a.id",
	[Q_SCHEMA_VERSION] = "PRAGMA user_version",
	[Q_CONTENT_VERSION] = "SELECT version FROM site_state WHERE id = 1",
	[Q_NEXT_PUBLISH] = "SELECT (SELECT min(published_at) FROM articles" BY_TIME
		" WHERE status = 'published' AND published_at > ?1),"
		" (SELECT changed_at FROM site_state WHERE id = 1)",
	[Q_SECTION_MOVED] = "SELECT s.slug FROM section_redirects r JOIN sections s"
		" ON s.id = r.section_id WHERE r.old_slug = ?1",
	[Q_LAST_BEFORE] = "SELECT max(a.published_at) FROM articles a" BY_TIME " WHERE " VISIBLE
		" AND a.published_at < ?2",
};

#define text_at db_text

static sqlite3_stmt *stmt(struct db *db, enum query q)
{
	return db_prepare(db, sql[q]);
}

static bool read_section(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct section *sec = item;
	sec->id = sqlite3_column_int64(s, 0);
	sec->slug = text_at(a, s, 1);
	sec->name = text_at(a, s, 2);
	return sec->slug && sec->name;
}

bool model_read_summary(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct summary *m = item;
	m->id = sqlite3_column_int64(s, 0);
	m->section_slug = text_at(a, s, 1);
	m->section_name = text_at(a, s, 2);
	m->slug = text_at(a, s, 3);
	m->headline = text_at(a, s, 4);
	m->intro = text_at(a, s, 5);
	m->image_url = text_at(a, s, 6);
	m->image_alt = text_at(a, s, 7);
	m->published_at = sqlite3_column_int64(s, 8);
	m->updated_at = sqlite3_column_int64(s, 9);
	return m->section_slug && m->section_name && m->slug && m->headline && m->intro &&
	       m->image_url && m->image_alt;
}

enum block_kind model_block_kind(const char *name)
{
	return !name ? BLOCK_PARAGRAPH : strcmp(name, "box") == 0 ? BLOCK_BOX :
	       strcmp(name, "media") == 0 ? BLOCK_MEDIA : BLOCK_PARAGRAPH;
}

const char *model_block_kind_name(enum block_kind k)
{
	return k == BLOCK_BOX ? "box" : k == BLOCK_MEDIA ? "media" : "paragraph";
}

bool model_read_block(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct block *b = item;
	b->kind = model_block_kind((const char *)sqlite3_column_text(s, 0));
	b->text = text_at(a, s, 1);
	b->image_url = text_at(a, s, 2);
	b->name = text_at(a, s, 3);
	b->byline = text_at(a, s, 4);
	b->media_url = text_at(a, s, 5);
	return b->text && b->image_url && b->name && b->byline && b->media_url;
}

bool model_read_link(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct related_link *l = item;
	l->source = text_at(a, s, 0);
	l->title = text_at(a, s, 1);
	l->url = text_at(a, s, 2);
	l->published_at = sqlite3_column_int64(s, 3);
	l->needs_registration = sqlite3_column_int(s, 4) != 0;
	return l->source && l->title && l->url;
}

static bool bind_now_id(sqlite3_stmt *s, time_t now, long long id)
{
	return sqlite3_bind_int64(s, 1, now) == SQLITE_OK && sqlite3_bind_int64(s, 2, id) == SQLITE_OK;
}

static bool bind_page(sqlite3_stmt *s, int first, int limit, int offset)
{
	return sqlite3_bind_int(s, first, limit) == SQLITE_OK &&
	       sqlite3_bind_int(s, first + 1, offset) == SQLITE_OK;
}

enum store_result model_sections(struct db *db, struct arena *a, struct section **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_SECTIONS);
	if (!s)
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_section, (void **)out, n);
}

enum store_result model_section(struct db *db, struct arena *a, const char *slug,
				struct section *out)
{
	sqlite3_stmt *s = stmt(db, Q_SECTION);
	if (!s || !db_bind_text(s, 1, slug))
		return STORE_ERROR;
	return db_step_one(s, a, read_section, out);
}

/* Runs a statement bound to (now, id) that yields summary rows. */
static enum store_result summaries_for(struct db *db, struct arena *a, enum query q, time_t now,
				       long long id, struct summary **out, int *n)
{
	sqlite3_stmt *s = stmt(db, q);
	if (!s || !bind_now_id(s, now, id))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, model_read_summary, (void **)out, n);
}

enum store_result model_blocks(struct db *db, struct arena *a, long long article_id,
			       struct block **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_BLOCKS);
	if (!s || sqlite3_bind_int64(s, 1, article_id) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, model_read_block, (void **)out, n);
}

enum store_result model_links(struct db *db, struct arena *a, long long article_id,
			      struct related_link **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_LINKS);
	if (!s || sqlite3_bind_int64(s, 1, article_id) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, model_read_link, (void **)out, n);
}

struct address {
	const char *section, *slug;
};

static bool read_address(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct address *to = item;
	return (to->section = text_at(a, s, 0)) && (to->slug = text_at(a, s, 1));
}

enum store_result model_redirect(struct db *db, struct arena *a, const char *section,
				 const char *slug, time_t now, const char **new_section,
				 const char **new_slug)
{
	struct address to;
	sqlite3_stmt *s = stmt(db, Q_REDIRECT);
	if (!s || sqlite3_bind_int64(s, 1, now) != SQLITE_OK || !db_bind_text(s, 2, section) ||
	    !db_bind_text(s, 3, slug))
		return STORE_ERROR;
	enum store_result r = db_step_one(s, a, read_address, &to);
	if (r == STORE_OK) {
		*new_section = to.section;
		*new_slug = to.slug;
	}
	return r;
}

struct promo_row {
	struct summary s;
	bool visible;
};

static bool read_promo(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct promo_row *p = item;
	p->visible = sqlite3_column_int(s, 10) != 0;
	return model_read_summary(s, a, &p->s);
}

/* Adds the visible rows of q to out->promos and every row's id to out->promo_ids. */
static enum store_result promos_of(struct db *db, struct arena *a, enum query q, time_t now,
				   struct article *out)
{
	struct promo_row *rows;
	int n;
	sqlite3_stmt *s = stmt(db, q);
	if (!s || !bind_now_id(s, now, out->s.id))
		return STORE_ERROR;
	enum store_result r = db_rows(s, a, sizeof *rows, read_promo, (void **)&rows, &n);
	if (r != STORE_OK || n == 0)
		return r;
	struct summary *shown = arena_alloc(a, (size_t)n * sizeof *shown);
	long long *ids = arena_alloc(a, (size_t)(out->npromo_ids + n) * sizeof *ids);
	if (!shown || !ids)
		return STORE_ERROR;
	if (out->npromo_ids)
		memcpy(ids, out->promo_ids, (size_t)out->npromo_ids * sizeof *ids);
	out->npromos = 0;
	for (int i = 0; i < n; i++) {
		ids[out->npromo_ids++] = rows[i].s.id;
		if (rows[i].visible)
			shown[out->npromos++] = rows[i].s;
	}
	out->promos = shown;
	out->promo_ids = ids;
	return STORE_OK;
}

static enum store_result article_parts(struct db *db, struct arena *a, time_t now,
				       struct article *out)
{
	enum store_result r;
	out->promos = NULL;
	out->promo_ids = NULL;
	out->npromos = out->npromo_ids = 0;
	out->site_promos = false;
	if ((r = model_blocks(db, a, out->s.id, &out->blocks, &out->nblocks)) != STORE_OK ||
	    (r = newsroom_article_parts(db, a, out)) != STORE_OK ||
	    (r = model_links(db, a, out->s.id, &out->links, &out->nlinks)) != STORE_OK ||
	    (r = promos_of(db, a, Q_PROMOS, now, out)) != STORE_OK)
		return r;
	if (out->npromos > 0)
		return STORE_OK;
	out->site_promos = true;
	return promos_of(db, a, Q_SITE_PROMOS, now, out);
}

static bool read_article(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct article *out = item;
	return model_read_summary(s, a, &out->s) && (out->image_caption = text_at(a, s, 10)) &&
	       (out->sponsor = text_at(a, s, 11)) && (out->sponsor_url = text_at(a, s, 12));
}

enum store_result model_article(struct db *db, struct arena *a, const char *section,
				const char *slug, time_t now, struct article *out)
{
	sqlite3_stmt *s = stmt(db, Q_ARTICLE);
	memset(out, 0, sizeof *out);
	if (!s || sqlite3_bind_int64(s, 1, now) != SQLITE_OK || !db_bind_text(s, 2, section) ||
	    !db_bind_text(s, 3, slug))
		return STORE_ERROR;
	enum store_result r = db_step_one(s, a, read_article, out);
	return r == STORE_OK ? article_parts(db, a, now, out) : r;
}

static bool read_int(sqlite3_stmt *s, struct arena *a, void *item)
{
	(void)a;
	*(long long *)item = sqlite3_column_int64(s, 0);
	return true;
}

enum store_result model_section_stories(struct db *db, struct arena *a, long long section_id,
					time_t now, int limit, int offset,
					struct summary **out, int *n, long long *total)
{
	struct span_filter f = { SPANS_PUBLISHED, section_id, "published", NULL, 0 };
	long long before, skip, *scheduled;
	sqlite3_stmt *s = stmt(db, Q_SECTION_SCHEDULED);
	enum store_result r;
	*out = NULL;
	*n = 0;
	if (!s || !bind_now_id(s, now, section_id))
		return STORE_ERROR;
	if ((r = db_rows(s, a, sizeof *scheduled, read_int, (void **)&scheduled,
			 &f.nexcluded)) != STORE_OK)
		return r;
	f.excluded = scheduled;
	if ((r = spans_total(db, a, &f, total)) != STORE_OK)
		return r;
	if (offset >= *total)
		return STORE_OK;
	if ((r = spans_locate(db, a, &f, offset, &before, &skip)) != STORE_OK)
		return r == STORE_NOT_FOUND ? STORE_OK : r;
	s = stmt(db, Q_SECTION_STORIES);
	if (!s || !bind_now_id(s, now, section_id) || !bind_page(s, 3, limit, (int)skip) ||
	    !db_bind_int(s, 5, before < (long long)now + 1 ? before : (long long)now + 1))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, model_read_summary, (void **)out, n);
}

enum store_result model_latest(struct db *db, struct arena *a, time_t now, int limit,
			       struct summary **out, int *n)
{
	return summaries_for(db, a, Q_LATEST, now, limit, out, n);
}

enum store_result model_latest_by_section(struct db *db, struct arena *a, time_t now,
					  int per_section, struct summary **out, int *n)
{
	return summaries_for(db, a, Q_LATEST_BY_SECTION, now, per_section, out, n);
}

static bool read_hit(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct search_hit *h = item;
	return model_read_summary(s, a, &h->s) && (h->snippet = text_at(a, s, 10));
}

/* The first search key after the visible ones: keys of articles published at or before now. */
static long long search_keys_until(time_t now)
{
	return ((long long)now + 1) * 16777216;
}

struct ranked {
	long long key;
	double rank;
};

static bool read_ranked(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct ranked *r = item;
	(void)a;
	r->key = sqlite3_column_int64(s, 0);
	r->rank = sqlite3_column_double(s, 1);
	return true;
}

/* Whether a comes after b: best first (lowest rank); among equals, the newest (highest key). */
static bool ranked_after(const struct ranked *a, const struct ranked *b)
{
	return a->rank != b->rank ? a->rank > b->rank : a->key < b->key;
}

static void sift_ranked(struct ranked *r, int n, int i)
{
	for (;;) {
		int l = 2 * i + 1, c = l + 1 < n && ranked_after(&r[l + 1], &r[l]) ? l + 1 : l;
		if (l >= n || !ranked_after(&r[c], &r[i]))
			return;
		struct ranked t = r[i];
		r[i] = r[c];
		r[c] = t;
		i = c;
	}
}

/* A heapsort, not qsort: glibc's qsort asks the kernel for the memory size (sysinfo) past a
 * kilobyte, a call the sandbox does not allow. */
static void sort_ranked(struct ranked *r, int n)
{
	for (int i = n / 2 - 1; i >= 0; i--)
		sift_ranked(r, n, i);
	for (int end = n - 1; end > 0; end--) {
		struct ranked t = r[0];
		r[0] = r[end];
		r[end] = t;
		sift_ranked(r, end, 0);
	}
}

/* The keys of the hits on the page: the best limit after offset. */
static enum store_result ranked_keys(struct db *db, struct arena *a, const char *fts_query,
				     time_t now, int limit, int offset, struct ranked **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_SEARCH);
	enum store_result r;
	if (!s || !db_bind_int(s, 1, search_keys_until(now)) || !db_bind_text(s, 2, fts_query) ||
	    !db_bind_int(s, 3, (long long)limit + offset))
		return STORE_ERROR;
	if ((r = db_rows(s, a, sizeof **out, read_ranked, (void **)out, n)) != STORE_OK)
		return r;
	sort_ranked(*out, *n);
	*out += offset < *n ? offset : *n;
	*n = offset < *n ? *n - offset : 0;
	if (*n > limit)
		*n = limit;
	return STORE_OK;
}

enum store_result model_search(struct db *db, struct arena *a, const char *fts_query, time_t now,
			       int limit, int offset, struct search_hit **out, int *n,
			       long long *total)
{
	sqlite3_stmt *s = stmt(db, Q_SEARCH_COUNT);
	struct ranked *keys;
	int nkeys;
	enum store_result r;
	*out = NULL;
	*n = 0;
	if (!s || !db_bind_int(s, 1, search_keys_until(now)) || !db_bind_text(s, 2, fts_query))
		return STORE_ERROR;
	if ((r = db_integer(s, total)) != STORE_OK || offset >= *total)
		return r;
	if ((r = ranked_keys(db, a, fts_query, now, limit, offset, &keys, &nkeys)) != STORE_OK)
		return r;
	if (nkeys && !(*out = arena_alloc(a, (size_t)nkeys * sizeof **out)))
		return STORE_ERROR;
	for (int i = 0; i < nkeys; i++) {
		s = stmt(db, Q_SEARCH_HIT);
		if (!s || !db_bind_int(s, 1, keys[i].key) || !db_bind_text(s, 2, fts_query))
			return STORE_ERROR;
		if ((r = db_step_one(s, a, read_hit, &(*out)[*n])) == STORE_OK)
			(*n)++;
		else if (r != STORE_NOT_FOUND)  /* changed since it was ranked: left out */
			return r;
	}
	return STORE_OK;
}

enum store_result model_newest(struct db *db, struct arena *a, long long section_id, time_t now,
			       time_t since, int limit, struct summary **out, int *n)
{
	sqlite3_stmt *s = stmt(db, section_id ? Q_NEWEST_IN_SECTION : Q_NEWEST);
	if (!s || !bind_now_id(s, now, section_id) || sqlite3_bind_int64(s, 3, since) != SQLITE_OK ||
	    sqlite3_bind_int(s, 4, limit) != SQLITE_OK)
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, model_read_summary, (void **)out, n);
}

static bool read_section_newest(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct section_newest *sn = item;
	sn->newest = sqlite3_column_int64(s, 3);
	return read_section(s, a, &sn->section);
}

enum store_result model_sections_newest(struct db *db, struct arena *a, time_t now,
					struct section_newest **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_SECTIONS_NEWEST);
	if (!s || !db_bind_int(s, 1, now))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_section_newest, (void **)out, n);
}

static bool read_sitemap_file(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct sitemap_file *f = item;
	(void)a;
	f->number = sqlite3_column_int64(s, 0);
	f->listed_since = sqlite3_column_int64(s, 1);
	return true;
}

enum store_result model_sitemap_files(struct db *db, struct arena *a, time_t now,
				      struct sitemap_file **files, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_SITEMAP_FILES);
	if (!s || !db_bind_int(s, 1, now) || !db_bind_int(s, 3, SITEMAP_FILES_MAX))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **files, read_sitemap_file, (void **)files, n);
}

static bool read_sitemap_entry(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct sitemap_entry *e = item;
	e->id = sqlite3_column_int64(s, 0);
	e->published_at = sqlite3_column_int64(s, 3);
	e->updated_at = sqlite3_column_int64(s, 4);
	return (e->section_slug = text_at(a, s, 1)) && (e->slug = text_at(a, s, 2));
}

enum store_result model_sitemap_file(struct db *db, struct arena *a, time_t now, long long file,
				     struct sitemap_entry **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_SITEMAP_FILE);
	*out = NULL;
	*n = 0;
	if (file < 1 || file > LLONG_MAX / SITEMAP_FILE_IDS)
		return STORE_NOT_FOUND;
	if (!s || !bind_now_id(s, now, (file - 1) * SITEMAP_FILE_IDS) ||
	    !db_bind_int(s, 3, file * SITEMAP_FILE_IDS))
		return STORE_ERROR;
	enum store_result r = db_rows(s, a, sizeof **out, read_sitemap_entry, (void **)out, n);
	return r == STORE_OK && *n == 0 ? STORE_NOT_FOUND : r;
}

struct site_times {
	time_t next_publish, changed_at;
};

static bool read_site_times(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct site_times *t = item;
	(void)a;
	t->next_publish = (time_t)sqlite3_column_int64(s, 0);
	t->changed_at = (time_t)sqlite3_column_int64(s, 1);
	return true;
}

enum store_result model_site_times(struct db *db, time_t now, time_t *next_publish,
				   time_t *changed_at)
{
	struct site_times t = { 0, 0 };
	sqlite3_stmt *s = stmt(db, Q_NEXT_PUBLISH);
	enum store_result r = STORE_ERROR;
	if (s && sqlite3_bind_int64(s, 1, now) == SQLITE_OK)
		r = db_step_one(s, NULL, read_site_times, &t);
	*next_publish = t.next_publish;
	*changed_at = t.changed_at;
	return r == STORE_NOT_FOUND ? STORE_OK : r;
}

enum store_result model_last_before(struct db *db, time_t now, time_t before, time_t *out)
{
	sqlite3_stmt *s = stmt(db, Q_LAST_BEFORE);
	long long t = 0;
	enum store_result r = STORE_ERROR;
	if (s && bind_now_id(s, now, before))
		r = db_integer(s, &t);
	*out = (time_t)t;
	return r;
}

enum store_result model_check_counts(struct db *db, long long *wrong)
{
	sqlite3_stmt *s = stmt(db, Q_COUNTS_CHECK);
	*wrong = -1;
	return s ? db_integer(s, wrong) : STORE_ERROR;
}

enum store_result model_content_version(struct db *db, long long *out)
{
	sqlite3_stmt *s = stmt(db, Q_CONTENT_VERSION);
	*out = -1;
	return s ? db_integer(s, out) : STORE_ERROR;
}

enum store_result model_schema_version(struct db *db, long long *out)
{
	sqlite3_stmt *s = stmt(db, Q_SCHEMA_VERSION);
	*out = -1;
	return s ? db_integer(s, out) : STORE_ERROR;
}

static bool read_text(sqlite3_stmt *s, struct arena *a, void *item)
{
	return (*(const char **)item = text_at(a, s, 0)) != NULL;
}

enum store_result model_section_moved(struct db *db, struct arena *a, const char *old_slug,
				      const char **slug)
{
	sqlite3_stmt *s = stmt(db, Q_SECTION_MOVED);
	if (!s || !db_bind_text(s, 1, old_slug))
		return STORE_ERROR;
	return db_step_one(s, a, read_text, slug);
}
