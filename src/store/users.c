/* The store for editors: accounts, sessions, login throttling and the login log (all its SQL). */
#include "users.h"

#include <string.h>

enum query {
	Q_USER_BY_NAME, Q_USER_ADD, Q_USER_PASSWD, Q_USER_DISABLE, Q_USER_LIST,
	Q_SESSION_ADD, Q_SESSION_USER, Q_SESSION_TOUCH, Q_SESSION_DELETE, Q_SESSIONS_OF_USER,
	Q_THROTTLE_GET, Q_THROTTLE_FAIL, Q_THROTTLE_CLEAR, Q_LOGIN_LOG, Q__COUNT
};

static const char *const sql[Q__COUNT] = {
	[Q_USER_BY_NAME] =
		"SELECT id, name, role, disabled, created_at, password_hash FROM users WHERE name = ?1",
	[Q_USER_ADD] =
		"INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
	[Q_USER_PASSWD] = "UPDATE users SET password_hash = ?2 WHERE name = ?1",
	[Q_USER_DISABLE] = "UPDATE users SET disabled = 1 WHERE name = ?1",
	[Q_USER_LIST] =
		"SELECT id, name, role, disabled, created_at FROM users ORDER BY name",
	[Q_SESSION_ADD] =
		"INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at)"
		" VALUES (?1, ?2, ?3, ?3)",
	[Q_SESSION_USER] =
		"SELECT u.id, u.name, u.role, s.last_seen_at FROM sessions s"
		" JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1 AND u.disabled = 0"
		" AND s.last_seen_at > ?2 - ?3 AND s.created_at > ?2 - ?4",
	[Q_SESSION_TOUCH] =
		"UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
	[Q_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
	[Q_SESSIONS_OF_USER] =
		"DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)",
	[Q_THROTTLE_GET] =
		"SELECT next_allowed_at FROM login_throttle WHERE key = ?1",
	[Q_THROTTLE_FAIL] =
		"INSERT INTO login_throttle (key, failures, next_allowed_at) VALUES (?1, 1, ?2 + 1)"
		" ON CONFLICT (key) DO UPDATE SET"
		/* an hour without a failure and the count starts again: one office's typos add up
		 * to a lockout only while they keep coming */
		" failures = CASE WHEN next_allowed_at < ?2 - 3600 THEN 1 ELSE failures + 1 END,"
		" next_allowed_at = ?2 + CASE WHEN next_allowed_at < ?2 - 3600 THEN 1"
		" ELSE min(?3, 1 << min(failures, 20)) END",
	[Q_THROTTLE_CLEAR] = "DELETE FROM login_throttle WHERE key = ?1",
	[Q_LOGIN_LOG] =
		"INSERT INTO login_log (at, name, address, outcome) VALUES (?1, ?2, ?3, ?4)",
};

static sqlite3_stmt *stmt(struct db *db, enum query q)
{
	return db_prepare(db, sql[q]);
}

static bool text(sqlite3_stmt *s, int i, const char *v)
{
	return sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC) == SQLITE_OK;
}

static bool integer(sqlite3_stmt *s, int i, long long v)
{
	return sqlite3_bind_int64(s, i, v) == SQLITE_OK;
}

static bool token(sqlite3_stmt *s, int i, const unsigned char *hash)
{
	return sqlite3_bind_blob(s, i, hash, TOKEN_HASH_BYTES, SQLITE_STATIC) == SQLITE_OK;
}

static enum store_result run(struct db *db, sqlite3_stmt *s, bool bound)
{
	return s && bound ? db_exec(s) : STORE_ERROR;
}

static bool read_user(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct user *u = item;
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(s, 0);
	u->disabled = sqlite3_column_int(s, 3) != 0;
	u->created_at = sqlite3_column_int64(s, 4);
	return (u->name = db_text(a, s, 1)) && (u->role = db_text(a, s, 2));
}

static bool read_user_with_hash(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct user *u = item;
	return read_user(s, a, item) && (u->password_hash = db_text(a, s, 5));
}

enum store_result user_by_name(struct db *db, struct arena *a, const char *name, struct user *out)
{
	sqlite3_stmt *s = stmt(db, Q_USER_BY_NAME);
	if (!s || !text(s, 1, name))
		return STORE_ERROR;
	return db_step_one(s, a, read_user_with_hash, out);
}

enum store_result user_add(struct db *db, const char *name, const char *role, const char *hash,
			   time_t now)
{
	sqlite3_stmt *s = stmt(db, Q_USER_ADD);
	return run(db, s, s && text(s, 1, name) && text(s, 2, role) && text(s, 3, hash) &&
			  integer(s, 4, now));
}

