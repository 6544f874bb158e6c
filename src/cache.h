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

/* Adds the caching headers to c's response, and turns it into a 304 when the client's copy
 * is current. Public pages get validators and a lifetime; everything else no-store. */
void cache_finish(struct ctx *c);

#endif
