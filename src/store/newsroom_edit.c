/* The newsroom's content as editors change it: people, an article's bylines and topics,
 * corrections (appended, never edited), and renaming and merging topics. */
#include "newsroom.h"

#include <string.h>

#include "editor.h"
#include "validate.h"

enum query {
	Q_PEOPLE, Q_PERSON_ADD, Q_PERSON_UPDATE, Q_USER_ID, Q_USER_NAME, Q_ACCOUNT_TAKEN,
	Q_PERSON_ID, Q_CLEAR_BYLINES, Q_ADD_BYLINE, Q_TOPIC_ID, Q_TOPIC_BY_NAME, Q_TOPIC_MOVED_ID,
	Q_TOPIC_NAME_TAKEN, Q_TOPIC_ADD, Q_CLEAR_TOPICS,
	Q_ADD_TOPIC, Q_ARTICLE_STATUS, Q_ADD_CORRECTION, Q_TOUCH_ARTICLE, Q_TOPICS, Q_TOPIC_COUNT, Q_TOPIC_SLUG,
	Q_TOPIC_RENAME, Q_TOPIC_REDIRECT, Q_TOPIC_FREE_SLUG, Q_MERGE_ARTICLES, Q_MERGE_LEFTOVERS,
	Q_MERGE_REDIRECTS, Q_TOPIC_DELETE, Q_FRONT_PATHS, Q_FRONT_VERSIONS, Q_FRONT_ADD,
	Q_FRONT_ARTICLE, Q_FRONT_SLOT, Q_SECTION_ARTICLES, Q_SECTION_DELETE, Q_SECTION_BY_SLUG,
	Q_SECTION_SLUG_OF, Q_MERGE_CLASH, Q_MERGE_OLD_ADDRESSES, Q_MERGE_MOVE, Q_MERGE_SECTION_REDIRECTS,
	Q_MERGE_SECTION_REDIRECT, Q__COUNT
};

