/* The audit log's store (all its SQL): who did what, when, from which address; pruned by age.
 * Changes are in the database (audit_log); logins and failed logins are the sessions file's login
 * log, so that a login never waits on the database's lock. */
#include "audit.h"

#include <string.h>

enum query { Q_ADD, Q_PRUNE, Q_LIST, Q_COUNT, Q_LOGINS, Q_LOGIN_COUNT, Q__COUNT };

static const char *const sql[Q__COUNT] = {
	[Q_ADD] = "INSERT INTO audit_log (at, user_id, user_name, address, action, detail)"
		  " VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, substr(?6, 1, 500))",
	[Q_PRUNE] = "DELETE FROM audit_log WHERE at < ?1",
	[Q_LIST] = "SELECT id, at, coalesce(user_id, 0), user_name, address, action, detail"
		   " FROM audit_log INDEXED BY audit_log_by_time ORDER BY at DESC, id DESC LIMIT ?1",
	[Q_COUNT] = "SELECT count(*) FROM audit_log",
	[Q_LOGINS] = "SELECT id, at, 0, name, address, CASE outcome WHEN 'success' THEN 'login'"
		     " WHEN 'failure' THEN 'login failed' ELSE 'login ' || outcome END, ''"
		     " FROM login_log INDEXED BY login_log_by_at ORDER BY at DESC, id DESC LIMIT ?1",
	[Q_LOGIN_COUNT] = "SELECT count(*) FROM login_log",
};

enum store_result audit_add(struct db *db, const struct audit_entry *e, time_t keep_before)
{
	sqlite3_stmt *s = db_prepare(db, sql[Q_ADD]);
	enum store_result r = db_run(s, s && db_bind_int(s, 1, e->at) &&
				     db_bind_int(s, 2, e->user_id) &&
				     db_bind_text(s, 3, e->user_name) &&
				     db_bind_text(s, 4, e->address) && db_bind_text(s, 5, e->action) &&
				     db_bind_text(s, 6, e->detail));
	if (r != STORE_OK)
		return r;
	s = db_prepare(db, sql[Q_PRUNE]);
	return db_run(s, s && db_bind_int(s, 1, keep_before));
}

static bool read_entry(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct audit_entry *e = item;
	e->id = sqlite3_column_int64(s, 0);
	e->at = sqlite3_column_int64(s, 1);
	e->user_id = sqlite3_column_int64(s, 2);
	return (e->user_name = db_text(a, s, 3)) && (e->address = db_text(a, s, 4)) &&
	       (e->action = db_text(a, s, 5)) && (e->detail = db_text(a, s, 6));
}

/* Rows of list after the count of count, both on db. */
static enum store_result newest(struct db *db, struct arena *a, enum query list, enum query count,
				int limit, struct audit_entry **out, int *n, long long *total)
{
	sqlite3_stmt *c = db_prepare(db, sql[count]);
	enum store_result r = c ? db_integer(c, total) : STORE_ERROR;
	if (r != STORE_OK)
		return r;
	sqlite3_stmt *s = db_prepare(db, sql[list]);
	if (!s || !db_bind_int(s, 1, limit))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_entry, (void **)out, n);
}

enum store_result audit_list(struct db *db, struct arena *a, int limit, struct audit_entry **out,
			     int *n, long long *total)
{
	return newest(db, a, Q_LIST, Q_COUNT, limit, out, n, total);
}

enum store_result audit_logins(struct db *sessions, struct arena *a, int limit,
			       struct audit_entry **out, int *n, long long *total)
{
	return newest(sessions, a, Q_LOGINS, Q_LOGIN_COUNT, limit, out, n, total);
}
