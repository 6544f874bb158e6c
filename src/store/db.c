/* The one small database layer: connections, the embedded schema, the statements each store file
 * prepares on each connection, one-row and many-row steps that always end their read, and
 * transactions that refuse to start over a pending statement. */
#include "db.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded_sql.h"
#include "rank.h"

#define BUSY_TRIES 100   /* 10 waits of 1 ms, then 90 of 50 ms: about 4.5 s in all */

static atomic_ullong db_errors, db_busy_waits;
static atomic_bool log_quiet;

/* Waits for a lock another connection holds, counting each wait. */
static int busy_wait(void *unused, int count)
{
	(void)unused;
	if (count >= BUSY_TRIES)
		return 0;
	atomic_fetch_add_explicit(&db_busy_waits, 1, memory_order_relaxed);
	usleep(count < 10 ? 1000 : 50000);
	return 1;
}

/* SQLite's own error log: each real error is counted and printed (expected outcomes such as a
 * taken slug, and notices, are not errors). */
static void sqlite_log(void *unused, int rc, const char *msg)
{
	int primary = rc & 0xff;
	(void)unused;
	if (primary == SQLITE_NOTICE || primary == SQLITE_WARNING || primary == SQLITE_CONSTRAINT ||
	    primary == SQLITE_SCHEMA)
		return;
	atomic_fetch_add_explicit(&db_errors, 1, memory_order_relaxed);
	if (!atomic_load_explicit(&log_quiet, memory_order_relaxed))
		fprintf(stderr, "newsdesk: sqlite error %d: %s\n", rc, msg);
}

void db_log_quietly(bool quiet)
{
	atomic_store_explicit(&log_quiet, quiet, memory_order_relaxed);
}

void db_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_LOG, sqlite_log, NULL);
}

void db_counters(unsigned long long *errors, unsigned long long *busy_waits)
{
	*errors = atomic_load_explicit(&db_errors, memory_order_relaxed);
	*busy_waits = atomic_load_explicit(&db_busy_waits, memory_order_relaxed);
}

int db_schema_version(void)
{
	return sql_migration_count;
}

static void set_err(char *err, size_t errlen, const char *what, const char *path, sqlite3 *conn)
{
	snprintf(err, errlen, "%s %s: %s", what, path, conn ? sqlite3_errmsg(conn) : "out of memory");
}

bool db_open(struct db *db, const char *path, bool readonly, char *err, size_t errlen)
{
	struct stat st;
	memset(db, 0, sizeof *db);
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "cannot open database %s: %s", path, strerror(errno));
		return false;
	}
	int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
		set_err(err, errlen, "cannot open database", path, db->conn);
		db_close(db);
		return false;
	}
	sqlite3_busy_handler(db->conn, busy_wait, NULL);
	sqlite3_extended_result_codes(db->conn, 1);
	if (sqlite3_exec(db->conn, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK ||
	    !rank_register(db->conn)) {
		set_err(err, errlen, "cannot use database", path, db->conn);
		db_close(db);
		return false;
	}
	return true;
}

void db_close(struct db *db)
{
	for (int i = 0; i < DB_STMT_CACHE; i++)
		sqlite3_finalize(db->cache[i].stmt);
	sqlite3_close(db->conn);
	memset(db, 0, sizeof *db);
}

/* Open addressing on the address of the SQL text: each store file's constants are its keys. */
static struct db_cached_stmt *cache_slot(struct db *db, const char *sql)
{
	size_t h = (size_t)((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15ull;
	for (size_t i = 0; i < DB_STMT_CACHE; i++) {
		struct db_cached_stmt *e = &db->cache[(h + i) & (DB_STMT_CACHE - 1)];
		if (!e->sql || e->sql == sql)
			return e;
	}
	return NULL;
}

sqlite3_stmt *db_prepare(struct db *db, const char *sql)
{
	struct db_cached_stmt *e = cache_slot(db, sql);
	if (!e) {
		fprintf(stderr, "newsdesk: more than %d statements on one connection\n", DB_STMT_CACHE);
		return NULL;
	}
	if (e->stmt) {
		sqlite3_reset(e->stmt);
		sqlite3_clear_bindings(e->stmt);
		return e->stmt;
	}
	if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &e->stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "newsdesk: cannot prepare statement: %s: %.80s\n",
			sqlite3_errmsg(db->conn), sql);
		e->stmt = NULL;
		return NULL;
	}
	e->sql = sql;
	return e->stmt;
}

enum store_result db_result(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return STORE_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_BUSY;
	case SQLITE_CONSTRAINT:
		return rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY
			? STORE_TAKEN : STORE_ERROR;
	default:
		return STORE_ERROR;
	}
}

/* The result of a step that failed, once s is reset (which reports the same error). */
static enum store_result failed_step(sqlite3_stmt *s, int rc)
{
	sqlite3_reset(s);
	return db_result(rc);
}

