/* The store for imports: sections, articles by their source id, old addresses, what waits for
 * later tables, and resumable runs (all its SQL). The caller holds one transaction per batch. */
#include "importer.h"

#include <stdio.h>
#include <string.h>

#include "newsroom.h"

enum query {
	Q_SECTION_ID, Q_SECTION_ADD, Q_ITEM_ARTICLE, Q_SLUG_TAKEN, Q_INSERT, Q_UPDATE, Q_PUBLISH,
	Q_DEL_BLOCKS, Q_ADD_BLOCK, Q_DEL_PATHS, Q_ADD_PATH, Q_DEL_PENDING, Q_ADD_PENDING,
	Q_PUT_ITEM, Q_PUT_ATTACHMENT, Q_THUMBNAIL, Q_RESOLVE, Q_RUN_FIND, Q_RUN_START,
	Q_RUN_PROGRESS, Q_RUN_FINISH, Q_LEGACY, Q_NEXT_ID, Q_PERSON_ADD, Q_PERSON_ID, Q_TOPIC_BY_NAME,
	Q_ADD_BYLINE, Q_ADD_TOPIC, Q_PATH_OWNER, Q__COUNT
};

static const char *const sql[Q__COUNT] = {
	[Q_SECTION_ID] = "SELECT id FROM sections WHERE slug = ?1",
	[Q_SECTION_ADD] =
		"INSERT INTO sections (slug, name, position)"
		" SELECT ?1, ?2, coalesce(max(position), 0) + 1 FROM sections",
	[Q_ITEM_ARTICLE] =
		"SELECT i.article_id FROM import_items i JOIN articles a ON a.id = i.article_id"
		" WHERE i.site = ?1 AND i.wp_id = ?2",
	[Q_SLUG_TAKEN] = "SELECT 1 FROM articles WHERE section_id = ?1 AND slug = ?2 AND id <> ?3",
	/* A new article's blocks go in first (its foreign keys checked at commit), so that the
	 * search index takes the whole body once, as the row goes in with its own status. */
	[Q_NEXT_ID] = "SELECT coalesce(max(id), 0) + 1 FROM articles",
	[Q_INSERT] =
		"INSERT INTO articles (id, section_id, slug, headline, intro, image_url, image_alt,"
		" image_caption, status, published_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?11, nullif(?9, 0), ?10)",
	/* An article imported before is made a draft while its blocks change, for the same
	 * reason (Q_PUBLISH gives it its status back). */
	[Q_UPDATE] =
		"UPDATE articles SET section_id = ?2, slug = ?3, headline = ?4, intro = ?5,"
		" image_url = ?6, image_alt = ?7, image_caption = ?8, status = 'draft',"
		" published_at = nullif(?9, 0), updated_at = ?10 WHERE id = ?1",
	[Q_PUBLISH] = "UPDATE articles SET status = ?2 WHERE id = ?1 AND status <> ?2",
	[Q_DEL_BLOCKS] = "DELETE FROM blocks WHERE article_id = ?1",
	[Q_ADD_BLOCK] =
		"INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url,"
		" plain) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[Q_DEL_PATHS] = "DELETE FROM legacy_paths WHERE article_id = ?1",
	/* An old address another article holds stays its (two sites' /?p=123 alike): the first. */
	[Q_ADD_PATH] = "INSERT OR IGNORE INTO legacy_paths (path, article_id) VALUES (?2, ?1)",
	[Q_PATH_OWNER] = "SELECT article_id FROM legacy_paths WHERE path = ?1",
	/* Rows of every kind go: tags and authors an import before topics and people kept here
	 * now become topics and bylines (write_tags), so a re-run moves them. */
	[Q_DEL_PENDING] = "DELETE FROM import_pending WHERE article_id = ?1",
	/* A person found by slug keeps what editors made of them; a new one has a name only. */
	[Q_PERSON_ADD] = "INSERT INTO people (slug, name, updated_at) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (slug) DO NOTHING",
	[Q_PERSON_ID] = "SELECT id FROM people WHERE slug = ?1",
	/* A new article's topics that already exist by name (sql/012's index), as
	 * newsroom_topic_find looks first; any other goes through newsroom_write_tags. */
	[Q_TOPIC_BY_NAME] = "SELECT id FROM topics WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
	[Q_ADD_BYLINE] = "INSERT OR IGNORE INTO bylines (article_id, position, person_id)"
		" VALUES (?1, ?2, ?3)",
	[Q_ADD_TOPIC] = "INSERT OR IGNORE INTO article_topics (article_id, position, topic_id)"
		" VALUES (?1, ?2, ?3)",
	[Q_ADD_PENDING] =
		"INSERT INTO import_pending (article_id, kind, position, value, label, detail)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_PUT_ITEM] =
		"INSERT INTO import_items (site, wp_id, guid, kind, article_id, thumbnail_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (site, wp_id) DO UPDATE SET"
		" guid = excluded.guid, kind = excluded.kind, article_id = excluded.article_id,"
		" thumbnail_id = excluded.thumbnail_id",
	[Q_PUT_ATTACHMENT] =
		"INSERT INTO import_items (site, wp_id, guid, kind, url, alt, caption)"
		" VALUES (?1, ?2, ?3, 'attachment', ?4, ?5, ?6) ON CONFLICT (site, wp_id) DO UPDATE SET"
		" guid = excluded.guid, kind = 'attachment', url = excluded.url, alt = excluded.alt,"
		" caption = excluded.caption",
	[Q_THUMBNAIL] =
		"SELECT url, alt, caption FROM import_items WHERE site = ?1 AND wp_id = ?2"
		" AND kind = 'attachment'",
	/* Featured images whose attachment came later in the file than their post. */
	[Q_RESOLVE] =
		"UPDATE articles SET image_url = t.url, image_alt = t.alt, image_caption = t.caption"
		" FROM (SELECT p.article_id AS id, m.url, m.alt, m.caption FROM import_items p"
		"   JOIN import_items m ON m.site = p.site AND m.wp_id = p.thumbnail_id"
		"   AND m.kind = 'attachment'"
		"   WHERE p.site = ?1 AND p.thumbnail_id > 0 AND p.article_id IS NOT NULL) t"
		" WHERE articles.id = t.id AND articles.image_url = '' AND t.url <> ''",
	[Q_RUN_FIND] =
		"SELECT id, items_done FROM import_runs WHERE file_key = ?1 AND finished_at IS NULL"
		" ORDER BY id DESC LIMIT 1",
	[Q_RUN_START] = "INSERT INTO import_runs (file_key, started_at) VALUES (?1, ?2)",
	[Q_RUN_PROGRESS] = "UPDATE import_runs SET items_done = ?2 WHERE id = ?1",
	[Q_RUN_FINISH] = "UPDATE import_runs SET items_done = ?2, finished_at = ?3 WHERE id = ?1",
	[Q_LEGACY] =
		"SELECT s.slug, a.slug FROM legacy_paths l JOIN articles a ON a.id = l.article_id"
		" JOIN sections s ON s.id = a.section_id WHERE l.path = ?1"
		" AND a.status = 'published' AND a.published_at <= ?2",
};