static const char *const sql[Q__COUNT] = {
	[Q_PEOPLE] = "SELECT id, slug, name, role_title, bio, portrait_url, coalesce(user_id, 0),"
		" updated_at FROM people ORDER BY name COLLATE NOCASE, id",
	[Q_PERSON_ADD] = "INSERT INTO people (slug, name, role_title, bio, portrait_url, user_id,"
		" updated_at) VALUES (?2, ?3, ?4, ?5, ?6, nullif(?7, 0), ?8)",
	[Q_PERSON_UPDATE] = "UPDATE people SET slug = ?2, name = ?3, role_title = ?4, bio = ?5,"
		" portrait_url = ?6, user_id = nullif(?7, 0), updated_at = ?8 WHERE id = ?1",
	[Q_USER_ID] = "SELECT id FROM users WHERE name = ?1",
	[Q_USER_NAME] = "SELECT name FROM users WHERE id = ?1",
	[Q_ACCOUNT_TAKEN] = "SELECT 1 FROM people WHERE user_id = ?1 AND id <> ?2",
	[Q_PERSON_ID] = "SELECT id FROM people WHERE slug = ?1",
	[Q_CLEAR_BYLINES] = "DELETE FROM bylines WHERE article_id = ?1",
	[Q_ADD_BYLINE] = "INSERT OR IGNORE INTO bylines (article_id, position, person_id)"
		" VALUES (?1, ?2, ?3)",
	[Q_TOPIC_ID] = "SELECT id FROM topics WHERE slug = ?1",
	[Q_TOPIC_BY_NAME] = "SELECT id FROM topics WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
	[Q_TOPIC_MOVED_ID] = "SELECT topic_id FROM topic_redirects WHERE old_slug = ?1",
	[Q_TOPIC_NAME_TAKEN] = "SELECT count(*) FROM topics WHERE name = ?2 COLLATE NOCASE AND id <> ?1",
	[Q_TOPIC_ADD] = "INSERT INTO topics (slug, name) VALUES (?1, ?2)",
	[Q_CLEAR_TOPICS] = "DELETE FROM article_topics WHERE article_id = ?1",
	[Q_ADD_TOPIC] = "INSERT OR IGNORE INTO article_topics (article_id, position, topic_id)"
		" VALUES (?1, ?2, ?3)",
	/* 1: published and due (readers see it), 2: not, 0 (no row): no such article */
	[Q_ARTICLE_STATUS] = "SELECT 2 - (status = 'published' AND published_at <= ?2)"
		" FROM articles WHERE id = ?1",
	[Q_ADD_CORRECTION] = "INSERT INTO corrections (article_id, kind, text, created_at, user_id)"
		" VALUES (?1, ?2, ?3, ?4, nullif(?5, 0))",
	[Q_TOUCH_ARTICLE] = "UPDATE articles SET updated_at = max(updated_at, ?2), edited_at = ?2,"
		" edited_by = nullif(?3, 0) WHERE id = ?1",
	[Q_TOPICS] = "SELECT t.id, t.slug, t.name, (SELECT count(*) FROM article_topics x"
		" WHERE x.topic_id = t.id) FROM topics t ORDER BY t.name COLLATE NOCASE, t.id LIMIT ?1 OFFSET ?2",
	[Q_TOPIC_COUNT] = "SELECT count(*) FROM topics",
	[Q_TOPIC_SLUG] = "SELECT slug FROM topics WHERE id = ?1",
	[Q_TOPIC_RENAME] = "UPDATE topics SET slug = ?2, name = ?3 WHERE id = ?1",
	[Q_TOPIC_REDIRECT] = "INSERT OR REPLACE INTO topic_redirects (old_slug, topic_id) VALUES (?1, ?2)",
	[Q_TOPIC_FREE_SLUG] = "DELETE FROM topic_redirects WHERE old_slug = ?1",
	[Q_MERGE_ARTICLES] = "UPDATE article_topics SET topic_id = ?2 WHERE topic_id = ?1"
		" AND article_id NOT IN (SELECT article_id FROM article_topics WHERE topic_id = ?2)",
	[Q_MERGE_LEFTOVERS] = "DELETE FROM article_topics WHERE topic_id = ?1",
	[Q_MERGE_REDIRECTS] = "UPDATE topic_redirects SET topic_id = ?2 WHERE topic_id = ?1",
	[Q_TOPIC_DELETE] = "DELETE FROM topics WHERE id = ?1",
	[Q_FRONT_PATHS] = "SELECT s.slug || '/' || a.slug FROM front_page_slots f"
		" JOIN articles a ON a.id = f.article_id JOIN sections s ON s.id = a.section_id"
		" WHERE f.front_page_id = (SELECT max(id) FROM front_pages) ORDER BY f.position",
	[Q_FRONT_VERSIONS] = "SELECT f.id, f.created_at, coalesce(u.name, ''),"
		" (SELECT count(*) FROM front_page_slots x WHERE x.front_page_id = f.id)"
		" FROM front_pages f LEFT JOIN users u ON u.id = f.user_id ORDER BY f.id DESC LIMIT ?1",
	[Q_FRONT_ADD] = "INSERT INTO front_pages (user_id, created_at) VALUES (nullif(?1, 0), ?2)",
	[Q_FRONT_ARTICLE] = "SELECT a.id FROM articles a JOIN sections s ON s.id = a.section_id"
		" WHERE s.slug = ?1 AND a.slug = ?2 AND a.status = 'published'",
	[Q_FRONT_SLOT] = "INSERT INTO front_page_slots (front_page_id, position, article_id)"
		" VALUES (?1, ?2, ?3)",
	[Q_SECTION_ARTICLES] = "SELECT count(*) FROM (SELECT 1 FROM articles WHERE section_id = ?1 LIMIT 1)",
	[Q_SECTION_DELETE] = "DELETE FROM sections WHERE id = ?1",
	[Q_SECTION_BY_SLUG] = "SELECT id FROM sections WHERE slug = ?1",
	[Q_SECTION_SLUG_OF] = "SELECT slug FROM sections WHERE id = ?1",
	[Q_MERGE_CLASH] = "SELECT count(*) FROM articles a JOIN articles b ON b.slug = a.slug"
		" WHERE a.section_id = ?1 AND b.section_id = ?2",
	[Q_MERGE_OLD_ADDRESSES] = "INSERT OR REPLACE INTO slug_redirects (section_slug, slug, article_id)"
		" SELECT ?2, slug, id FROM articles WHERE section_id = ?1",
	[Q_MERGE_MOVE] = "UPDATE articles SET section_id = ?2 WHERE section_id = ?1",
	[Q_MERGE_SECTION_REDIRECTS] = "UPDATE section_redirects SET section_id = ?2 WHERE section_id = ?1",
	[Q_MERGE_SECTION_REDIRECT] = "INSERT OR REPLACE INTO section_redirects (old_slug, section_id)"
		" VALUES (?1, ?2)",
};

