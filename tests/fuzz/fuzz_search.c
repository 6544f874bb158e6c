/* Fuzz target: a reader's search words, turned into FTS5 by search_query(), must never be an
 * FTS5 syntax error, whatever the bytes. Runs each query against a real FTS5 table. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "pages.h"

static sqlite3 *db;
static sqlite3_stmt *match;

static void setup(void)
{
	if (db)
		return;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(a, tokenize = 'unicode61 remove_diacritics 2');"
			 "INSERT INTO t VALUES ('Kurmanbek Bakiyev flies to Kazakhstan');", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &match, NULL) != SQLITE_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *q = malloc(size + 1);
	struct arena a;
	setup();
	memcpy(q, data, size);
	q[size] = '\0';
	arena_init(&a);
	const char *fts = search_query(&a, q);
	if (!fts)
		abort();
	if (*fts) {
		sqlite3_bind_text(match, 1, fts, -1, SQLITE_STATIC);
		int rc = sqlite3_step(match);
		sqlite3_reset(match);
		if (rc != SQLITE_ROW)
			abort();  /* the reader's words became FTS5 syntax */
	}
	arena_free(&a);
	free(q);
	return 0;
}
