/* Rendered public pages kept in memory, shared by the worker threads, never stale: an entry
 * dies when anything readers see changes (site_state's version, moved on by triggers), on
 * reload, and at the moment its page would change by itself. Bounded in bytes. */
#ifndef NEWSDESK_PAGECACHE_H
#define NEWSDESK_PAGECACHE_H

#include <stdbool.h>
#include <time.h>

#include "cache.h"
#include "db.h"
#include "response.h"

#define PAGECACHE_SLOTS 4096     /* a key has one slot, from a keyed hash */
#define PAGECACHE_DEFAULT_BYTES (16u << 20)

/* The most the kept pages may take, keys and bookkeeping included; pages larger than a
 * sixteenth of it are not kept. Before the workers start, or while they are held (reload). */
void pagecache_configure(size_t bytes);

/* Forgets every page (after a reload). */
void pagecache_invalidate(void);

/* Forgets every page if what readers see changed since any request last looked (site_state's
 * version: sessions, accounts and revisions leave it alone). Returns that version as this
 * connection knows it now (-1: it could not be read). */
long long pagecache_check(struct db *db);

/* The generation to store a page under: read it before rendering starts. */
unsigned long long pagecache_generation(void);

/* Copies a live page for key into res (status, type, body and the page's own headers: its
 * surrogate keys) and m; false when there is none. */
bool pagecache_get(const char *key, time_t now, struct response *res, struct page_meta *m);
void pagecache_put(const char *key, unsigned long long generation, const struct response *res,
		   const struct page_meta *m);

struct pagecache_stats {
	unsigned long long hits, misses;  /* lookups that found a live page, and that did not */
	unsigned long long entries;       /* pages held */
	unsigned long long evictions;     /* pages let go for the budget or for another's slot */
	size_t bytes, budget;             /* what the pages take, and the most they may */
};
void pagecache_stats(struct pagecache_stats *out);

/* The slot a key lives in: a hash keyed with a secret made at random once a process. */
int pagecache_slot_index(const char *key);

/* Frees every entry; at exit, when no worker runs. */
void pagecache_free(void);

#endif