bool newsroom_read_person(sqlite3_stmt *s, struct arena *a, void *item);
bool newsroom_read_topic(sqlite3_stmt *s, struct arena *a, void *item);

static sqlite3_stmt *stmt(struct db *db, enum query q)
{
	return db_prepare(db, sql[q]);
}

enum store_result newsroom_people(struct db *db, struct arena *a, struct person **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_PEOPLE);
	return s ? db_rows(s, a, sizeof **out, newsroom_read_person, (void **)out, n) : STORE_ERROR;
}

static enum store_result id_of(struct db *db, enum query q, const char *key, long long *id)
{
	sqlite3_stmt *s = stmt(db, q);
	enum store_result r;
	*id = 0;
	if (!s || !db_bind_text(s, 1, key))
		return STORE_ERROR;
	if ((r = db_integer(s, id)) != STORE_OK)
		return r;
	return *id ? STORE_OK : STORE_NOT_FOUND;
}

enum store_result newsroom_user_id(struct db *db, const char *name, long long *id)
{
	*id = 0;
	return *name ? id_of(db, Q_USER_ID, name, id) : STORE_OK;
}

static bool read_text(sqlite3_stmt *s, struct arena *a, void *item)
{
	return (*(const char **)item = db_text(a, s, 0)) != NULL;
}

enum store_result newsroom_user_name(struct db *db, struct arena *a, long long id,
				     const char **name)
{
	sqlite3_stmt *s = stmt(db, Q_USER_NAME);
	*name = "";
	if (!id)
		return STORE_OK;
	if (!s || !db_bind_int(s, 1, id))
		return STORE_ERROR;
	return db_step_one(s, a, read_text, name);
}

enum store_result newsroom_person_exists(struct db *db, const char *slug)
{
	long long id;
	return id_of(db, Q_PERSON_ID, slug, &id);
}

