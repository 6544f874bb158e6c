/* HTTP caching of public pages: validators, lifetimes that respect the clock, and 304s. */
#include "cache.h"

#include <stdio.h>
#include <string.h>

#include <xxhash.h>

#include "purge.h"
#include "timefmt.h"

#define MAX_AGE 60   /* seconds: editors' changes reach readers within a minute */
#define SWR_MAX 30
#define TIER_MAX_AGE (24 * 3600)  /* the cache tier's longest keep, since it is purged */

void cache_lifetime(time_t now, time_t until, long long *max_age, long long *swr)
{
	long long left = until ? (long long)until - (long long)now : MAX_AGE + SWR_MAX;
	if (left < 0)
		left = 0;
	*max_age = left < MAX_AGE ? left : MAX_AGE;
	*swr = left - *max_age < SWR_MAX ? left - *max_age : SWR_MAX;
}

bool cache_etag_matches(const char *header, const char *etag)
{
	size_t n = strlen(etag);
	while (*header) {
		header += strspn(header, " ,\t");
		if (*header == '*')
			return true;
		if (strncmp(header, "W/", 2) == 0)  /* If-None-Match compares weakly */
			header += 2;
		if (strncmp(header, etag, n) == 0 && (header[n] == '\0' || header[n] == ',' ||
						      header[n] == ' ' || header[n] == '\t'))
			return true;
		header += strcspn(header, ",");
	}
	return false;
}

/* A strong validator from the bytes themselves: it changes exactly when the page does. XXH3 is
 * not a cryptographic hash and need not be: a tag only tells one version of a page from the
 * next, and hashing every rendered page with BLAKE2b took a tenth of an article's render. */
static void etag_of(const struct response *res, char out[ETAG_MAX])
{
	XXH128_hash_t h = XXH3_128bits(res->body.data, res->body.len);
	snprintf(out, ETAG_MAX, "\"%016llx%016llx\"", (unsigned long long)h.high64,
		 (unsigned long long)h.low64);
}

static bool client_is_current(const struct ctx *c, const struct page_meta *m)
{
	time_t since;
	if (c->req.if_none_match)  /* when both are sent, the entity tag decides */
		return cache_etag_matches(c->req.if_none_match, m->etag);
	return c->req.if_modified_since && m->modified &&
	       timefmt_parse_http(c->req.if_modified_since, &since) && m->modified <= since;
}

void cache_forbid(struct ctx *c)
{
	const struct route *route = c->match.route;
	if (c->cache_control_set)
		return;
	/* a reader's error may be kept but must be checked again; anything of an editor's, never */
	response_header(c->res, "Cache-Control", !route || (route->flags & CACHEABLE) ? "no-cache"
										: "no-store");
}

bool cache_describe(struct ctx *c, time_t next, time_t changed, struct page_meta *m)
{
	const struct route *route = c->match.route;
	if (!route || !(route->flags & CACHEABLE) || c->res->status != 200)
		return false;
	time_t until = c->expires;
	if (next && (!until || next < until))
		until = next;  /* a scheduled article appears then, on lists, feeds and sitemaps */
	m->until = until;
	/* What the page shows changed at c->modified; but a removal, a renamed section or a
	 * reloaded config leaves no trace on the page: the site's last change counts too. */
	time_t modified = c->modified;
	if (changed > modified)
		modified = changed;
	if (c->site->reloaded_at > modified)
		modified = c->site->reloaded_at;
	m->modified = modified > c->now ? c->now : modified;
	etag_of(c->res, m->etag);
	return true;
}

void cache_tag(struct ctx *c)
{
	char keys[SURROGATE_TEXT_MAX], version[32];
	/* Without a cache tier to purge, nobody needs the keys, and readers need not learn the ids
	 * of the drafts an article's promos wait for. */
	if (!purge_enabled())
		return;
	surrogate_add(&c->keys, "all");
	surrogate_text(&c->keys, keys);
	response_header(c->res, "xkey", keys);
	response_header(c->res, "Surrogate-Key", keys);
	snprintf(version, sizeof version, "%lld", c->content_version);
	response_header(c->res, "X-Newsdesk-Version", version);
}

/* How long the cache tier may keep a page it is told about every change of. */
static void tier_lifetime(struct ctx *c, const struct page_meta *m)
{
	char header[64];
	long long left = m->until ? (long long)m->until - (long long)c->now : TIER_MAX_AGE;
	snprintf(header, sizeof header, "max-age=%lld",
		 left < 0 ? 0 : left < TIER_MAX_AGE ? left : TIER_MAX_AGE);
	response_header(c->res, "Surrogate-Control", header);
}

void cache_answer(struct ctx *c, const struct page_meta *m)
{
	struct response *res = c->res;
	char header[160], when[TIMEFMT_MAX];
	long long max_age, swr;
	cache_lifetime(c->now, m->until, &max_age, &swr);
	if (c->req.session_cookie)  /* an editor: their own change must show on the next click */
		snprintf(header, sizeof header, "private, no-cache");
	else
		snprintf(header, sizeof header,
			 "public, max-age=%lld, s-maxage=%lld, stale-while-revalidate=%lld",
			 max_age, max_age, swr);
	response_header(res, "Cache-Control", header);
	if (!c->req.session_cookie && purge_enabled())
		tier_lifetime(c, m);
	response_header(res, "ETag", m->etag);
	c->cache_control_set = true;
	if (m->modified) {
		timefmt_http(m->modified, when);
		response_header(res, "Last-Modified", when);
	}
	if (client_is_current(c, m)) {
		res->status = 304;
		buf_reset(&res->body);
	}
}
