/* The store for editors' accounts (all its SQL); their sessions live in the sessions file. */
#include "users.h"

#include <string.h>

enum query {
	Q_USER_BY_NAME, Q_USER_FOR_SESSION, Q_USER_ADD, Q_USER_PASSWD, Q_USER_DISABLE, Q_USER_LIST,
	Q_USER_ENABLE, Q_USER_ROLE, Q__COUNT
};

#define USER_COLUMNS "id, name, role, disabled, created_at, session_epoch"

/* A new password or a disabled account moves the epoch on: every older session ends with it. */
static const char *const sql[Q__COUNT] = {
	[Q_USER_BY_NAME] = "SELECT " USER_COLUMNS ", password_hash FROM users WHERE name = ?1",
	[Q_USER_FOR_SESSION] =
		"SELECT " USER_COLUMNS " FROM users WHERE id = ?1 AND session_epoch = ?2 AND disabled = 0",
	[Q_USER_ADD] =
		"INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
	[Q_USER_PASSWD] =
		"UPDATE users SET password_hash = ?2, session_epoch = session_epoch + 1 WHERE name = ?1",
	[Q_USER_DISABLE] =
		"UPDATE users SET disabled = 1, session_epoch = session_epoch + 1 WHERE name = ?1",
	[Q_USER_LIST] = "SELECT " USER_COLUMNS " FROM users ORDER BY name",
	[Q_USER_ENABLE] = "UPDATE users SET disabled = 0 WHERE name = ?1",
	[Q_USER_ROLE] = "UPDATE users SET role = ?2 WHERE name = ?1",
};

static sqlite3_stmt *stmt(struct db *db, enum query q)
{
	return db_prepare(db, sql[q]);
}

static bool read_user(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct user *u = item;
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(s, 0);
	u->disabled = sqlite3_column_int(s, 3) != 0;
	u->created_at = sqlite3_column_int64(s, 4);
	u->session_epoch = sqlite3_column_int64(s, 5);
	return (u->name = db_text(a, s, 1)) && (u->role = db_text(a, s, 2));
}

static bool read_user_with_hash(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct user *u = item;
	return read_user(s, a, item) && (u->password_hash = db_text(a, s, 6));
}

enum store_result user_by_name(struct db *db, struct arena *a, const char *name, struct user *out)
{
	sqlite3_stmt *s = stmt(db, Q_USER_BY_NAME);
	if (!s || !db_bind_text(s, 1, name))
		return STORE_ERROR;
	return db_step_one(s, a, read_user_with_hash, out);
}

enum store_result user_for_session(struct db *db, struct arena *a, long long id, long long epoch,
				   struct user *out)
{
	sqlite3_stmt *s = stmt(db, Q_USER_FOR_SESSION);
	if (!s || !db_bind_int(s, 1, id) || !db_bind_int(s, 2, epoch))
		return STORE_ERROR;
	return db_step_one(s, a, read_user, out);
}

enum store_result user_add(struct db *db, const char *name, const char *role, const char *hash,
			   time_t now)
{
	sqlite3_stmt *s = stmt(db, Q_USER_ADD);
	return db_run(s, s && db_bind_text(s, 1, name) && db_bind_text(s, 2, role) &&
			 db_bind_text(s, 3, hash) && db_bind_int(s, 4, now));
}

/* One UPDATE naming one user; STORE_NOT_FOUND when it names none. */
static enum store_result change_user(struct db *db, sqlite3_stmt *s, bool bound)
{
	enum store_result r = db_run(s, bound);
	if (r == STORE_OK && sqlite3_changes(db->conn) == 0)
		return STORE_NOT_FOUND;
	return r;
}

enum store_result user_set_password(struct db *db, const char *name, const char *hash)
{
	sqlite3_stmt *s = stmt(db, Q_USER_PASSWD);
	return change_user(db, s, s && db_bind_text(s, 1, name) && db_bind_text(s, 2, hash));
}

enum store_result user_disable(struct db *db, const char *name)
{
	sqlite3_stmt *s = stmt(db, Q_USER_DISABLE);
	return change_user(db, s, s && db_bind_text(s, 1, name));
}

enum store_result user_enable(struct db *db, const char *name)
{
	sqlite3_stmt *s = stmt(db, Q_USER_ENABLE);
	return change_user(db, s, s && db_bind_text(s, 1, name));
}

enum store_result user_set_role(struct db *db, const char *name, const char *role)
{
	sqlite3_stmt *s = stmt(db, Q_USER_ROLE);
	return change_user(db, s, s && db_bind_text(s, 1, name) && db_bind_text(s, 2, role));
}

enum store_result user_list(struct db *db, struct arena *a, struct user **out, int *n)
{
	sqlite3_stmt *s = stmt(db, Q_USER_LIST);
	return s ? db_rows(s, a, sizeof **out, read_user, (void **)out, n) : STORE_ERROR;
}