enum store_result db_step_one(sqlite3_stmt *s, struct arena *a,
			      bool (*read_row)(sqlite3_stmt *s, struct arena *a, void *out), void *out)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return STORE_NOT_FOUND;
	}
	if (rc != SQLITE_ROW)
		return failed_step(s, rc);
	bool read = read_row(s, a, out);
	sqlite3_reset(s);
	return read ? STORE_OK : STORE_ERROR;
}

enum store_result db_rows(sqlite3_stmt *s, struct arena *a, size_t size,
			  bool (*read_row)(sqlite3_stmt *s, struct arena *a, void *item),
			  void **out, int *n)
{
	void *items = NULL;
	int cap = 0, rc;
	*n = 0;
	*out = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!(items = arena_grow(a, items, *n, &cap, size)) ||
		    !read_row(s, a, (char *)items + (size_t)*n * size)) {
			sqlite3_reset(s);
			return STORE_ERROR;
		}
		(*n)++;
	}
	if (rc != SQLITE_DONE)
		return failed_step(s, rc);
	sqlite3_reset(s);
	*out = items;
	return STORE_OK;
}

enum store_result db_exec(sqlite3_stmt *s)
{
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		return failed_step(s, rc);
	sqlite3_reset(s);
	return STORE_OK;
}

enum store_result db_integer(sqlite3_stmt *s, long long *out)
{
	int rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return failed_step(s, rc);
	sqlite3_reset(s);
	return STORE_OK;
}

bool db_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	return sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_STATIC) == SQLITE_OK;
}

bool db_bind_int(sqlite3_stmt *s, int i, long long v)
{
	return sqlite3_bind_int64(s, i, v) == SQLITE_OK;
}

bool db_bind_blob(sqlite3_stmt *s, int i, const void *v, int n)
{
	return sqlite3_bind_blob(s, i, v, n, SQLITE_STATIC) == SQLITE_OK;
}

enum store_result db_run(sqlite3_stmt *s, bool bound)
{
	return s && bound ? db_exec(s) : STORE_ERROR;
}

const char *db_text(struct arena *a, sqlite3_stmt *s, int col)
{
	return arena_strdup(a, (const char *)sqlite3_column_text(s, col));
}

long long db_data_version(struct db *db)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *s = db_prepare(db, sql);
	long long v;
	return s && db_integer(s, &v) == STORE_OK ? v : -1;
}

static bool statement_pending(struct db *db)
{
	for (sqlite3_stmt *s = sqlite3_next_stmt(db->conn, NULL); s; s = sqlite3_next_stmt(db->conn, s))
		if (sqlite3_stmt_busy(s))
			return true;
	return false;
}

/* A misuse of transactions is a bug in newsdesk: stop a debug build where it happened. */
static enum store_result misuse(const char *what)
{
	fprintf(stderr, "newsdesk: BUG: %s\n", what);
#ifndef NDEBUG
	abort();
#endif
	return STORE_ERROR;
}

bool db_idle(struct db *db)
{
	return !db->conn || (!db->in_transaction && !statement_pending(db));
}

enum store_result db_begin(struct db *db)
{
	if (db->in_transaction)
		return misuse("a transaction begun inside another");
	if (statement_pending(db))
		return misuse("a transaction begun while a statement is pending");
	int rc = sqlite3_exec(db->conn, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_result(rc);
	db->in_transaction = true;
	return STORE_OK;
}

enum store_result db_commit(struct db *db)
{
	if (!db->in_transaction)
		return misuse("a commit outside a transaction");
	if (statement_pending(db)) {
		db_rollback(db);
		return misuse("a commit while a statement is pending");
	}
	int rc = sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		db_rollback(db);
		return db_result(rc);
	}
	db->in_transaction = false;
	return STORE_OK;
}

void db_rollback(struct db *db)
{
	db_release(db);
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	db->in_transaction = false;
}

enum store_result db_read_begin(struct db *db)
{
	if (db->in_transaction)
		return misuse("a read snapshot begun inside a transaction");
	if (statement_pending(db))
		return misuse("a read snapshot begun while a statement is pending");
	static const char sql[] = "BEGIN";
	sqlite3_stmt *s = db_prepare(db, sql);
	enum store_result r = s ? db_exec(s) : STORE_ERROR;
	db->in_transaction = r == STORE_OK;
	return r;
}

void db_read_end(struct db *db)
{
	if (!db->in_transaction)
		return;
	db_release(db);
	static const char sql[] = "COMMIT";
	sqlite3_stmt *s = db_prepare(db, sql);
	if (!s || db_exec(s) != STORE_OK)
		db_rollback(db);
	db->in_transaction = false;
}

