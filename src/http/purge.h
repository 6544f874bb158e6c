/* The cache tier's purges: after an editor's change is committed, every configured cache
 * (Varnish with the xkey module) forgets the pages that show what changed, before the editor's
 * answer goes out; a cache that does not answer is retried in the background until it does. */
#ifndef NEWSDESK_PURGE_H
#define NEWSDESK_PURGE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define PURGE_TARGETS_MAX 8
#define PURGE_WAIT_MS 300     /* the longest an editor's save waits for the caches */

/* Checks a purge_urls value: space-separated http://HOST[:PORT][/PATH], at most
 * PURGE_TARGETS_MAX. NULL when fine, else what is wrong. */
const char *purge_urls_problem(const char *urls);

/* Before the sandbox: resolves each URL's host once (nothing is resolved later) and sets up
 * libcurl. An empty urls: no purging, and every other call does nothing. False with err when a
 * host does not resolve or libcurl cannot start. */
bool purge_init(const char *urls, char *err, size_t errlen);

/* The TCP ports the purges connect to, for the sandbox: how many (at most max). */
int purge_ports(int *ports, int max);

/* Starts the purge thread; after the sandbox, so that the thread is inside it too. */
bool purge_start(char *err, size_t errlen);

/* Stops the thread (what is still pending is logged and dropped) and frees everything. */
void purge_stop(void);

bool purge_enabled(void);

/* Purges keys (space-separated surrogate keys) on every cache, stamped with stamp (the content
 * version of the change: a cache keeps no page stamped older once it has seen it). With wait,
 * returns once every cache that is not already failing has answered or failed, or after
 * PURGE_WAIT_MS; a cache that failed gets the keys again in the background, with backoff, until
 * it answers. True when every cache confirmed the purge in time. */
bool purge_keys(const char *keys, long long stamp, bool wait);

/* Purges everything and resets the caches' gate to stamp (at start-up: new templates or a
 * restored database may change any page, and the content version may have gone back). */
void purge_reset(long long stamp);

/* Purges keys delay_ms from now, without waiting (after a reload: once more, in case a page
 * made with the old configuration was still on its way to a cache). */
void purge_later(const char *keys, long long stamp, int delay_ms);

/* The Prometheus lines: purges by cache and result, caches behind. */
void purge_metrics(struct buf *out);

#endif
