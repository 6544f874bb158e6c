/* The one small database layer: connections, the embedded schema, cached prepared statements. */
#ifndef NEWSDESK_DB_H
#define NEWSDESK_DB_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

#include "arena.h"

/* Each store file owns a range of statement slots. */
enum { SLOTS_MODEL = 0, SLOTS_USERS = 24, SLOTS_EDITOR = 40, SLOT_DATA_VERSION = 95,
       DB_STMT_SLOTS = 96 };

struct db {
	sqlite3 *conn;
	sqlite3_stmt *stmt[DB_STMT_SLOTS];
	long long data_version;   /* as the page cache last saw it (0: not yet) */
};

/* Sends SQLite's error log to stderr and /metrics. Before any connection is opened. */
void db_configure(void);

/* Opens an existing database; readonly for reader threads. */
bool db_open(struct db *db, const char *path, bool readonly, char *err, size_t errlen);
void db_close(struct db *db);

/* The statement for slot, prepared once per connection from sql; reset and unbound. */
sqlite3_stmt *db_stmt(struct db *db, int slot, const char *sql);

enum model_result { MODEL_OK, MODEL_NOT_FOUND, MODEL_ERROR };

/* Steps a statement that yields at most one row: MODEL_OK on it, MODEL_NOT_FOUND when there is
 * none, MODEL_ERROR when SQLite fails. */
enum model_result db_step_one(sqlite3_stmt *s);

/* A text column as an arena string ("" for NULL); NULL only when out of memory. */
const char *db_text(struct arena *a, sqlite3_stmt *s, int col);

/* Steps s to its end, turning each row into the next element (size bytes) of an arena array
 * with read_row; false on any error. */
bool db_rows(sqlite3_stmt *s, struct arena *a, size_t size,
	     bool (*read_row)(sqlite3_stmt *s, struct arena *a, void *item), void **out, int *n);

/* Resets every cached statement. A statement left on a row holds its read snapshot open, and
 * every later statement on the connection would share that stale snapshot: call this at the
 * end of each request. */
void db_release(struct db *db);

/* Creates a new database file at path (schema, then demo content when asked), atomically. */
bool db_create(const char *path, bool demo, bool force, char *err, size_t errlen);

/* Brings an existing database to this binary's schema version inside one transaction. */
bool db_migrate(const char *path, char *err, size_t errlen);

int db_schema_version(void);

#endif
