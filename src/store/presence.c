/* Who else has an article open (all its SQL, in the sessions file): "Rayhan is editing this
 * (since 10:02)". Advice only; the 409 on a stale save stays the safety net. */
#include "presence.h"

enum query { Q_SEEN, Q_PRUNE, Q_OTHERS, Q__COUNT };

static const char *const sql[Q__COUNT] = {
	[Q_SEEN] = "INSERT INTO presence (article_id, user_id, user_name, since, seen_at)"
		   " VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (article_id, user_id) DO UPDATE SET"
		   " user_name = ?3, since = CASE WHEN seen_at < ?4 - ?5 THEN ?4 ELSE since END,"
		   " seen_at = ?4",
	[Q_PRUNE] = "DELETE FROM presence WHERE seen_at < ?1",
	[Q_OTHERS] = "SELECT user_name, since FROM presence WHERE article_id = ?1 AND user_id <> ?2"
		     " AND seen_at >= ?3 ORDER BY since, user_name LIMIT 10",
};

static bool read_presence(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct presence *p = item;
	p->since = sqlite3_column_int64(s, 1);
	return (p->user_name = db_text(a, s, 0)) != NULL;
}

enum store_result presence_visit(struct db *s, struct arena *a, long long article_id,
				 long long user_id, const char *user_name, time_t now,
				 struct presence **others, int *n)
{
	sqlite3_stmt *st = db_prepare(s, sql[Q_SEEN]);
	enum store_result r = db_run(st, st && db_bind_int(st, 1, article_id) &&
				     db_bind_int(st, 2, user_id) && db_bind_text(st, 3, user_name) &&
				     db_bind_int(st, 4, now) && db_bind_int(st, 5, PRESENCE_SECONDS));
	if (r != STORE_OK)
		return r;
	st = db_prepare(s, sql[Q_PRUNE]);
	if ((r = db_run(st, st && db_bind_int(st, 1, now - 3600))) != STORE_OK)
		return r;
	st = db_prepare(s, sql[Q_OTHERS]);
	if (!st || !db_bind_int(st, 1, article_id) || !db_bind_int(st, 2, user_id) ||
	    !db_bind_int(st, 3, now - PRESENCE_SECONDS))
		return STORE_ERROR;
	return db_rows(st, a, sizeof **others, read_presence, (void **)others, n);
}
