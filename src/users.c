/* The store for editors: accounts, sessions, login throttling and the login log (all its SQL). */
#include "users.h"

#include <string.h>

enum stmt {
	Q_USER_BY_NAME = SLOTS_USERS, Q_USER_ADD, Q_USER_PASSWD, Q_USER_DISABLE, Q_USER_LIST,
	Q_SESSION_ADD, Q_SESSION_USER, Q_SESSION_TOUCH, Q_SESSION_DELETE, Q_SESSIONS_OF_USER,
	Q_THROTTLE_GET, Q_THROTTLE_FAIL, Q_THROTTLE_CLEAR, Q_LOGIN_LOG, Q_END_USERS
};
_Static_assert((int)Q_END_USERS <= (int)SLOTS_EDITOR, "users.c uses more statement slots than it owns");

static const char *const sql[] = {
	[Q_USER_BY_NAME - SLOTS_USERS] =
		"SELECT id, name, role, password_hash, disabled FROM users WHERE name = ?1",
	[Q_USER_ADD - SLOTS_USERS] =
		"INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
	[Q_USER_PASSWD - SLOTS_USERS] = "UPDATE users SET password_hash = ?2 WHERE name = ?1",
	[Q_USER_DISABLE - SLOTS_USERS] = "UPDATE users SET disabled = 1 WHERE name = ?1",
	[Q_USER_LIST - SLOTS_USERS] =
		"SELECT name, role, disabled, created_at FROM users ORDER BY name",
	[Q_SESSION_ADD - SLOTS_USERS] =
		"INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at)"
		" VALUES (?1, ?2, ?3, ?3)",
	[Q_SESSION_USER - SLOTS_USERS] =
		"SELECT u.id, u.name, u.role, s.last_seen_at FROM sessions s"
		" JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1 AND u.disabled = 0"
		" AND s.last_seen_at > ?2 - ?3 AND s.created_at > ?2 - ?4",
	[Q_SESSION_TOUCH - SLOTS_USERS] =
		"UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
	[Q_SESSION_DELETE - SLOTS_USERS] = "DELETE FROM sessions WHERE token_hash = ?1",
	[Q_SESSIONS_OF_USER - SLOTS_USERS] =
		"DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)",
	[Q_THROTTLE_GET - SLOTS_USERS] =
		"SELECT next_allowed_at FROM login_throttle WHERE key = ?1",
	[Q_THROTTLE_FAIL - SLOTS_USERS] =
		"INSERT INTO login_throttle (key, failures, next_allowed_at) VALUES (?1, 1, ?2 + 1)"
		" ON CONFLICT (key) DO UPDATE SET"
		/* an hour without a failure and the count starts again: one office's typos add up
		 * to a lockout only while they keep coming */
		" failures = CASE WHEN next_allowed_at < ?2 - 3600 THEN 1 ELSE failures + 1 END,"
		" next_allowed_at = ?2 + CASE WHEN next_allowed_at < ?2 - 3600 THEN 1"
		" ELSE min(?3, 1 << min(failures, 20)) END",
	[Q_THROTTLE_CLEAR - SLOTS_USERS] = "DELETE FROM login_throttle WHERE key = ?1",
	[Q_LOGIN_LOG - SLOTS_USERS] =
		"INSERT INTO login_log (at, name, address, outcome) VALUES (?1, ?2, ?3, ?4)",
};

static sqlite3_stmt *stmt(struct db *db, enum stmt q)
{
	return db_stmt(db, q, sql[q - SLOTS_USERS]);
}

static bool text(sqlite3_stmt *s, int i, const char *v)
{
	return sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC) == SQLITE_OK;
}

static bool run(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE;
}

/* Runs an UPDATE naming one user; false with err when no such user. */
static bool change_user(struct db *db, sqlite3_stmt *s, const char *name, char *err, size_t errlen)
{
	if (!s || !run(s)) {
		snprintf(err, errlen, "cannot update user %s: %s", name, sqlite3_errmsg(db->conn));
		return false;
	}
	if (sqlite3_changes(db->conn) == 0) {
		snprintf(err, errlen, "no user named %s", name);
		return false;
	}
	sqlite3_stmt *drop = stmt(db, Q_SESSIONS_OF_USER);  /* old sessions end with the change */
	return drop && text(drop, 1, name) && run(drop);
}

enum model_result user_by_name(struct db *db, struct arena *a, const char *name, struct user *out)
{
	sqlite3_stmt *s = stmt(db, Q_USER_BY_NAME);
	if (!s || !text(s, 1, name))
		return MODEL_ERROR;
	enum model_result found = db_step_one(s);
	if (found != MODEL_OK)
		return found;
	out->id = sqlite3_column_int64(s, 0);
	out->name = arena_strdup(a, (const char *)sqlite3_column_text(s, 1));
	out->role = arena_strdup(a, (const char *)sqlite3_column_text(s, 2));
	out->password_hash = arena_strdup(a, (const char *)sqlite3_column_text(s, 3));
	out->disabled = sqlite3_column_int(s, 4) != 0;
	sqlite3_reset(s);  /* end the read: a later write must not be a read-to-write upgrade */
	return out->name && out->role && out->password_hash ? MODEL_OK : MODEL_ERROR;
}

