/* One request, start to finish: parse, route, run the page, always leave a whole response. The
 * only place an error page is made. */
#include "handler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fcgiapp.h>

#include "cache.h"
#include "error_page.h"
#include "legacy.h"
#include "metrics.h"
#include "model.h"
#include "pagecache.h"
#include "session.h"
#include "site.h"
#include "timefmt.h"

/* "/news/europe/?page=2" is "/news/europe?page=2": a reader's GET goes to the one URL a route
 * knows. A POST is not redirected: the browser would drop its form. */
static bool redirect_trailing_slash(struct ctx *c)
{
	size_t n = strlen(c->req.path);
	struct route_match m;
	if (n < 2 || c->req.path[n - 1] != '/' ||
	    (c->req.method != METHOD_GET && c->req.method != METHOD_HEAD))
		return false;
	char *bare = arena_strndup(&c->arena, c->req.path, n - 1);
	if (!bare || route_find(&c->site->routes, bare, c->req.method, &m, &c->arena) != ROUTE_FOUND)
		return false;
	const char *to = *c->req.query ? arena_printf(&c->arena, "%s?%s", bare, c->req.query) : bare;
	return to && response_redirect(c->res, 301, to);
}

/* Validators and lifetimes for a public page; false when it is not one to cache. */
static bool describe(struct ctx *c, struct page_meta *meta)
{
	time_t next_publish, changed;
	if (model_site_times(c->db, c->now, &next_publish, &changed) != STORE_OK)
		return false;  /* without the site's last change, no validator can be trusted */
	return cache_describe(c, next_publish, changed, meta);
}

/* Runs the route's page, from the page cache when it holds it; caching headers either way.
 * Returns PAGE_DONE or the status of the error page to make. */
static int run_page(struct ctx *c)
{
	struct page_meta meta;
	const char *key = NULL;
	/* A public page reads one snapshot: its parts agree, and SQLite locks once, not per query.
	 * The page cache is checked against the same snapshot, so its version stamp is never from
	 * before a commit the page shows, and a miss takes one read lock, not two.
	 * An editor's page reads as it writes, outside any snapshot. */
	bool snapshot = c->match.route->flags & CACHEABLE;
	/* Read before the snapshot starts, so the page is never older than the generation it is
	 * kept under: read after, another thread might move the generation on for a commit this
	 * snapshot does not show, and the page would be kept as current until the next change. */
	unsigned long long generation = pagecache_generation();
	if (snapshot && db_read_begin(c->db) != STORE_OK) {
		db_read_end(c->db);
		return 503;
	}
	c->content_version = c->site->page_cache ? pagecache_check(c->db) : -1;
	bool cacheable = c->site->page_cache && snapshot &&
			 (c->req.method == METHOD_GET || c->req.method == METHOD_HEAD);
	const char *base = cacheable ? site_base(c) : NULL;
	const char *fields = base ? request_fields_key(&c->req, c->match.route->inputs, &c->arena) : NULL;
	if (fields)  /* the origin is part of the page (canonical, feeds), so of its key */
		key = arena_printf(&c->arena, "%s%s?%s", base, c->req.path, fields);
	if (key && pagecache_get(key, c->now, c->res, &meta)) {
		db_read_end(c->db);
		cache_answer(c, &meta);
		return PAGE_DONE;
	}
	int status = c->match.route->handler(c);
	bool described = status == PAGE_DONE && describe(c, &meta);
	if (snapshot)
		db_read_end(c->db);
	if (!described)
		return status;
	cache_tag(c);
	if (key)
		pagecache_put(key, generation, c->res, &meta);
	cache_answer(c, &meta);
	return PAGE_DONE;
}

/* The fields the route declares, and the CSRF token when its flags ask for one. */
static int read_inputs(struct ctx *c)
{
	const struct route *r = c->match.route;
	uint64_t inputs = r->inputs | (r->flags & NEEDS_CSRF ? IN(F_CSRF) : 0);
	switch (request_read_fields(&c->req, inputs, &c->arena)) {
	case PARSE_OK:
		return PAGE_DONE;
	case PARSE_NO_MEMORY:
		return 500;
	default:
		return 400;
	}
}