static sqlite3_stmt *stmt(struct db *db, enum query q)
{
	return db_prepare(db, sql[q]);
}

/* Runs q with one integer parameter. */
static enum store_result run_with_id(struct db *db, enum query q, long long id)
{
	sqlite3_stmt *s = stmt(db, q);
	return db_run(s, s && db_bind_int(s, 1, id));
}

enum store_result import_section(struct db *db, const char *slug, const char *name,
				 long long *id, bool *made)
{
	sqlite3_stmt *s = stmt(db, Q_SECTION_ID);
	enum store_result r;
	*id = 0;
	*made = false;
	if (!s || !db_bind_text(s, 1, slug))
		return STORE_ERROR;
	if ((r = db_integer(s, id)) != STORE_OK || *id)
		return r;
	s = stmt(db, Q_SECTION_ADD);
	if ((r = db_run(s, s && db_bind_text(s, 1, slug) && db_bind_text(s, 2, name))) != STORE_OK)
		return r;
	*id = sqlite3_last_insert_rowid(db->conn);
	*made = true;
	return STORE_OK;
}

static enum store_result slug_taken(struct db *db, long long section_id, const char *slug,
				    long long id, bool *taken)
{
	sqlite3_stmt *s = stmt(db, Q_SLUG_TAKEN);
	long long found = 0;
	enum store_result r;
	if (!s || !db_bind_int(s, 1, section_id) || !db_bind_text(s, 2, slug) || !db_bind_int(s, 3, id))
		return STORE_ERROR;
	r = db_integer(s, &found);
	*taken = found != 0;
	return r;
}