static enum store_result person_save_locked(struct db *db, void *arg)
{
	struct person *p = arg;
	sqlite3_stmt *s = stmt(db, Q_ACCOUNT_TAKEN);
	long long taken = 0;
	enum store_result r;
	if (p->user_id) {
		if (!s || !db_bind_int(s, 1, p->user_id) || !db_bind_int(s, 2, p->id))
			return STORE_ERROR;
		if ((r = db_integer(s, &taken)) != STORE_OK)
			return r;
		if (taken)
			return STORE_CONFLICT;
	}
	s = stmt(db, p->id ? Q_PERSON_UPDATE : Q_PERSON_ADD);
	if (!s || !db_bind_int(s, 1, p->id) || !db_bind_text(s, 2, p->slug) ||
	    !db_bind_text(s, 3, p->name) || !db_bind_text(s, 4, p->role_title) ||
	    !db_bind_text(s, 5, p->bio) || !db_bind_text(s, 6, p->portrait_url) ||
	    !db_bind_int(s, 7, p->user_id) || !db_bind_int(s, 8, p->updated_at))
		return STORE_ERROR;
	if ((r = db_exec(s)) != STORE_OK)
		return r;
	if (!p->id)
		p->id = sqlite3_last_insert_rowid(db->conn);
	else if (sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return STORE_OK;
}

enum store_result newsroom_person_save(struct db *db, struct person *p, time_t now)
{
	long long id_before = p->id;
	p->updated_at = now;
	enum store_result r = db_transaction(db, person_save_locked, p);
	if (r != STORE_OK)
		p->id = id_before;
	return r;
}

enum store_result newsroom_topic_find(struct db *db, const char *name, long long *id)
{
	struct arena a;
	arena_init(&a);
	const char *slug = slug_from_headline(&a, name);
	enum store_result r = id_of(db, Q_TOPIC_BY_NAME, name, id);
	if (r == STORE_NOT_FOUND)
		r = !slug ? STORE_ERROR : !*slug ? STORE_NOT_FOUND : id_of(db, Q_TOPIC_ID, slug, id);
	if (r == STORE_NOT_FOUND && slug && *slug)
		r = id_of(db, Q_TOPIC_MOVED_ID, slug, id);
	arena_free(&a);
	return r;
}

/* The id of the topic a typed name means (newsroom_topic_find), made when there is none: so a
 * renamed topic keeps its articles through a plain save, and a merged one's old name finds the
 * topic it went into. */
static enum store_result topic_for(struct db *db, const char *name, long long *id)
{
	enum store_result r = newsroom_topic_find(db, name, id);
	if (r != STORE_NOT_FOUND)
		return r;
	struct arena a;
	arena_init(&a);
	const char *slug = slug_from_headline(&a, name);
	if (!slug) {
		r = STORE_ERROR;
	} else if (*slug) {
		sqlite3_stmt *s = stmt(db, Q_TOPIC_ADD);
		r = db_run(s, s && db_bind_text(s, 1, slug) && db_bind_text(s, 2, name));
		*id = sqlite3_last_insert_rowid(db->conn);
	}
	arena_free(&a);
	return r;
}

/* Runs q bound to (a, b, c), as many as it takes. */
static enum store_result run3(struct db *db, enum query q, long long a, long long b, long long c)
{
	sqlite3_stmt *s = stmt(db, q);
	int params = s ? sqlite3_bind_parameter_count(s) : 0;
	return db_run(s, s && db_bind_int(s, 1, a) && (params < 2 || db_bind_int(s, 2, b)) &&
		      (params < 3 || db_bind_int(s, 3, c)));
}

enum store_result newsroom_write_tags(struct db *db, long long article_id,
				      const char *const *bylines, int nbylines,
				      const char *const *topics, int ntopics)
{
	enum store_result r;
	long long id;
	if ((r = run3(db, Q_CLEAR_BYLINES, article_id, 0, 0)) != STORE_OK ||
	    (r = run3(db, Q_CLEAR_TOPICS, article_id, 0, 0)) != STORE_OK)
		return r;
	for (int i = 0; i < nbylines; i++)
		if ((r = id_of(db, Q_PERSON_ID, bylines[i], &id)) != STORE_OK ||
		    (r = run3(db, Q_ADD_BYLINE, article_id, i + 1, id)) != STORE_OK)
			return r;
	for (int i = 0; i < ntopics; i++) {
		if ((r = topic_for(db, topics[i], &id)) == STORE_NOT_FOUND)
			continue;  /* a name with no letters: the form refuses it first */
		if (r != STORE_OK || (r = run3(db, Q_ADD_TOPIC, article_id, i + 1, id)) != STORE_OK)
			return r;
	}
	return STORE_OK;
}

struct note {
	long long article_id, user_id;
	const char *kind, *text;
	time_t now;
};

static enum store_result add_correction_locked(struct db *db, void *arg)
{
	struct note *n = arg;
	sqlite3_stmt *s = stmt(db, Q_ARTICLE_STATUS);
	long long published = -1, revision;
	enum store_result r;
	if (!s || !db_bind_int(s, 1, n->article_id) || !db_bind_int(s, 2, n->now))
		return STORE_ERROR;
	if ((r = db_integer(s, &published)) != STORE_OK)
		return r;
	if (published != 1)
		return published == 0 ? STORE_NOT_FOUND : STORE_CONFLICT;
	s = stmt(db, Q_ADD_CORRECTION);
	if ((r = db_run(s, s && db_bind_int(s, 1, n->article_id) && db_bind_text(s, 2, n->kind) &&
			db_bind_text(s, 3, n->text) && db_bind_int(s, 4, n->now) &&
			db_bind_int(s, 5, n->user_id))) != STORE_OK ||
	    (r = run3(db, Q_TOUCH_ARTICLE, n->article_id, n->now, n->user_id)) != STORE_OK)
		return r;
	return editor_snapshot(db, n->article_id, n->user_id, n->now, n->kind, &revision);
}

enum store_result newsroom_add_correction(struct db *db, long long article_id, const char *kind,
					  const char *text, long long user_id, time_t now)
{
	struct note n = { article_id, user_id, kind, text, now };
	return db_transaction(db, add_correction_locked, &n);
}

enum store_result newsroom_topics(struct db *db, struct arena *a, int limit, int offset,
				  struct topic **out, int *n, long long *total)
{
	sqlite3_stmt *s = stmt(db, Q_TOPIC_COUNT);
	enum store_result r = s ? db_integer(s, total) : STORE_ERROR;
	if (r != STORE_OK)
		return r;
	s = stmt(db, Q_TOPICS);
	if (!s || !db_bind_int(s, 1, limit) || !db_bind_int(s, 2, offset))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, newsroom_read_topic, (void **)out, n);
}

struct rename {
	long long id;
	const char *slug, *name;
};

