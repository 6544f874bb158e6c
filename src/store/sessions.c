/* The sessions file beside the database (FILE-sessions): editors' sessions, login throttling and
 * the login log, kept apart so their writes never wake the page cache or wait on an editor's
 * save (all its SQL). */
#include "sessions.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "embedded_sql.h"

#define CHECK_WINDOW 10   /* seconds a key counts as being checked if its attempt never ends */

enum query {
	Q_SESSION_ADD, Q_SESSION_FIND, Q_SESSION_TOUCH, Q_SESSION_DELETE, Q_LIVE,
	Q_KEY_BLOCKED_UNTIL, Q_KEY_CHECKING, Q_KEY_FAIL, Q_KEY_CLEAR, Q_KEY_DONE, Q_LOG,
	Q_PRUNE_SESSIONS, Q_PRUNE_THROTTLE, Q_PRUNE_LOG, Q__COUNT
};

static const char *const sql[Q__COUNT] = {
	[Q_SESSION_ADD] =
		"INSERT INTO sessions (token_hash, user_id, epoch, created_at, last_seen_at)"
		" VALUES (?1, ?2, ?3, ?4, ?4)",
	[Q_SESSION_FIND] =
		"SELECT user_id, epoch, last_seen_at FROM sessions WHERE token_hash = ?1"
		" AND last_seen_at > ?2 - ?3 AND created_at > ?2 - ?4",
	[Q_SESSION_TOUCH] = "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
	[Q_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
	[Q_LIVE] = "SELECT count(*) FROM sessions WHERE last_seen_at > ?1 - ?2",
	/* a failure's wait, or the second a check under way needs: whichever ends later */
	[Q_KEY_BLOCKED_UNTIL] =
		"SELECT max(next_allowed_at, CASE WHEN checking_until > ?2 THEN ?2 + 1 ELSE 0 END)"
		" FROM login_throttle WHERE key = ?1",
	[Q_KEY_CHECKING] =
		"INSERT INTO login_throttle (key, failures, next_allowed_at, checking_until)"
		" VALUES (?1, 0, 0, ?2) ON CONFLICT (key) DO UPDATE SET checking_until = ?2",
	[Q_KEY_FAIL] =
		"INSERT INTO login_throttle (key, failures, next_allowed_at) VALUES (?1, 1, ?2 + 1)"
		" ON CONFLICT (key) DO UPDATE SET checking_until = 0,"
		/* an hour without a failure and the count starts again: one office's typos add up
		 * to a lockout only while they keep coming */
		" failures = CASE WHEN next_allowed_at < ?2 - 3600 THEN 1 ELSE failures + 1 END,"
		" next_allowed_at = ?2 + CASE WHEN next_allowed_at < ?2 - 3600 THEN 1"
		" ELSE min(?3, 1 << min(failures, 20)) END",
	[Q_KEY_CLEAR] = "DELETE FROM login_throttle WHERE key = ?1",
	[Q_KEY_DONE] = "UPDATE login_throttle SET checking_until = 0 WHERE key = ?1",
	[Q_LOG] = "INSERT INTO login_log (at, name, address, outcome) VALUES (?1, ?2, ?3, ?4)",
	[Q_PRUNE_SESSIONS] =
		"DELETE FROM sessions WHERE last_seen_at <= ?1 - ?2 OR created_at <= ?1 - ?3",
	[Q_PRUNE_THROTTLE] =
		"DELETE FROM login_throttle WHERE next_allowed_at < ?1 - 3600 AND checking_until < ?1",
	[Q_PRUNE_LOG] = "DELETE FROM login_log WHERE at < ?1 - ?2 * 86400",
};

static sqlite3_stmt *stmt(struct db *s, enum query q)
{
	return db_prepare(s, sql[q]);
}

bool sessions_path(const char *db_path, char *out, size_t n)
{
	return (size_t)snprintf(out, n, "%s-sessions", db_path) < n;
}

/* The database's identity (store_identity.token), hex; false when it cannot be read. */
static bool database_identity(const char *db_path, char hex[33], char *err, size_t errlen)
{
	struct db main;
	long long found = 0;
	if (!db_open(&main, db_path, true, err, errlen))
		return false;
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(main.conn, "SELECT hex(token) FROM store_identity WHERE id = 1", -1,
			       &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
		snprintf(hex, 33, "%s", (const char *)sqlite3_column_text(s, 0));
		found = 1;
	} else {
		snprintf(err, errlen, "cannot read the identity of %s: %s", db_path,
			 sqlite3_errmsg(main.conn));
	}
	sqlite3_finalize(s);
	db_close(&main);
	return found;
}

/* The schema, then this database's identity: sessions of another database are never trusted. */
static bool claim(sqlite3 *conn, const char *identity_hex, char *err, size_t errlen)
{
	char adopt[512];
	snprintf(adopt, sizeof adopt,
		 "BEGIN IMMEDIATE;"
		 " DELETE FROM sessions WHERE (SELECT identity FROM meta) IS NOT x'%s';"
		 " DELETE FROM login_throttle WHERE (SELECT identity FROM meta) IS NOT x'%s';"
		 " INSERT OR REPLACE INTO meta (id, identity) VALUES (1, x'%s');"
		 " COMMIT", identity_hex, identity_hex, identity_hex);
	return db_exec_sql(conn, sql_sessions, "cannot set up the sessions file", err, errlen) &&
	       db_exec_sql(conn, adopt, "cannot claim the sessions file", err, errlen);
}

bool sessions_prepare(const char *db_path, char *err, size_t errlen)
{
	char path[4200], identity[33];
	sqlite3 *conn = NULL;
	if (!sessions_path(db_path, path, sizeof path)) {
		snprintf(err, errlen, "database path is too long");
		return false;
	}
	if (!database_identity(db_path, identity, err, errlen))
		return false;
	if (strspn(identity, "0123456789ABCDEF") != 32) {
		snprintf(err, errlen, "the identity of %s is not what newsdesk writes", db_path);
		return false;
	}
	bool ok = sqlite3_open_v2(path, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK;
	if (!ok)
		snprintf(err, errlen, "cannot open the sessions file %s: %s", path,
			 conn ? sqlite3_errmsg(conn) : "out of memory");
	ok = ok && db_exec_sql(conn, "PRAGMA journal_mode = WAL", "cannot use the sessions file", err, errlen) &&
	     claim(conn, identity, err, errlen);
	sqlite3_close(conn);
	return ok;
}

/* The tables and indexes sql_sessions makes: one CREATE each. */
static int sessions_objects(void)
{
	int n = 0;
	for (const char *p = sql_sessions; (p = strstr(p, "CREATE ")) != NULL; p++)
		n++;
	return n;
}

/* The identity the open database holds, hex; false when it cannot be read. */
static bool identity_of(struct db *main, char hex[33])
{
	sqlite3_stmt *s = NULL;
	bool found = sqlite3_prepare_v2(main->conn, "SELECT hex(token) FROM store_identity WHERE id = 1",
					-1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
		     sqlite3_column_bytes(s, 0) == 32;
	if (found)
		memcpy(hex, sqlite3_column_text(s, 0), 33);
	sqlite3_finalize(s);
	return found;
}

bool sessions_ready(struct db *main, const char *db_path)
{
	char path[4200], identity[33];
	sqlite3 *conn = NULL;
	sqlite3_stmt *s = NULL;
	bool ready = false;
	if (!sessions_path(db_path, path, sizeof path) || access(path, F_OK) != 0 ||
	    !identity_of(main, identity) ||
	    sqlite3_open_v2(path, &conn, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		goto out;
	if (sqlite3_prepare_v2(conn, "SELECT (SELECT count(*) FROM sqlite_schema WHERE sql IS NOT NULL),"
			       " (SELECT hex(identity) FROM meta WHERE id = 1)", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW) {
		const char *hex = (const char *)sqlite3_column_text(s, 1);
		ready = sqlite3_column_int(s, 0) == sessions_objects() && hex && strcmp(hex, identity) == 0;
	}
out:
	sqlite3_finalize(s);
	sqlite3_close(conn);
	return ready;
}

bool sessions_open(struct db *s, const char *db_path, char *err, size_t errlen)
{
	char path[4200];
	if (!sessions_path(db_path, path, sizeof path)) {
		snprintf(err, errlen, "database path is too long");
		return false;
	}
	return db_open(s, path, false, err, errlen);
}

enum store_result session_create(struct db *s, long long user_id, long long epoch,
				 const unsigned char *hash, time_t now)
{
	sqlite3_stmt *st = stmt(s, Q_SESSION_ADD);
	return db_run(st, st && db_bind_blob(st, 1, hash, TOKEN_HASH_BYTES) &&
			  db_bind_int(st, 2, user_id) && db_bind_int(st, 3, epoch) &&
			  db_bind_int(st, 4, now));
}

struct found {
	struct session *session;
	long long seen;
};

static bool read_session(sqlite3_stmt *st, struct arena *a, void *item)
{
	struct found *f = item;
	(void)a;
	f->session->user_id = sqlite3_column_int64(st, 0);
	f->session->epoch = sqlite3_column_int64(st, 1);
	f->seen = sqlite3_column_int64(st, 2);
	return true;
}

enum store_result session_find(struct db *s, const unsigned char *hash, time_t now,
			       long long idle_secs, long long max_secs, struct session *out)
{
	sqlite3_stmt *st = stmt(s, Q_SESSION_FIND);
	struct found f = { out, 0 };
	enum store_result r;
	if (!st || !db_bind_blob(st, 1, hash, TOKEN_HASH_BYTES) || !db_bind_int(st, 2, now) ||
	    !db_bind_int(st, 3, idle_secs) || !db_bind_int(st, 4, max_secs))
		return STORE_ERROR;
	if ((r = db_step_one(st, NULL, read_session, &f)) != STORE_OK || now - f.seen < 60)
		return r;  /* an editor's every click need not be a write: once a minute */
	st = stmt(s, Q_SESSION_TOUCH);
	return db_run(st, st && db_bind_blob(st, 1, hash, TOKEN_HASH_BYTES) && db_bind_int(st, 2, now));
}

enum store_result session_delete(struct db *s, const unsigned char *hash)
{
	sqlite3_stmt *st = stmt(s, Q_SESSION_DELETE);
	return db_run(st, st && db_bind_blob(st, 1, hash, TOKEN_HASH_BYTES));
}

enum store_result sessions_live(struct db *s, time_t now, long long idle_secs, long long *n)
{
	sqlite3_stmt *st = stmt(s, Q_LIVE);
	*n = 0;
	if (!st || !db_bind_int(st, 1, now) || !db_bind_int(st, 2, idle_secs))
		return STORE_ERROR;
	return db_integer(st, n);
}

/* Seconds until key may try again (0: now). */
static enum store_result key_wait(struct db *s, const char *key, time_t now, long long *wait)
{
	sqlite3_stmt *st = stmt(s, Q_KEY_BLOCKED_UNTIL);
	long long until = 0;
	enum store_result r;
	if (!st || !db_bind_text(st, 1, key) || !db_bind_int(st, 2, now))
		return STORE_ERROR;
	if ((r = db_integer(st, &until)) == STORE_OK && until > (long long)now && until - now > *wait)
		*wait = until - (long long)now;
	return r;
}

static enum store_result mark_checking(struct db *s, const char *key, time_t now)
{
	sqlite3_stmt *st = stmt(s, Q_KEY_CHECKING);
	return db_run(st, st && db_bind_text(st, 1, key) && db_bind_int(st, 2, now + CHECK_WINDOW));
}

struct attempt {
	const char *name_key, *addr_key;
	time_t now;
	long long *wait;
};

static enum store_result begin_locked(struct db *s, void *arg)
{
	struct attempt *at = arg;
	enum store_result r;
	*at->wait = 0;
	if ((r = key_wait(s, at->name_key, at->now, at->wait)) != STORE_OK ||
	    (r = key_wait(s, at->addr_key, at->now, at->wait)) != STORE_OK || *at->wait > 0)
		return r;
	if ((r = mark_checking(s, at->name_key, at->now)) != STORE_OK)
		return r;
	return mark_checking(s, at->addr_key, at->now);
}

enum store_result login_begin(struct db *s, const char *name_key, const char *addr_key,
			      time_t now, long long *wait)
{
	struct attempt at = { name_key, addr_key, now, wait };
	return db_transaction(s, begin_locked, &at);
}

static enum store_result key_failed(struct db *s, const char *key, time_t now, long long cap)
{
	sqlite3_stmt *st = stmt(s, Q_KEY_FAIL);
	return db_run(st, st && db_bind_text(st, 1, key) && db_bind_int(st, 2, now) &&
			  db_bind_int(st, 3, cap));
}

static enum store_result for_key(struct db *s, enum query q, const char *key)
{
	sqlite3_stmt *st = stmt(s, q);
	return db_run(st, st && db_bind_text(st, 1, key));
}

struct ending {
	const struct login_outcome *o;
	time_t now;
};

static enum store_result end_locked(struct db *s, void *arg)
{
	const struct ending *e = arg;
	const struct login_outcome *o = e->o;
	enum store_result r;
	if (o->success)  /* the name's slate is clean; the address keeps what it earned */
		r = for_key(s, Q_KEY_CLEAR, o->name_key) == STORE_OK
			? for_key(s, Q_KEY_DONE, o->addr_key) : STORE_ERROR;
	else
		r = key_failed(s, o->name_key, e->now, o->name_cap) == STORE_OK
			? key_failed(s, o->addr_key, e->now, o->addr_cap) : STORE_ERROR;
	if (r != STORE_OK)
		return r;
	return login_record(s, e->now, o->name, o->address, o->success ? "success" : "failure");
}

enum store_result login_end(struct db *s, const struct login_outcome *o, time_t now)
{
	struct ending e = { o, now };
	return db_transaction(s, end_locked, &e);
}

static enum store_result release_locked(struct db *s, void *arg)
{
	const struct login_outcome *o = arg;
	enum store_result r = for_key(s, Q_KEY_DONE, o->name_key);
	return r == STORE_OK ? for_key(s, Q_KEY_DONE, o->addr_key) : r;
}

enum store_result login_release(struct db *s, const struct login_outcome *o)
{
	return db_transaction(s, release_locked, (void *)o);
}

enum store_result login_record(struct db *s, time_t now, const char *name, const char *address,
			       const char *outcome)
{
	sqlite3_stmt *st = stmt(s, Q_LOG);
	return db_run(st, st && db_bind_int(st, 1, now) && db_bind_text(st, 2, name) &&
			  db_bind_text(st, 3, address) && db_bind_text(st, 4, outcome));
}

enum store_result sessions_prune(struct db *s, time_t now, long long idle_secs,
				 long long max_secs, long long log_days)
{
	sqlite3_stmt *st = stmt(s, Q_PRUNE_SESSIONS);
	enum store_result r = db_run(st, st && db_bind_int(st, 1, now) &&
				     db_bind_int(st, 2, idle_secs) && db_bind_int(st, 3, max_secs));
	if (r != STORE_OK)
		return r;
	st = stmt(s, Q_PRUNE_THROTTLE);
	if ((r = db_run(st, st && db_bind_int(st, 1, now))) != STORE_OK)
		return r;
	st = stmt(s, Q_PRUNE_LOG);
	return db_run(st, st && db_bind_int(st, 1, now) && db_bind_int(st, 2, log_days));
}