enum store_result db_transaction(struct db *db, enum store_result (*body)(struct db *db, void *arg),
				 void *arg)
{
	enum store_result r = db_begin(db);
	if (r != STORE_OK)
		return r;
	if ((r = body(db, arg)) != STORE_OK) {
		db_rollback(db);
		return r;
	}
	return db_commit(db);
}

void db_release(struct db *db)
{
	for (int i = 0; i < DB_STMT_CACHE; i++)
		if (db->cache[i].stmt)
			sqlite3_reset(db->cache[i].stmt);
}

bool db_exec_sql(sqlite3 *conn, const char *sql, const char *what, char *err, size_t errlen)
{
	char *msg = NULL;
	if (sqlite3_exec(conn, sql, NULL, NULL, &msg) == SQLITE_OK)
		return true;
	snprintf(err, errlen, "%s: %s", what, msg ? msg : sqlite3_errmsg(conn));
	sqlite3_free(msg);
	return false;
}

static int user_version(sqlite3 *conn)
{
	sqlite3_stmt *s;
	int v = -1;
	if (sqlite3_prepare_v2(conn, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

bool db_is_current(struct db *db)
{
	return user_version(db->conn) == sql_migration_count;
}

/* Runs the migrations from the current version up; the caller holds the transaction. */
static bool apply_migrations(sqlite3 *conn, char *err, size_t errlen)
{
	int v = user_version(conn);
	if (v < 0) {
		snprintf(err, errlen, "cannot read schema version: %s", sqlite3_errmsg(conn));
		return false;
	}
	if (v > sql_migration_count) {
		snprintf(err, errlen, "database schema version %d is newer than this newsdesk (%d)",
			 v, sql_migration_count);
		return false;
	}
	for (; v < sql_migration_count; v++) {
		char what[64], pragma[64];
		snprintf(what, sizeof what, "migration %d", v + 1);
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if (!db_exec_sql(conn, sql_migrations[v], what, err, errlen) ||
		    !db_exec_sql(conn, pragma, what, err, errlen))
			return false;
	}
	return true;
}

bool db_migrate(const char *path, char *err, size_t errlen)
{
	struct db db;
	if (!db_open(&db, path, false, err, errlen))
		return false;
	bool ok = db_exec_sql(db.conn, "BEGIN IMMEDIATE", "cannot lock database", err, errlen);
	if (ok && !(ok = apply_migrations(db.conn, err, errlen)))
		sqlite3_exec(db.conn, "ROLLBACK", NULL, NULL, NULL);
	if (ok)
		ok = db_exec_sql(db.conn, "COMMIT", "cannot commit migration", err, errlen);
	db_close(&db);
	return ok;
}

/* Fills a brand-new file: WAL mode, then schema and demo in one transaction. */
static bool fill_new(const char *tmp, bool demo, char *err, size_t errlen)
{
	sqlite3 *conn = NULL;
	bool ok = false;
	if (sqlite3_open_v2(tmp, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		set_err(err, errlen, "cannot create database", tmp, conn);
		goto out;
	}
	ok = db_exec_sql(conn, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; BEGIN IMMEDIATE",
		  "cannot set up database", err, errlen) &&
	     apply_migrations(conn, err, errlen) &&
	     (!demo || db_exec_sql(conn, sql_demo, "demo content", err, errlen)) &&
	     db_exec_sql(conn, "COMMIT", "cannot commit new database", err, errlen);
out:
	if (sqlite3_close(conn) != SQLITE_OK && ok) {
		snprintf(err, errlen, "cannot close new database %s", tmp);
		ok = false;
	}
	return ok;
}

static void remove_side_files(const char *path)
{
	char side[4200];
	if (snprintf(side, sizeof side, "%s-wal", path) < (int)sizeof side)
		unlink(side);
	if (snprintf(side, sizeof side, "%s-shm", path) < (int)sizeof side)
		unlink(side);
}

static void remove_db_files(const char *path)
{
	unlink(path);
	remove_side_files(path);
}

bool db_create(const char *path, bool demo, bool force, char *err, size_t errlen)
{
	char tmp[4200];
	struct stat st;
	if (strlen(path) > 4096) {
		snprintf(err, errlen, "database path is too long");
		return false;
	}
	if (stat(path, &st) == 0 && !force) {
		snprintf(err, errlen, "%s already exists; use --force to replace it", path);
		return false;
	}
	/* Build beside the target and rename over it, so a failed init never leaves half a database. */
	snprintf(tmp, sizeof tmp, "%s.new", path);
	remove_db_files(tmp);
	if (!fill_new(tmp, demo, err, errlen)) {
		remove_db_files(tmp);
		return false;
	}
	if (force)
		remove_side_files(path);
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "cannot move new database to %s: %s", path, strerror(errno));
		remove_db_files(tmp);
		return false;
	}
	return true;
}