/* The article's slug, or when another article of the section has it, the slug with its source
 * id appended ("budget-2010-123"), cut to fit. */
static enum store_result free_slug(struct db *db, struct arena *a, const struct import_article *ia,
				   long long id, const char **slug, bool *changed)
{
	bool taken;
	enum store_result r;
	*slug = ia->slug;
	*changed = false;
	if ((r = slug_taken(db, ia->section_id, ia->slug, id, &taken)) != STORE_OK || !taken)
		return r;
	char suffix[24];
	int n = snprintf(suffix, sizeof suffix, "-%lld", ia->wp_id);
	int keep = (int)strlen(ia->slug);
	if (keep + n > 100)
		keep = 100 - n;
	if (!(*slug = arena_printf(a, "%.*s%s", keep, ia->slug, suffix)))
		return STORE_ERROR;
	*changed = true;
	if ((r = slug_taken(db, ia->section_id, *slug, id, &taken)) != STORE_OK)
		return r;
	return taken ? STORE_TAKEN : STORE_OK;
}

/* The featured image from an attachment seen earlier in the file, when the post has none yet. */
static enum store_result thumbnail(struct db *db, struct arena *a, const struct import_article *ia,
				   const char **url, const char **alt, const char **caption)
{
	*url = ia->image_url;
	*alt = ia->image_alt;
	*caption = ia->image_caption;
	if (!ia->thumbnail_id)
		return STORE_OK;
	sqlite3_stmt *s = stmt(db, Q_THUMBNAIL);
	if (!s || !db_bind_text(s, 1, ia->site) || !db_bind_int(s, 2, ia->thumbnail_id))
		return STORE_ERROR;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*url = db_text(a, s, 0);
		*alt = db_text(a, s, 1);
		*caption = db_text(a, s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_result(rc);
	return *url && *alt && *caption ? STORE_OK : STORE_ERROR;
}

static enum store_result write_row(struct db *db, struct arena *a, const struct import_article *ia,
				   const char *slug, long long id, bool is_new)
{
	const char *url, *alt, *caption;
	enum store_result r = thumbnail(db, a, ia, &url, &alt, &caption);
	if (r != STORE_OK)
		return r;
	sqlite3_stmt *s = stmt(db, is_new ? Q_INSERT : Q_UPDATE);
	if (!s || !db_bind_int(s, 1, id) || !db_bind_int(s, 2, ia->section_id) ||
	    !db_bind_text(s, 3, slug) || !db_bind_text(s, 4, ia->headline) ||
	    !db_bind_text(s, 5, ia->intro) || !db_bind_text(s, 6, url) || !db_bind_text(s, 7, alt) ||
	    !db_bind_text(s, 8, caption) || !db_bind_int(s, 9, ia->published_at) ||
	    !db_bind_int(s, 10, ia->updated_at) || (is_new && !db_bind_text(s, 11, ia->status)))
		return STORE_ERROR;
	return db_exec(s);
}

static enum store_result write_blocks(struct db *db, long long id, const struct import_article *ia)
{
	enum store_result r = run_with_id(db, Q_DEL_BLOCKS, id);
	for (int i = 0; r == STORE_OK && i < ia->nblocks; i++) {
		const struct block *b = &ia->blocks[i];
		sqlite3_stmt *s = stmt(db, Q_ADD_BLOCK);
		r = db_run(s, s && db_bind_int(s, 1, id) && db_bind_int(s, 2, i + 1) &&
			   db_bind_text(s, 3, model_block_kind_name(b->kind)) &&
			   db_bind_text(s, 4, b->text) && db_bind_text(s, 5, b->image_url) &&
			   db_bind_text(s, 6, b->name) && db_bind_text(s, 7, b->byline) &&
			   db_bind_text(s, 8, b->media_url) &&
			   (ia->plains && ia->plains[i] ? db_bind_text(s, 9, ia->plains[i])
							: sqlite3_bind_null(s, 9) == SQLITE_OK));
	}
	return r;
}

static enum store_result write_paths(struct db *db, long long id, const struct import_article *ia,
				     struct import_paths_taken *taken)
{
	enum store_result r = run_with_id(db, Q_DEL_PATHS, id);
	for (int i = 0; r == STORE_OK && i < ia->npaths; i++) {
		sqlite3_stmt *s = stmt(db, Q_ADD_PATH);
		long long owner = id;
		r = db_run(s, s && db_bind_int(s, 1, id) && db_bind_text(s, 2, ia->paths[i]));
		if (r == STORE_OK && sqlite3_changes(db->conn) == 0 &&
		    (s = stmt(db, Q_PATH_OWNER)) && db_bind_text(s, 1, ia->paths[i]))
			r = db_integer(s, &owner);
		if (r == STORE_OK && owner != id && taken->n++ == 0) {
			taken->first = ia->paths[i];
			taken->owner = owner;
		}
	}
	return r;
}

static bool is_kind(const struct import_pending *p, const char *kind)
{
	return strcmp(p->kind, kind) == 0;
}

/* The id of the row q finds by text (0: none). */
static enum store_result id_by(struct db *db, enum query q, const char *text, long long *id)
{
	sqlite3_stmt *s = stmt(db, q);
	*id = 0;
	return s && db_bind_text(s, 1, text) ? db_integer(s, id) : STORE_ERROR;
}

static enum store_result add_pair(struct db *db, enum query q, long long id, int pos,
				  long long other)
{
	sqlite3_stmt *s = stmt(db, q);
	return db_run(s, s && db_bind_int(s, 1, id) && db_bind_int(s, 2, pos) &&
		      db_bind_int(s, 3, other));
}

/* A new article whose topics all exist by name: its bylines and topics written directly (the
 * common case of a big import, without newsroom_write_tags' deletes and slug making). *done
 * false when a topic is new. */
static enum store_result write_tags_new(struct db *db, long long id, const char *const *people,
					int np, const char *const *topics, int nt, bool *done)
{
	long long ids[64], other;
	enum store_result r = STORE_OK;
	*done = false;
	if (nt > 64)
		return STORE_OK;
	for (int i = 0; r == STORE_OK && i < nt; i++)
		if ((r = id_by(db, Q_TOPIC_BY_NAME, topics[i], &ids[i])) == STORE_OK && !ids[i])
			return STORE_OK;
	for (int i = 0; r == STORE_OK && i < np; i++)
		if ((r = id_by(db, Q_PERSON_ID, people[i], &other)) == STORE_OK)
			r = other ? add_pair(db, Q_ADD_BYLINE, id, i + 1, other) : STORE_ERROR;
	for (int i = 0; r == STORE_OK && i < nt; i++)
		r = add_pair(db, Q_ADD_TOPIC, id, i + 1, ids[i]);
	*done = r == STORE_OK;
	return r;
}

/* Authors become people (made when no person has the slug) and the article's bylines in order;
 * tags and categories its topics, matched as the article form matches typed names. */
static enum store_result write_tags(struct db *db, struct arena *a, long long id, bool is_new,
				    const struct import_article *ia)
{
	const char **people = arena_alloc(a, (size_t)(ia->npending + 1) * sizeof *people);
	const char **topics = arena_alloc(a, (size_t)(ia->npending + 1) * sizeof *topics);
	int np = 0, nt = 0;
	enum store_result r = STORE_OK;
	if (!people || !topics)
		return STORE_ERROR;
	for (int i = 0; r == STORE_OK && i < ia->npending; i++) {
		const struct import_pending *p = &ia->pending[i];
		if (is_kind(p, "tag") || is_kind(p, "category")) {
			topics[nt++] = p->label;
		} else if (is_kind(p, "author")) {
			sqlite3_stmt *s = stmt(db, Q_PERSON_ADD);
			r = db_run(s, s && db_bind_text(s, 1, p->value) && db_bind_text(s, 2, p->label) &&
				   db_bind_int(s, 3, ia->updated_at));
			people[np++] = p->value;
		}
	}
	bool done = false;
	if (r == STORE_OK && is_new)
		r = write_tags_new(db, id, people, np, topics, nt, &done);
	return r == STORE_OK && !done ? newsroom_write_tags(db, id, people, np, topics, nt) : r;
}

static enum store_result write_pending(struct db *db, long long id, const struct import_article *ia)
{
	enum store_result r = run_with_id(db, Q_DEL_PENDING, id);
	for (int i = 0; r == STORE_OK && i < ia->npending; i++) {
		const struct import_pending *p = &ia->pending[i];
		if (!is_kind(p, "image"))
			continue;
		sqlite3_stmt *s = stmt(db, Q_ADD_PENDING);
		r = db_run(s, s && db_bind_int(s, 1, id) && db_bind_text(s, 2, p->kind) &&
			   db_bind_int(s, 3, i + 1) && db_bind_text(s, 4, p->value) &&
			   db_bind_text(s, 5, p->label) && db_bind_text(s, 6, p->detail));
	}
	return r;
}

static enum store_result write_item(struct db *db, long long id, const struct import_article *ia)
{
	sqlite3_stmt *s = stmt(db, Q_PUT_ITEM);
	return db_run(s, s && db_bind_text(s, 1, ia->site) && db_bind_int(s, 2, ia->wp_id) &&
		      db_bind_text(s, 3, ia->guid) && db_bind_text(s, 4, ia->kind) &&
		      db_bind_int(s, 5, id) && db_bind_int(s, 6, ia->thumbnail_id));
}

enum store_result import_article_put(struct db *db, struct arena *a, const struct import_article *ia,
				     long long *article_id, bool *updated, bool *slug_changed,
				     struct import_paths_taken *taken)
{
	*taken = (struct import_paths_taken){ 0 };
	sqlite3_stmt *s = stmt(db, Q_ITEM_ARTICLE);
	long long id = 0;
	const char *slug;
	enum store_result r;
	if (!s || !db_bind_text(s, 1, ia->site) || !db_bind_int(s, 2, ia->wp_id))
		return STORE_ERROR;
	if ((r = db_integer(s, &id)) != STORE_OK ||
	    (r = free_slug(db, a, ia, id, &slug, slug_changed)) != STORE_OK)
		return r;
	*updated = id != 0;
	if (*updated) {
		if ((r = write_row(db, a, ia, slug, id, false)) != STORE_OK ||
		    (r = write_blocks(db, id, ia)) != STORE_OK)
			return r;
		s = stmt(db, Q_PUBLISH);
		r = db_run(s, s && db_bind_int(s, 1, id) && db_bind_text(s, 2, ia->status));
	} else {
		if (!(s = stmt(db, Q_NEXT_ID)) || (r = db_integer(s, &id)) != STORE_OK ||
		    (r = write_blocks(db, id, ia)) != STORE_OK)
			return r;
		r = write_row(db, a, ia, slug, id, true);
	}
	if (r != STORE_OK || (r = write_paths(db, id, ia, taken)) != STORE_OK ||
	    (r = write_pending(db, id, ia)) != STORE_OK ||
	    (r = write_tags(db, a, id, !*updated, ia)) != STORE_OK ||
	    (r = write_item(db, id, ia)) != STORE_OK)
		return r;
	*article_id = id;
	return STORE_OK;
}

enum store_result import_attachment_put(struct db *db, const char *site, long long wp_id,
					const char *guid, const char *url, const char *alt,
					const char *caption)
{
	sqlite3_stmt *s = stmt(db, Q_PUT_ATTACHMENT);
	return db_run(s, s && db_bind_text(s, 1, site) && db_bind_int(s, 2, wp_id) &&
		      db_bind_text(s, 3, guid) && db_bind_text(s, 4, url) &&
		      db_bind_text(s, 5, alt) && db_bind_text(s, 6, caption));
}

enum store_result import_resolve_thumbnails(struct db *db, const char *site, long long *n)
{
	sqlite3_stmt *s = stmt(db, Q_RESOLVE);
	enum store_result r = db_run(s, s && db_bind_text(s, 1, site));
	*n = r == STORE_OK ? sqlite3_changes(db->conn) : 0;
	return r;
}

enum store_result import_run_find(struct db *db, const char *file_key, long long *run_id,
				  long long *done)
{
	sqlite3_stmt *s = stmt(db, Q_RUN_FIND);
	*run_id = *done = 0;
	if (!s || !db_bind_text(s, 1, file_key))
		return STORE_ERROR;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*run_id = sqlite3_column_int64(s, 0);
		*done = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : db_result(rc);
}

enum store_result import_run_start(struct db *db, const char *file_key, time_t now,
				   long long *run_id)
{
	sqlite3_stmt *s = stmt(db, Q_RUN_START);
	enum store_result r = db_run(s, s && db_bind_text(s, 1, file_key) && db_bind_int(s, 2, now));
	*run_id = r == STORE_OK ? sqlite3_last_insert_rowid(db->conn) : 0;
	return r;
}

enum store_result import_run_progress(struct db *db, long long run_id, long long done)
{
	sqlite3_stmt *s = stmt(db, Q_RUN_PROGRESS);
	return db_run(s, s && db_bind_int(s, 1, run_id) && db_bind_int(s, 2, done));
}

enum store_result import_run_finish(struct db *db, long long run_id, long long done, time_t now)
{
	sqlite3_stmt *s = stmt(db, Q_RUN_FINISH);
	return db_run(s, s && db_bind_int(s, 1, run_id) && db_bind_int(s, 2, done) &&
		      db_bind_int(s, 3, now));
}

struct place {
	const char *section, *slug;
};

static bool read_place(sqlite3_stmt *s, struct arena *a, void *out)
{
	struct place *p = out;
	return (p->section = db_text(a, s, 0)) && (p->slug = db_text(a, s, 1));
}

enum store_result import_legacy_target(struct db *db, struct arena *a, const char *path,
				       time_t now, const char **section, const char **slug)
{
	sqlite3_stmt *s = stmt(db, Q_LEGACY);
	struct place p;
	enum store_result r;
	if (!s || !db_bind_text(s, 1, path) || !db_bind_int(s, 2, now))
		return STORE_ERROR;
	if ((r = db_step_one(s, a, read_place, &p)) != STORE_OK)
		return r;
	*section = p.section;
	*slug = p.slug;
	return STORE_OK;
}
