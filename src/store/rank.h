/* Search ranking: bm25 without length normalisation, with newsdesk's column weights, and only
 * for the rows that can still make the page. */
#ifndef NEWSDESK_RANK_H
#define NEWSDESK_RANK_H

#include <stdbool.h>

#include <sqlite3.h>

/* Adds newsdesk_rank(search, k) to conn's FTS5: a row's score (lower is better, as bm25()'s)
 * while it is among the best k rows seen so far, NULL once k rows as good came before it. Read
 * the rows newest first (ORDER BY rowid DESC, the search keys' order) so that, among equals, the
 * newest are kept: the best k of the query are then exactly the best k of the rows not NULL,
 * ordered by (score, rowid DESC). */
bool rank_register(sqlite3 *conn);

#endif