static int dispatch(struct ctx *c)
{
	int status;
	switch (route_find(&c->site->routes, c->req.path, c->req.method, &c->match, &c->arena)) {
	case ROUTE_FOUND:
		if (*c->req.query && legacy_redirect(c, true))
			return PAGE_DONE;
		if ((status = read_inputs(c)) != PAGE_DONE || !session_gate(c, &status))
			return status;
		return run_page(c);
	case ROUTE_BAD_METHOD:  /* a GET where a change needs a POST is refused like a forgery */
		return c->match.route->flags & NEEDS_CSRF ? 403 : 405;
	case ROUTE_NOT_FOUND:
		break;
	}
	return legacy_redirect(c, false) || redirect_trailing_slash(c) ? PAGE_DONE : 404;
}

static int parse_status(enum parse_result r)
{
	switch (r) {
	case PARSE_OK:
		return PAGE_DONE;
	case PARSE_BAD_REQUEST:
		return 400;
	case PARSE_TOO_LONG:
		return 414;
	case PARSE_NO_MEMORY:
		break;
	}
	return 500;
}

/* A statement still pending at the end of a request would hold its read snapshot into the next
 * one: a bug, stopped in debug builds. */
static void check_released(struct db *db, const char *which)
{
	if (!db_idle(db)) {
		fprintf(stderr, "newsdesk: BUG: a statement of the %s connection outlived its request\n",
			which);
#ifndef NDEBUG
		abort();
#endif
	}
}

static void finish(struct ctx *c, const struct timespec *start)
{
	struct timespec end;
	if (c->res->status >= 500 || c->res->status == 413)
		fprintf(stderr, "newsdesk: %d %s %s\n", c->res->status,
			c->req.method_name ? c->req.method_name : "-", c->req.path ? c->req.path : "-");
	clock_gettime(CLOCK_MONOTONIC, &end);
	metrics_request(c->match.route ? c->match.index : -1, c->res->status,
			(double)(end.tv_sec - start->tv_sec) + (double)(end.tv_nsec - start->tv_nsec) / 1e9);
	check_released(&c->conns->reader, "reader");
	check_released(&c->conns->writer, "writer");
	check_released(&c->conns->sessions, "sessions");
	db_release(&c->conns->reader);
	db_release(&c->conns->writer);
	db_release(&c->conns->sessions);
	tpl_dict_free(c->dict);
	arena_free(&c->arena);
}

/* The whole request; refused (413) when its body could not be read. */
static void handle(const struct site *site, struct conns *conns, char **envp, const char *body,
		   size_t body_len, bool refused, struct response *res)
{
	struct ctx c = { .site = site, .conns = conns, .db = &conns->reader, .res = res,
			 .now = timefmt_now() };
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	c.content_version = -1;  /* run_page reads it, in the page's snapshot */
	arena_init(&c.arena);
	response_reset(res);
	int status = parse_status(request_parse(&c.req, envp, body, body_len, &c.arena));
	if (status == PAGE_DONE)
		status = refused ? 413 : dispatch(&c);
	if (status != PAGE_DONE)
		error_page(&c, status);
	cache_forbid(&c);
	finish(&c, &start);
}

void handle_request(const struct site *site, struct conns *conns, char **envp, const char *body,
		    size_t body_len, struct response *res)
{
	handle(site, conns, envp, body, body_len, false, res);
}

void handle_unreadable_body(const struct site *site, struct conns *conns, char **envp,
			    struct response *res)
{
	handle(site, conns, envp, NULL, 0, true, res);
}

void handle_to_output(const struct site *site, struct conns *conns, char **envp, bool body_read,
		      const char *body, size_t body_len, struct response *res, struct buf *out)
{
	const char *method = FCGX_GetParam("REQUEST_METHOD", envp);
	bool head = method && strcmp(method, "HEAD") == 0;
	handle(site, conns, envp, body, body_len, !body_read, res);
	buf_reset(out);
	if (!response_serialize(res, head, out)) {
		buf_reset(out);
		buf_puts(out, "Status: 500 Internal Server Error\r\n"
			      "Content-Type: text/plain; charset=utf-8\r\n\r\n"
			      "500 Internal Server Error\n");
	}
}
