/* The one small database layer: connections, the embedded schema, the statements each store file
 * prepares on each connection, one-row and many-row steps that always end their read, and
 * transactions that refuse to start over a pending statement. */
#ifndef NEWSDESK_DB_H
#define NEWSDESK_DB_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

#include "arena.h"

/* What every store function answers. Bad input the store itself can judge (a taken slug, a
 * section that does not exist, a stale base revision) is told apart from a database that is busy
 * (worth trying again) and from a real failure. */
enum store_result {
	STORE_OK,
	STORE_NOT_FOUND,   /* no such row */
	STORE_TAKEN,       /* bad input: a unique name or slug is in use */
	STORE_NO_SECTION,  /* bad input: no section has that slug or id */
	STORE_CONFLICT,    /* bad input: saved by someone else since the editor's base revision */
	STORE_BUSY,        /* another connection held the lock past the wait: try again */
	STORE_ERROR,       /* anything else: disk, corruption, out of memory, a bug */
};

#define DB_STMT_CACHE 256   /* statements per connection, at most; a power of two */

struct db_cached_stmt {
	const char *sql;       /* the key: the address of the SQL text a store file owns */
	sqlite3_stmt *stmt;
};

struct db {
	sqlite3 *conn;
	struct db_cached_stmt cache[DB_STMT_CACHE];
	bool in_transaction;
	long long data_version;   /* PRAGMA data_version as the page cache last saw it (0: never) */
	long long content_version; /* site_state's version as read then */
};

/* Sends SQLite's error log to stderr and db_counters(). Before any connection is opened. */
void db_configure(void);

/* While quiet, SQLite's errors are only counted: for a start-up whose own message already says
 * what failed (plain CGI answers a failed start-up with one log line). */
void db_log_quietly(bool quiet);

/* SQLite errors (expected constraint checks aside) and waits for a lock, since start. */
void db_counters(unsigned long long *errors, unsigned long long *busy_waits);

/* Opens an existing database; readonly for reader threads. */
bool db_open(struct db *db, const char *path, bool readonly, char *err, size_t errlen);
void db_close(struct db *db);

/* sql's statement on this connection, prepared on first use and kept: sql must be a string that
 * lives as long as the program (a store file's constant). Reset and unbound; NULL on failure. */
sqlite3_stmt *db_prepare(struct db *db, const char *sql);

/* The one row s yields, read into out with read_row: STORE_OK, STORE_NOT_FOUND when there is
 * none. s is reset either way, so no read stays open. */
enum store_result db_step_one(sqlite3_stmt *s, struct arena *a,
			      bool (*read_row)(sqlite3_stmt *s, struct arena *a, void *out), void *out);

/* Every row of s, each read into the next element (size bytes) of an arena array; s is reset. */
enum store_result db_rows(sqlite3_stmt *s, struct arena *a, size_t size,
			  bool (*read_row)(sqlite3_stmt *s, struct arena *a, void *item),
			  void **out, int *n);

/* Runs a statement that yields no rows (or whose rows do not matter); s is reset. STORE_TAKEN
 * when a UNIQUE constraint refused it. */
enum store_result db_exec(sqlite3_stmt *s);

/* The first column of s's one row as an integer (0 when there is no row); s is reset. */
enum store_result db_integer(sqlite3_stmt *s, long long *out);

/* Binders that say whether they worked; db_bind_text binds NULL as "". The value must outlive
 * the statement's step (SQLITE_STATIC). */
bool db_bind_text(sqlite3_stmt *s, int i, const char *v);
bool db_bind_int(sqlite3_stmt *s, int i, long long v);
bool db_bind_blob(sqlite3_stmt *s, int i, const void *v, int n);

/* db_exec(s) when s was prepared and bound (both true), else STORE_ERROR. */
enum store_result db_run(sqlite3_stmt *s, bool bound);

/* Runs SQL text outside any cache (schema, pragmas); false with "what: why" in err. */
bool db_exec_sql(sqlite3 *conn, const char *sql, const char *what, char *err, size_t errlen);

/* A text column as an arena string ("" for NULL); NULL only when out of memory. */
const char *db_text(struct arena *a, sqlite3_stmt *s, int col);

/* The store result for a failed SQLite call. */
enum store_result db_result(int rc);

/* A write transaction (BEGIN IMMEDIATE, waiting for the lock as long as any statement would).
 * Refused, loudly in debug builds, when a statement on the connection is still pending (its
 * read would have to become a write, which SQLite refuses when another connection has written
 * since) or a transaction is already open. */
enum store_result db_begin(struct db *db);
enum store_result db_commit(struct db *db);
void db_rollback(struct db *db);

/* A read snapshot on a read-only connection: every read until db_read_end sees one committed
 * state, and SQLite takes its locks once instead of once a statement. Refused like db_begin. */
enum store_result db_read_begin(struct db *db);
void db_read_end(struct db *db);

/* Runs body inside db_begin .. db_commit; rolls back when body does not answer STORE_OK. */
enum store_result db_transaction(struct db *db, enum store_result (*body)(struct db *db, void *arg),
				 void *arg);

/* True when no statement of this connection is mid-step and no transaction is open. */
bool db_idle(struct db *db);

/* Resets every cached statement: the end of a request, whatever happened in it. */
void db_release(struct db *db);

/* PRAGMA data_version: moves on whenever another connection commits (any table); comparable only
 * on the same connection. -1 on failure. */
long long db_data_version(struct db *db);

/* Creates a new database file at path (schema, then demo content when asked), atomically. */
bool db_create(const char *path, bool demo, bool force, char *err, size_t errlen);

/* Brings an existing database to this binary's schema version inside one transaction. */
bool db_migrate(const char *path, char *err, size_t errlen);

int db_schema_version(void);

/* True when the open database is at this newsdesk's schema version (nothing to migrate). */
bool db_is_current(struct db *db);

#endif
