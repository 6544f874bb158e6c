/* The one small database layer: connections, the embedded schema, cached prepared statements. */
#include "db.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded_sql.h"
#include "metrics.h"

#define BUSY_TRIES 100   /* 10 waits of 1 ms, then 90 of 50 ms: about 4.5 s in all */

/* Waits for a lock another connection holds, counting each wait for /metrics. */
static int busy_wait(void *unused, int count)
{
	(void)unused;
	if (count >= BUSY_TRIES)
		return 0;
	metrics_db_busy();
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
	metrics_db_error();
	fprintf(stderr, "newsdesk: sqlite error %d: %s\n", rc, msg);
}

void db_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_LOG, sqlite_log, NULL);
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
	if (sqlite3_exec(db->conn, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
		set_err(err, errlen, "cannot use database", path, db->conn);
		db_close(db);
		return false;
	}
	return true;
}

void db_close(struct db *db)
{
	for (int i = 0; i < DB_STMT_SLOTS; i++)
		sqlite3_finalize(db->stmt[i]);
	sqlite3_close(db->conn);
	memset(db, 0, sizeof *db);
}

sqlite3_stmt *db_stmt(struct db *db, int slot, const char *sql)
{
	if (slot < 0 || slot >= DB_STMT_SLOTS)
		return NULL;
	sqlite3_stmt *s = db->stmt[slot];
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		return s;
	}
	if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "newsdesk: cannot prepare statement %d: %s\n", slot,
			sqlite3_errmsg(db->conn));
		return NULL;
	}
	db->stmt[slot] = s;
	return s;
}

enum model_result db_step_one(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	return rc == SQLITE_ROW ? MODEL_OK : rc == SQLITE_DONE ? MODEL_NOT_FOUND : MODEL_ERROR;
}

const char *db_text(struct arena *a, sqlite3_stmt *s, int col)
{
	return arena_strdup(a, (const char *)sqlite3_column_text(s, col));
}

bool db_rows(sqlite3_stmt *s, struct arena *a, size_t size,
	     bool (*read_row)(sqlite3_stmt *s, struct arena *a, void *item), void **out, int *n)
{
	void *items = NULL;
	int cap = 0, rc;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!(items = arena_grow(a, items, *n, &cap, size)) ||
		    !read_row(s, a, (char *)items + (size_t)*n * size))
			return false;
		(*n)++;
	}
	*out = items;
	return rc == SQLITE_DONE;
}

void db_release(struct db *db)
{
	for (int i = 0; i < DB_STMT_SLOTS; i++)
		if (db->stmt[i])
			sqlite3_reset(db->stmt[i]);
}

static bool exec(sqlite3 *conn, const char *sql, const char *what, char *err, size_t errlen)
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
		if (!exec(conn, sql_migrations[v], what, err, errlen) ||
		    !exec(conn, pragma, what, err, errlen))
			return false;
	}
	return true;
}

bool db_migrate(const char *path, char *err, size_t errlen)
{
	struct db db;
	if (!db_open(&db, path, false, err, errlen))
		return false;
	bool ok = exec(db.conn, "BEGIN IMMEDIATE", "cannot lock database", err, errlen);
	if (ok && !(ok = apply_migrations(db.conn, err, errlen)))
		sqlite3_exec(db.conn, "ROLLBACK", NULL, NULL, NULL);
	if (ok)
		ok = exec(db.conn, "COMMIT", "cannot commit migration", err, errlen);
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
	ok = exec(conn, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; BEGIN IMMEDIATE",
		  "cannot set up database", err, errlen) &&
	     apply_migrations(conn, err, errlen) &&
	     (!demo || exec(conn, sql_demo, "demo content", err, errlen)) &&
	     exec(conn, "COMMIT", "cannot commit new database", err, errlen);
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
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
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