static enum store_result rename_locked(struct db *db, void *arg)
{
	struct rename *rn = arg;
	struct arena a;
	const char *old = NULL;
	long long taken = 0;
	sqlite3_stmt *s = stmt(db, Q_TOPIC_SLUG);
	enum store_result r;
	arena_init(&a);
	if (!s || !db_bind_int(s, 1, rn->id))
		r = STORE_ERROR;
	else
		r = db_step_one(s, &a, read_text, &old);
	if (r == STORE_OK && (s = stmt(db, Q_TOPIC_NAME_TAKEN)) && db_bind_int(s, 1, rn->id) &&
	    db_bind_text(s, 2, rn->name) && (r = db_integer(s, &taken)) == STORE_OK && taken)
		r = STORE_TAKEN;  /* two topics of one name: the article form could not tell them apart */
	if (r == STORE_OK) {
		s = stmt(db, Q_TOPIC_FREE_SLUG);
		r = db_run(s, s && db_bind_text(s, 1, rn->slug));
	}
	if (r == STORE_OK) {
		s = stmt(db, Q_TOPIC_RENAME);
		r = db_run(s, s && db_bind_int(s, 1, rn->id) && db_bind_text(s, 2, rn->slug) &&
			   db_bind_text(s, 3, rn->name));
	}
	if (r == STORE_OK && strcmp(old, rn->slug) != 0) {
		s = stmt(db, Q_TOPIC_REDIRECT);
		r = db_run(s, s && db_bind_text(s, 1, old) && db_bind_int(s, 2, rn->id));
	}
	arena_free(&a);
	return r;
}

enum store_result newsroom_topic_rename(struct db *db, long long id, const char *slug,
					const char *name)
{
	struct rename rn = { id, slug, name };
	return db_transaction(db, rename_locked, &rn);
}

struct merge {
	long long from, into;
};

static enum store_result merge_locked(struct db *db, void *arg)
{
	struct merge *m = arg;
	struct arena a;
	const char *old = NULL, *into_slug = NULL;
	sqlite3_stmt *s = stmt(db, Q_TOPIC_SLUG);
	enum store_result r;
	arena_init(&a);
	r = !s || !db_bind_int(s, 1, m->from) ? STORE_ERROR : db_step_one(s, &a, read_text, &old);
	if (r == STORE_OK) {
		s = stmt(db, Q_TOPIC_SLUG);
		r = !s || !db_bind_int(s, 1, m->into) ? STORE_ERROR
						       : db_step_one(s, &a, read_text, &into_slug);
	}
	if (r == STORE_OK && ((r = run3(db, Q_MERGE_ARTICLES, m->from, m->into, 0)) != STORE_OK ||
			      (r = run3(db, Q_MERGE_LEFTOVERS, m->from, 0, 0)) != STORE_OK ||
			      (r = run3(db, Q_MERGE_REDIRECTS, m->from, m->into, 0)) != STORE_OK ||
			      (r = run3(db, Q_TOPIC_DELETE, m->from, 0, 0)) != STORE_OK)) {
		arena_free(&a);
		return r;
	}
	if (r == STORE_OK) {
		s = stmt(db, Q_TOPIC_REDIRECT);
		r = db_run(s, s && db_bind_text(s, 1, old) && db_bind_int(s, 2, m->into));
	}
	arena_free(&a);
	return r;
}

enum store_result newsroom_topic_merge(struct db *db, long long from, long long into)
{
	struct merge m = { from, into };
	if (from == into)
		return STORE_NOT_FOUND;
	return db_transaction(db, merge_locked, &m);
}

enum store_result newsroom_front_paths(struct db *db, struct arena *a, const char ***paths,
				       int *n)
{
	sqlite3_stmt *s = stmt(db, Q_FRONT_PATHS);
	return s ? db_rows(s, a, sizeof **paths, read_text, (void **)paths, n) : STORE_ERROR;
}

static bool read_version(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct front_version *v = item;
	v->id = sqlite3_column_int64(s, 0);
	v->created_at = sqlite3_column_int64(s, 1);
	v->slots = sqlite3_column_int(s, 3);
	return (v->editor = db_text(a, s, 2)) != NULL;
}

enum store_result newsroom_front_versions(struct db *db, struct arena *a, int limit,
					  struct front_version **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_FRONT_VERSIONS);
	if (!s || !db_bind_int(s, 1, limit))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_version, (void **)out, n);
}

struct front {
	const char *const *paths;
	int n;
	long long user_id;
	time_t now;
};

