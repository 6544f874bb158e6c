/* One request, start to finish: parse, route, run the page, always leave a whole response. */
#include "handler.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "metrics.h"
#include "pagecache.h"
#include "pages.h"
#include "session.h"
#include "site.h"
#include "timefmt.h"

/* "/news/europe/" is "/news/europe": redirect to the one URL a route knows. */
static bool redirect_trailing_slash(struct ctx *c)
{
	size_t n = strlen(c->req.path);
	struct route_match m;
	if (n < 2 || c->req.path[n - 1] != '/')
		return false;
	char *bare = arena_strndup(&c->arena, c->req.path, n - 1);
	if (!bare || route_find(bare, c->req.method, &m, &c->arena) == ROUTE_NOT_FOUND)
		return false;
	response_redirect(c->res, 301, bare);
	return true;
}

/* Runs the route's page, from the page cache when it holds it; caching headers either way. */
static void run_page(struct ctx *c)
{
	struct page_meta meta;
	const char *key = NULL;
	unsigned long long generation = pagecache_generation();
	bool cacheable = c->site->page_cache && (c->match.route->flags & CACHEABLE) &&
			 (c->req.method == METHOD_GET || c->req.method == METHOD_HEAD);
	const char *base = cacheable ? site_base(c) : NULL;
	if (base)  /* the origin is part of the page (canonical, feeds), so of its key */
		key = arena_printf(&c->arena, "%s%s?%s", base, c->req.path, c->req.query);
	if (key && pagecache_get(key, c->now, c->res, &meta)) {
		cache_answer(c, &meta);
		return;
	}
	c->match.route->handler(c);
	if (!cache_describe(c, &meta))
		return;
	if (key)
		pagecache_put(key, generation, c->res, &meta);
	cache_answer(c, &meta);
}

static void dispatch(struct ctx *c)
{
	switch (route_find(c->req.path, c->req.method, &c->match, &c->arena)) {
	case ROUTE_FOUND:
		if (session_gate(c))
			run_page(c);
		break;
	case ROUTE_BAD_METHOD:  /* a GET where a change needs a POST is refused like a forgery */
		page_error(c, c->match.route->flags & NEEDS_CSRF ? 403 : 405);
		break;
	case ROUTE_NOT_FOUND:
		if (!redirect_trailing_slash(c))
			page_error(c, 404);
		break;
	}
}

void handle_request(const struct site *site, struct db *db, struct db *writer, char **envp,
		    const char *body, size_t body_len, struct response *res)
{
	struct ctx c = { .site = site, .db = db, .writer = writer, .res = res, .now = timefmt_now() };
	struct timespec start, end;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (site->page_cache)
		pagecache_check(db);
	arena_init(&c.arena);
	response_reset(res);
	switch (request_parse(&c.req, envp, body, body_len, &c.arena)) {
	case PARSE_OK:
		dispatch(&c);
		break;
	case PARSE_BAD_REQUEST:
		page_error(&c, 400);
		break;
	case PARSE_TOO_LONG:
		page_error(&c, 414);
		break;
	case PARSE_NO_MEMORY:
		page_error(&c, 500);
		break;
	}
	cache_forbid(&c);
	if (res->status >= 500)
		fprintf(stderr, "newsdesk: %d %s %s\n", res->status, c.req.method_name ? c.req.method_name : "-",
			c.req.path ? c.req.path : "-");
	clock_gettime(CLOCK_MONOTONIC, &end);
	metrics_request(c.match.route ? c.match.index : -1, res->status,
			(double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9);
	db_release(db);
	if (writer)
		db_release(writer);
	tpl_dict_free(c.dict);
	arena_free(&c.arena);
}
