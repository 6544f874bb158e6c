/* The newsroom's desk (all its SQL): who owns each article, where it is in review, the editors'
 * queue. An article's owner is set by a trigger when its first revision is written. */
#include "desk.h"

#include <string.h>

enum query { Q_GET, Q_SUBMIT, Q_RETURN, Q_CLEAR, Q_QUEUE, Q_QUEUE_COUNT, Q__COUNT };

/* An article with no desk row gets one (INSERT ... ON CONFLICT): articles made before roles. */
#define UPSERT "INSERT INTO article_desk (article_id) SELECT id FROM articles WHERE id = ?1" \
	" ON CONFLICT (article_id) DO UPDATE SET "

static const char *const sql[Q__COUNT] = {
	[Q_GET] = "SELECT d.owner_id, coalesce(o.name, ''), d.review, coalesce(d.submitted_at, 0),"
		  " d.note, coalesce(n.name, ''), coalesce(d.note_at, 0) FROM article_desk d"
		  " LEFT JOIN users o ON o.id = d.owner_id LEFT JOIN users n ON n.id = d.note_by"
		  " WHERE d.article_id = ?1",
	[Q_SUBMIT] = UPSERT "review = 'submitted', submitted_at = ?2",
	[Q_RETURN] = UPSERT "review = 'returned', note = ?2, note_by = ?3, note_at = ?4",
	[Q_CLEAR] = "UPDATE article_desk SET review = 'none' WHERE article_id = ?1",
	[Q_QUEUE] = "SELECT a.id, a.headline, s.slug, s.name,"
		    " CASE WHEN a.status = 'draft' THEN 'review' WHEN a.status = 'published'"
		    " AND a.published_at > ?1 THEN 'scheduled' ELSE a.status END, coalesce(o.name, ''), a.slug, coalesce(a.published_at, 0),"
		    " d.submitted_at FROM article_desk d INDEXED BY article_desk_queue"
		    " JOIN articles a ON a.id = d.article_id JOIN sections s ON s.id = a.section_id"
		    " LEFT JOIN users o ON o.id = d.owner_id WHERE d.review = 'submitted'"
		    " AND (?3 = 0 OR d.owner_id = ?3) ORDER BY d.submitted_at, d.article_id LIMIT ?2",
	[Q_QUEUE_COUNT] = "SELECT count(*) FROM article_desk INDEXED BY article_desk_queue"
			  " WHERE review = 'submitted' AND (?1 = 0 OR owner_id = ?1)",
};

static bool read_desk(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct desk *d = item;
	d->owner_id = sqlite3_column_int64(s, 0);
	d->submitted_at = sqlite3_column_int64(s, 3);
	d->note_at = sqlite3_column_int64(s, 6);
	return (d->owner_name = db_text(a, s, 1)) && (d->review = db_text(a, s, 2)) &&
	       (d->note = db_text(a, s, 4)) && (d->note_by = db_text(a, s, 5));
}

enum store_result desk_get(struct db *db, struct arena *a, long long article_id, struct desk *out)
{
	sqlite3_stmt *s = db_prepare(db, sql[Q_GET]);
	if (!s || !db_bind_int(s, 1, article_id))
		return STORE_ERROR;
	enum store_result r = db_step_one(s, a, read_desk, out);
	if (r == STORE_NOT_FOUND) {
		*out = (struct desk){ .owner_name = "", .review = "none", .note = "", .note_by = "" };
		r = STORE_OK;
	}
	return r;
}

/* One statement changing one article's row; STORE_NOT_FOUND when there is no such article. */
static enum store_result change(struct db *db, sqlite3_stmt *s, bool bound)
{
	enum store_result r = db_run(s, bound);
	return r == STORE_OK && sqlite3_changes(db->conn) == 0 ? STORE_NOT_FOUND : r;
}

enum store_result desk_submit(struct db *db, long long article_id, time_t now)
{
	sqlite3_stmt *s = db_prepare(db, sql[Q_SUBMIT]);
	return change(db, s, s && db_bind_int(s, 1, article_id) && db_bind_int(s, 2, now));
}

enum store_result desk_return(struct db *db, long long article_id, const char *note,
			      long long editor_id, time_t now)
{
	sqlite3_stmt *s = db_prepare(db, sql[Q_RETURN]);
	return change(db, s, s && db_bind_int(s, 1, article_id) && db_bind_text(s, 2, note) &&
			     db_bind_int(s, 3, editor_id) && db_bind_int(s, 4, now));
}

enum store_result desk_clear(struct db *db, long long article_id)
{
	sqlite3_stmt *s = db_prepare(db, sql[Q_CLEAR]);
	return db_run(s, s && db_bind_int(s, 1, article_id));
}

/* A queue row as the article list shows one: the owner in the editor's column, submitted as
 * changed. */
static bool read_row(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct admin_row *r = item;
	r->id = sqlite3_column_int64(s, 0);
	r->published_at = sqlite3_column_int64(s, 7);
	r->changed_at = sqlite3_column_int64(s, 8);
	return (r->headline = db_text(a, s, 1)) && (r->section_slug = db_text(a, s, 2)) &&
	       (r->section_name = db_text(a, s, 3)) && (r->status = db_text(a, s, 4)) &&
	       (r->editor = db_text(a, s, 5)) && (r->slug = db_text(a, s, 6));
}

enum store_result desk_queue(struct db *db, struct arena *a, long long owner, time_t now,
			     int limit, struct admin_row **out, int *n)
{
	sqlite3_stmt *s = db_prepare(db, sql[Q_QUEUE]);
	if (!s || !db_bind_int(s, 1, now) || !db_bind_int(s, 2, limit) || !db_bind_int(s, 3, owner))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_row, (void **)out, n);
}

enum store_result desk_queue_count(struct db *db, long long owner, long long *n)
{
	sqlite3_stmt *s = db_prepare(db, sql[Q_QUEUE_COUNT]);
	return s && db_bind_int(s, 1, owner) ? db_integer(s, n) : STORE_ERROR;
}