/* The published article at "section/slug"; STORE_NOT_FOUND when there is none. */
static enum store_result front_article(struct db *db, const char *path, long long *id)
{
	const char *slash = strchr(path, '/');
	char section[SLUG_MAX + 1];
	sqlite3_stmt *s = stmt(db, Q_FRONT_ARTICLE);
	enum store_result r;
	*id = 0;
	if (!slash || (size_t)(slash - path) > SLUG_MAX)
		return STORE_NOT_FOUND;
	memcpy(section, path, (size_t)(slash - path));
	section[slash - path] = '\0';
	if (!s || !db_bind_text(s, 1, section) || !db_bind_text(s, 2, slash + 1))
		return STORE_ERROR;
	if ((r = db_integer(s, id)) != STORE_OK)
		return r;
	return *id ? STORE_OK : STORE_NOT_FOUND;
}

static enum store_result front_save_locked(struct db *db, void *arg)
{
	struct front *f = arg;
	sqlite3_stmt *s = stmt(db, Q_FRONT_ADD);
	enum store_result r;
	long long version, id;
	if ((r = db_run(s, s && db_bind_int(s, 1, f->user_id) && db_bind_int(s, 2, f->now))) != STORE_OK)
		return r;
	version = sqlite3_last_insert_rowid(db->conn);
	for (int i = 0; i < f->n; i++)
		if ((r = front_article(db, f->paths[i], &id)) != STORE_OK ||
		    (r = run3(db, Q_FRONT_SLOT, version, i, id)) != STORE_OK)
			return r;
	return STORE_OK;
}

enum store_result newsroom_front_save(struct db *db, const char *const *paths, int n,
				      long long user_id, time_t now)
{
	struct front f = { paths, n, user_id, now };
	return db_transaction(db, front_save_locked, &f);
}

static enum store_result count_of(struct db *db, enum query q, long long id, long long *n)
{
	sqlite3_stmt *s = stmt(db, q);
	return !s || !db_bind_int(s, 1, id) ? STORE_ERROR : db_integer(s, n);
}

static enum store_result section_delete_locked(struct db *db, void *arg)
{
	long long id = *(long long *)arg, articles = 0;
	enum store_result r = count_of(db, Q_SECTION_ARTICLES, id, &articles);
	if (r != STORE_OK)
		return r;
	if (articles)
		return STORE_CONFLICT;
	if ((r = run3(db, Q_SECTION_DELETE, id, 0, 0)) != STORE_OK)
		return r;
	return sqlite3_changes(db->conn) ? STORE_OK : STORE_NO_SECTION;
}

enum store_result newsroom_section_delete(struct db *db, long long id)
{
	return db_transaction(db, section_delete_locked, &id);
}

struct section_merge {
	long long from;
	const char *into;
};

static enum store_result section_merge_locked(struct db *db, void *arg)
{
	struct section_merge *m = arg;
	struct arena a;
	const char *old = NULL;
	long long into = 0, clash = 0;
	sqlite3_stmt *s = stmt(db, Q_SECTION_SLUG_OF);
	enum store_result r;
	arena_init(&a);
	r = !s || !db_bind_int(s, 1, m->from) ? STORE_ERROR : db_step_one(s, &a, read_text, &old);
	if (r == STORE_OK)
		r = id_of(db, Q_SECTION_BY_SLUG, m->into, &into);
	if (r == STORE_NOT_FOUND || (r == STORE_OK && into == m->from))
		r = STORE_NO_SECTION;
	if (r == STORE_OK && (s = stmt(db, Q_MERGE_CLASH)) && db_bind_int(s, 1, m->from) &&
	    db_bind_int(s, 2, into) && (r = db_integer(s, &clash)) == STORE_OK && clash)
		r = STORE_TAKEN;
	if (r == STORE_OK) {
		s = stmt(db, Q_MERGE_OLD_ADDRESSES);
		r = db_run(s, s && db_bind_int(s, 1, m->from) && db_bind_text(s, 2, old));
	}
	if (r == STORE_OK && (r = run3(db, Q_MERGE_MOVE, m->from, into, 0)) == STORE_OK &&
	    (r = run3(db, Q_MERGE_SECTION_REDIRECTS, m->from, into, 0)) == STORE_OK &&
	    (r = run3(db, Q_SECTION_DELETE, m->from, 0, 0)) == STORE_OK) {
		s = stmt(db, Q_MERGE_SECTION_REDIRECT);
		r = db_run(s, s && db_bind_text(s, 1, old) && db_bind_int(s, 2, into));
	}
	arena_free(&a);
	return r;
}

enum store_result newsroom_section_merge(struct db *db, long long from, const char *into)
{
	struct section_merge m = { from, into };
	return db_transaction(db, section_merge_locked, &m);
}
