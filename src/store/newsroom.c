/* The newsroom's content as readers see it: bylines, topics and corrections of an article;
 * people and topics; their lists of articles at any depth (owner_lists and owner_spans). */
#include "newsroom.h"

#include <string.h>

#include "spans.h"

enum query {
	Q_BYLINES, Q_TOPICS, Q_CORRECTIONS, Q_PERSON, Q_PERSON_BY_ID, Q_TOPIC, Q_TOPIC_MOVED,
	Q_OWNER_SCHEDULED, Q_OWNER_STORIES, Q_FRONT_PAGE, Q__COUNT
};

#define PERSON_COLUMNS \
	"id, slug, name, role_title, bio, portrait_url, coalesce(user_id, 0), updated_at"

static const char *const sql[Q__COUNT] = {
	[Q_BYLINES] = "SELECT p.id, p.slug, p.name, p.role_title FROM bylines b"
		" JOIN people p ON p.id = b.person_id WHERE b.article_id = ?1 ORDER BY b.position",
	[Q_TOPICS] = "SELECT t.id, t.slug, t.name FROM article_topics x"
		" JOIN topics t ON t.id = x.topic_id WHERE x.article_id = ?1 ORDER BY x.position",
	[Q_CORRECTIONS] = "SELECT id, kind, text, created_at FROM corrections"
		" WHERE article_id = ?1 ORDER BY created_at, id",
	[Q_PERSON] = "SELECT " PERSON_COLUMNS " FROM people WHERE slug = ?1",
	[Q_PERSON_BY_ID] = "SELECT " PERSON_COLUMNS " FROM people WHERE id = ?1",
	[Q_TOPIC] = "SELECT id, slug, name, 0 FROM topics WHERE slug = ?1",
	[Q_TOPIC_MOVED] = "SELECT t.slug FROM topic_redirects r JOIN topics t ON t.id = r.topic_id"
		" WHERE r.old_slug = ?1",
	/* The owner's scheduled articles: counted in its spans, not yet shown. */
	[Q_OWNER_SCHEDULED] = "SELECT published_at FROM owner_lists"
		" WHERE kind = ?3 AND owner = ?2 AND published_at > ?1 ORDER BY published_at",
	/* A page from the position spans_locate found: before ?5 (at most now + 1), ?4 on. */
	[Q_OWNER_STORIES] = "SELECT " MODEL_SUMMARY_COLUMNS " FROM owner_lists l"
		" CROSS JOIN articles a ON a.id = l.article_id JOIN sections s ON s.id = a.section_id"
		" WHERE l.kind = ?6 AND l.owner = ?2 AND l.published_at < ?5"
		" ORDER BY l.published_at DESC, l.article_id DESC LIMIT ?3 OFFSET ?4",
	[Q_FRONT_PAGE] = "SELECT " MODEL_SUMMARY_COLUMNS ", a.status = 'published' AND"
		" a.published_at <= ?1 FROM front_page_slots f JOIN articles a ON a.id = f.article_id"
		" JOIN sections s ON s.id = a.section_id"
		" WHERE f.front_page_id = (SELECT max(id) FROM front_pages) ORDER BY f.position",
};

static sqlite3_stmt *stmt(struct db *db, enum query q)
{
	return db_prepare(db, sql[q]);
}

static bool read_byline(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct byline *b = item;
	b->person_id = sqlite3_column_int64(s, 0);
	return (b->slug = db_text(a, s, 1)) && (b->name = db_text(a, s, 2)) &&
	       (b->role_title = db_text(a, s, 3));
}

static bool read_topic_ref(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct topic_ref *t = item;
	t->id = sqlite3_column_int64(s, 0);
	return (t->slug = db_text(a, s, 1)) && (t->name = db_text(a, s, 2));
}

static bool read_correction(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct correction *c = item;
	c->id = sqlite3_column_int64(s, 0);
	c->created_at = sqlite3_column_int64(s, 3);
	return (c->kind = db_text(a, s, 1)) && (c->text = db_text(a, s, 2));
}

typedef bool (*db_row_reader)(sqlite3_stmt *s, struct arena *a, void *item);

/* Rows of q for one article id. */
static enum store_result rows_of(struct db *db, struct arena *a, enum query q, long long id,
				 size_t size, db_row_reader read, void **out, int *n)
{
	sqlite3_stmt *s = stmt(db, q);
	if (!s || !db_bind_int(s, 1, id))
		return STORE_ERROR;
	return db_rows(s, a, size, read, out, n);
}

enum store_result newsroom_article_parts(struct db *db, struct arena *a, struct article *out)
{
	enum store_result r;
	if ((r = rows_of(db, a, Q_BYLINES, out->s.id, sizeof *out->bylines, read_byline,
			 (void **)&out->bylines, &out->nbylines)) != STORE_OK ||
	    (r = rows_of(db, a, Q_TOPICS, out->s.id, sizeof *out->topics, read_topic_ref,
			 (void **)&out->topics, &out->ntopics)) != STORE_OK)
		return r;
	return rows_of(db, a, Q_CORRECTIONS, out->s.id, sizeof *out->corrections, read_correction,
		       (void **)&out->corrections, &out->ncorrections);
}

