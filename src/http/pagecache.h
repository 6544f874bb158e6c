/* Rendered public pages kept in memory, shared by the worker threads, never stale: an entry
 * dies when any connection commits to the database (PRAGMA data_version), on reload, and at
 * the moment its page would change by itself. */
#ifndef NEWSDESK_PAGECACHE_H
#define NEWSDESK_PAGECACHE_H

#include <stdbool.h>
#include <time.h>

#include "cache.h"
#include "db.h"
#include "response.h"

/* Forgets every page (after a reload). */
void pagecache_invalidate(void);

/* Forgets every page if the database changed since this connection last looked. */
void pagecache_check(struct db *db);

/* The generation to store a page under: read it before rendering starts. */
unsigned long long pagecache_generation(void);

/* Copies a live page for key into res and m; false when there is none. */
bool pagecache_get(const char *key, time_t now, struct response *res, struct page_meta *m);
void pagecache_put(const char *key, unsigned long long generation, const struct response *res,
		   const struct page_meta *m);

/* Frees every entry; at exit, when no worker runs. */
void pagecache_free(void);

#endif
