/* HTTP caching of public pages: validators, lifetimes that respect the clock, and 304s. */
#ifndef NEWSDESK_CACHE_H
#define NEWSDESK_CACHE_H

#include <stdbool.h>
#include <time.h>

#include "ctx.h"

/* Lifetime for a page that changes by itself at until (0: not by itself), seen at now:
 * max-age and stale-while-revalidate never reach past until. */
void cache_lifetime(time_t now, time_t until, long long *max_age, long long *swr);

/* True when an If-None-Match header value names etag (a list, weak forms, or "*"). */
bool cache_etag_matches(const char *header, const char *etag);

#define ETAG_MAX 40

/* What caching needs to know of a page, kept with it in the page cache. */
struct page_meta {
	char etag[ETAG_MAX];   /* strong: a hash of the bytes */
	time_t modified;       /* Last-Modified (0: none) */
	time_t until;          /* the page changes by itself then (0: not by itself) */
};

/* For a public 200 page: fills m and returns true; anything else: false. next is when the
 * next scheduled article appears and changed when anything readers see last changed (the
 * store's model_site_times; 0 for none). */
bool cache_describe(struct ctx *c, time_t next, time_t changed, struct page_meta *m);

/* With a cache tier to purge (purge_urls), names what a public page shows: its surrogate keys (xkey for Varnish,
 * Surrogate-Key for CDNs, the same list) and, when newsdesk purges a cache tier, the content
 * version the page was read at (X-Newsdesk-Version: a cache refuses a page older than a purge
 * it has seen). Headers of the page itself, so the page cache keeps them with it. */
void cache_tag(struct ctx *c);

/* Adds Cache-Control (from the time left until m->until), ETag and Last-Modified, and turns
 * the response into a 304 when the client's copy is current. With a cache tier to purge,
 * Surrogate-Control too: the tier may keep the page until it changes by itself (or a day),
 * since newsdesk purges it on every other change. */
void cache_answer(struct ctx *c, const struct page_meta *m);

/* Whatever got no caching headers: no-store for editors' pages, no-cache for readers' errors. */
void cache_forbid(struct ctx *c);

#endif