bool newsroom_read_person(sqlite3_stmt *s, struct arena *a, void *item);
bool newsroom_read_person(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct person *p = item;
	p->id = sqlite3_column_int64(s, 0);
	p->user_id = sqlite3_column_int64(s, 6);
	p->updated_at = sqlite3_column_int64(s, 7);
	return (p->slug = db_text(a, s, 1)) && (p->name = db_text(a, s, 2)) &&
	       (p->role_title = db_text(a, s, 3)) && (p->bio = db_text(a, s, 4)) &&
	       (p->portrait_url = db_text(a, s, 5));
}

enum store_result newsroom_person(struct db *db, struct arena *a, const char *slug,
				  struct person *out)
{
	sqlite3_stmt *s = stmt(db, Q_PERSON);
	if (!s || !db_bind_text(s, 1, slug))
		return STORE_ERROR;
	return db_step_one(s, a, newsroom_read_person, out);
}

enum store_result newsroom_person_by_id(struct db *db, struct arena *a, long long id,
					struct person *out)
{
	sqlite3_stmt *s = stmt(db, Q_PERSON_BY_ID);
	if (!s || !db_bind_int(s, 1, id))
		return STORE_ERROR;
	return db_step_one(s, a, newsroom_read_person, out);
}

bool newsroom_read_topic(sqlite3_stmt *s, struct arena *a, void *item);
bool newsroom_read_topic(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct topic *t = item;
	t->id = sqlite3_column_int64(s, 0);
	t->articles = sqlite3_column_int64(s, 3);
	return (t->slug = db_text(a, s, 1)) && (t->name = db_text(a, s, 2));
}

enum store_result newsroom_topic(struct db *db, struct arena *a, const char *slug,
				 struct topic *out)
{
	sqlite3_stmt *s = stmt(db, Q_TOPIC);
	if (!s || !db_bind_text(s, 1, slug))
		return STORE_ERROR;
	return db_step_one(s, a, newsroom_read_topic, out);
}

static bool read_text(sqlite3_stmt *s, struct arena *a, void *item)
{
	return (*(const char **)item = db_text(a, s, 0)) != NULL;
}

enum store_result newsroom_topic_moved(struct db *db, struct arena *a, const char *old_slug,
				       const char **slug)
{
	sqlite3_stmt *s = stmt(db, Q_TOPIC_MOVED);
	if (!s || !db_bind_text(s, 1, old_slug))
		return STORE_ERROR;
	return db_step_one(s, a, read_text, slug);
}

static bool read_int(sqlite3_stmt *s, struct arena *a, void *item)
{
	(void)a;
	*(long long *)item = sqlite3_column_int64(s, 0);
	return true;
}

enum store_result newsroom_owner_stories(struct db *db, struct arena *a, enum owner_kind kind,
					 long long owner, time_t now, int limit, int offset,
					 struct summary **out, int *n, long long *total)
{
	struct span_filter f = { kind == OWNER_PERSON ? SPANS_BYLINES : SPANS_TOPICS, owner, "",
				 NULL, 0 };
	long long before, skip, *scheduled;
	sqlite3_stmt *s = stmt(db, Q_OWNER_SCHEDULED);
	enum store_result r;
	*out = NULL;
	*n = 0;
	if (!s || !db_bind_int(s, 1, now) || !db_bind_int(s, 2, owner) || !db_bind_int(s, 3, kind))
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
	s = stmt(db, Q_OWNER_STORIES);
	if (!s || !db_bind_int(s, 2, owner) || !db_bind_int(s, 3, limit) ||
	    !db_bind_int(s, 4, skip) || !db_bind_int(s, 6, kind) ||
	    !db_bind_int(s, 5, before < (long long)now + 1 ? before : (long long)now + 1))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, model_read_summary, (void **)out, n);
}

struct slot {
	struct summary s;
	bool visible;
};

static bool read_slot(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct slot *sl = item;
	sl->visible = sqlite3_column_int(s, 10) != 0;
	return model_read_summary(s, a, &sl->s);
}

enum store_result newsroom_front_page(struct db *db, struct arena *a, time_t now,
				      struct summary **shown, int *nshown, long long **ids,
				      int *nids)
{
	struct slot *slots;
	int n;
	sqlite3_stmt *s = stmt(db, Q_FRONT_PAGE);
	enum store_result r;
	*shown = NULL;
	*ids = NULL;
	*nshown = *nids = 0;
	if (!s || !db_bind_int(s, 1, now))
		return STORE_ERROR;
	if ((r = db_rows(s, a, sizeof *slots, read_slot, (void **)&slots, &n)) != STORE_OK || n == 0)
		return r;
	if (!(*shown = arena_alloc(a, (size_t)n * sizeof **shown)) ||
	    !(*ids = arena_alloc(a, (size_t)n * sizeof **ids)))
		return STORE_ERROR;
	for (int i = 0; i < n; i++) {
		(*ids)[(*nids)++] = slots[i].s.id;
		if (slots[i].visible)
			(*shown)[(*nshown)++] = slots[i].s;
	}
	return STORE_OK;
}