bool user_add(struct db *db, const char *name, const char *role, const char *hash, time_t now,
	      char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(db, Q_USER_ADD);
	if (!s || !text(s, 1, name) || !text(s, 2, role) || !text(s, 3, hash) ||
	    sqlite3_bind_int64(s, 4, now) != SQLITE_OK)
		return snprintf(err, errlen, "cannot add user: %s", sqlite3_errmsg(db->conn)), false;
	if (!run(s)) {
		if (sqlite3_extended_errcode(db->conn) == SQLITE_CONSTRAINT_UNIQUE)
			snprintf(err, errlen, "a user named %s already exists", name);
		else
			snprintf(err, errlen, "cannot add user: %s", sqlite3_errmsg(db->conn));
		return false;
	}
	return true;
}

bool user_set_password(struct db *db, const char *name, const char *hash, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(db, Q_USER_PASSWD);
	if (s && !(text(s, 1, name) && text(s, 2, hash)))
		s = NULL;
	return change_user(db, s, name, err, errlen);
}

bool user_disable(struct db *db, const char *name, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(db, Q_USER_DISABLE);
	if (s && !text(s, 1, name))
		s = NULL;
	return change_user(db, s, name, err, errlen);
}

bool user_list(struct db *db, FILE *out)
{
	sqlite3_stmt *s = stmt(db, Q_USER_LIST);
	int rc;
	if (!s)
		return false;
	fprintf(out, "%-24s %-7s %-9s %s\n", "NAME", "ROLE", "STATUS", "CREATED (UTC)");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		time_t created = (time_t)sqlite3_column_int64(s, 3);
		struct tm tm;
		char when[32];
		gmtime_r(&created, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		fprintf(out, "%-24s %-7s %-9s %s\n", sqlite3_column_text(s, 0), sqlite3_column_text(s, 1),
			sqlite3_column_int(s, 2) ? "disabled" : "active", when);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE;
}

bool session_create(struct db *db, long long user_id, const unsigned char *hash, time_t now)
{
	sqlite3_stmt *s = stmt(db, Q_SESSION_ADD);
	return s && sqlite3_bind_blob(s, 1, hash, TOKEN_HASH_BYTES, SQLITE_STATIC) == SQLITE_OK &&
	       sqlite3_bind_int64(s, 2, user_id) == SQLITE_OK &&
	       sqlite3_bind_int64(s, 3, now) == SQLITE_OK && run(s);
}

/* Refreshes last_seen at most once a minute: an editor's every click need not be a write. */
static bool touch_session(struct db *db, const unsigned char *hash, time_t now, long long seen)
{
	if (now - seen < 60)
		return true;
	sqlite3_stmt *s = stmt(db, Q_SESSION_TOUCH);
	return s && sqlite3_bind_blob(s, 1, hash, TOKEN_HASH_BYTES, SQLITE_STATIC) == SQLITE_OK &&
	       sqlite3_bind_int64(s, 2, now) == SQLITE_OK && run(s);
}

enum model_result session_user(struct db *db, struct arena *a, const unsigned char *hash,
			       time_t now, long long idle_secs, long long max_secs, struct user *out)
{
	sqlite3_stmt *s = stmt(db, Q_SESSION_USER);
	if (!s || sqlite3_bind_blob(s, 1, hash, TOKEN_HASH_BYTES, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 2, now) != SQLITE_OK || sqlite3_bind_int64(s, 3, idle_secs) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 4, max_secs) != SQLITE_OK)
		return MODEL_ERROR;
	enum model_result found = db_step_one(s);
	if (found != MODEL_OK)
		return found;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(s, 0);
	out->name = arena_strdup(a, (const char *)sqlite3_column_text(s, 1));
	out->role = arena_strdup(a, (const char *)sqlite3_column_text(s, 2));
	long long seen = sqlite3_column_int64(s, 3);
	sqlite3_reset(s);
	if (!out->name || !out->role || !touch_session(db, hash, now, seen))
		return MODEL_ERROR;
	return MODEL_OK;
}

bool session_delete(struct db *db, const unsigned char *hash)
{
	sqlite3_stmt *s = stmt(db, Q_SESSION_DELETE);
	return s && sqlite3_bind_blob(s, 1, hash, TOKEN_HASH_BYTES, SQLITE_STATIC) == SQLITE_OK &&
	       run(s);
}

long long throttle_wait(struct db *db, const char *key, time_t now)
{
	sqlite3_stmt *s = stmt(db, Q_THROTTLE_GET);
	long long wait = 0;
	if (!s || !text(s, 1, key))
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		wait = sqlite3_column_int64(s, 0) - (long long)now;
	sqlite3_reset(s);
	return wait > 0 ? wait : 0;
}

bool throttle_fail(struct db *db, const char *key, time_t now, long long cap_secs)
{
	sqlite3_stmt *s = stmt(db, Q_THROTTLE_FAIL);
	return s && text(s, 1, key) && sqlite3_bind_int64(s, 2, now) == SQLITE_OK &&
	       sqlite3_bind_int64(s, 3, cap_secs) == SQLITE_OK && run(s);
}

bool throttle_clear(struct db *db, const char *key)
{
	sqlite3_stmt *s = stmt(db, Q_THROTTLE_CLEAR);
	return s && text(s, 1, key) && run(s);
}

bool login_record(struct db *db, time_t now, const char *name, const char *address,
		  const char *outcome)
{
	sqlite3_stmt *s = stmt(db, Q_LOGIN_LOG);
	return s && sqlite3_bind_int64(s, 1, now) == SQLITE_OK && text(s, 2, name) &&
	       text(s, 3, address) && text(s, 4, outcome) && run(s);
}