struct user_change {
	enum query q;
	const char *name, *hash;
};

/* The change, then the end of the user's sessions: a new password or a disabled account leaves
 * no session of the old one alive. */
static enum store_result change_user_locked(struct db *db, void *arg)
{
	const struct user_change *ch = arg;
	sqlite3_stmt *s = stmt(db, ch->q);
	enum store_result r;
	if (!s || !text(s, 1, ch->name) || (ch->hash && !text(s, 2, ch->hash)))
		return STORE_ERROR;
	if ((r = db_exec(s)) != STORE_OK)
		return r;
	if (sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	s = stmt(db, Q_SESSIONS_OF_USER);
	return run(db, s, s && text(s, 1, ch->name));
}

enum store_result user_set_password(struct db *db, const char *name, const char *hash)
{
	struct user_change ch = { Q_USER_PASSWD, name, hash };
	return db_transaction(db, change_user_locked, &ch);
}

enum store_result user_disable(struct db *db, const char *name)
{
	struct user_change ch = { Q_USER_DISABLE, name, NULL };
	return db_transaction(db, change_user_locked, &ch);
}

enum store_result user_list(struct db *db, struct arena *a, struct user **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_USER_LIST);
	return s ? db_rows(s, a, sizeof **out, read_user, (void **)out, n) : STORE_ERROR;
}

enum store_result session_create(struct db *db, long long user_id, const unsigned char *hash,
				 time_t now)
{
	sqlite3_stmt *s = stmt(db, Q_SESSION_ADD);
	return run(db, s, s && token(s, 1, hash) && integer(s, 2, user_id) && integer(s, 3, now));
}

/* Refreshes last_seen at most once a minute: an editor's every click need not be a write. */
static enum store_result touch_session(struct db *db, const unsigned char *hash, time_t now,
				       long long seen)
{
	if (now - seen < 60)
		return STORE_OK;
	sqlite3_stmt *s = stmt(db, Q_SESSION_TOUCH);
	return run(db, s, s && token(s, 1, hash) && integer(s, 2, now));
}

struct session_row {
	struct user *user;
	long long seen;
};

static bool read_session(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct session_row *row = item;
	memset(row->user, 0, sizeof *row->user);
	row->user->id = sqlite3_column_int64(s, 0);
	row->seen = sqlite3_column_int64(s, 3);
	return (row->user->name = db_text(a, s, 1)) && (row->user->role = db_text(a, s, 2));
}

enum store_result session_user(struct db *db, struct arena *a, const unsigned char *hash,
			       time_t now, long long idle_secs, long long max_secs, struct user *out)
{
	sqlite3_stmt *s = stmt(db, Q_SESSION_USER);
	struct session_row row = { out, 0 };
	enum store_result r;
	if (!s || !token(s, 1, hash) || !integer(s, 2, now) || !integer(s, 3, idle_secs) ||
	    !integer(s, 4, max_secs))
		return STORE_ERROR;
	if ((r = db_step_one(s, a, read_session, &row)) != STORE_OK)
		return r;
	return touch_session(db, hash, now, row.seen);
}

enum store_result session_delete(struct db *db, const unsigned char *hash)
{
	sqlite3_stmt *s = stmt(db, Q_SESSION_DELETE);
	return run(db, s, s && token(s, 1, hash));
}

enum store_result throttle_wait(struct db *db, const char *key, time_t now, long long *wait)
{
	sqlite3_stmt *s = stmt(db, Q_THROTTLE_GET);
	long long next = 0;
	enum store_result r;
	*wait = 0;
	if (!s || !text(s, 1, key))
		return STORE_ERROR;
	if ((r = db_integer(s, &next)) == STORE_OK && next > (long long)now)
		*wait = next - (long long)now;
	return r;
}

enum store_result throttle_fail(struct db *db, const char *key, time_t now, long long cap_secs)
{
	sqlite3_stmt *s = stmt(db, Q_THROTTLE_FAIL);
	return run(db, s, s && text(s, 1, key) && integer(s, 2, now) && integer(s, 3, cap_secs));
}

enum store_result throttle_clear(struct db *db, const char *key)
{
	sqlite3_stmt *s = stmt(db, Q_THROTTLE_CLEAR);
	return run(db, s, s && text(s, 1, key));
}

enum store_result login_record(struct db *db, time_t now, const char *name, const char *address,
			       const char *outcome)
{
	sqlite3_stmt *s = stmt(db, Q_LOGIN_LOG);
	return run(db, s, s && integer(s, 1, now) && text(s, 2, name) && text(s, 3, address) &&
			  text(s, 4, outcome));
}
