/* Routes: what a route declares (methods, flags, inputs, templates, handler) and how a path
 * finds one. The table itself is the application's (app/routes.c). */
#ifndef NEWSDESK_ROUTE_H
#define NEWSDESK_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "request.h"
#include "role.h"

#define ROUTE_MAX_ARGS 4
#define ROUTE_MAX_TEMPLATES 4

struct ctx;

/* What a page returns: PAGE_DONE when it has made the whole response itself (a page, a form
 * with its own status, a redirect), else the status of the error page the handler makes in its
 * place (404, 409, 500, 503 ...). Only the handler renders error pages. */
#define PAGE_DONE 0
typedef int (*route_handler)(struct ctx *c);

enum route_methods { ALLOW_GET = 1 << 0, ALLOW_POST = 1 << 1 };  /* GET also allows HEAD */

/* Who may use a route is its role (struct route.role), not a flag. */
enum route_flags {
	NEEDS_CSRF  = 1 << 2,   /* a POST carries the session's CSRF token; any other method: 403 */
	CACHEABLE   = 1 << 3,   /* the same for every reader: ETag, Last-Modified, Cache-Control */
};

struct route {
	const char *pattern;   /* ':' segments capture a slug, '#' segments a positive integer */
	unsigned methods;
	unsigned flags;
	uint64_t inputs;       /* IN(Q_PAGE) | ...: the query and form fields it reads */
	const char *templates[ROUTE_MAX_TEMPLATES];  /* the page templates it expands */
	route_handler handler;
	const char *name;      /* for logs and metrics */
	enum role role;        /* the least role that may use it: ROLE_PUBLIC, ROLE_REPORTER ...;
				* above ROLE_PUBLIC a session is needed (else the login page);
				* a row without one is refused to everyone */
};

/* A route table and its length. */
struct route_table {
	const struct route *routes;
	int n;
};

enum route_result { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };

struct route_match {
	const struct route *route;
	const char *args[ROUTE_MAX_ARGS];   /* captures in order, as text */
	long long ids[ROUTE_MAX_ARGS];      /* '#' captures, as numbers (0 for slugs) */
	int nargs;
	int index;                          /* in the route table */
};

/* The name of route i of the table, or NULL past its end (for metrics). */
const char *route_name(const struct route_table *t, int i);

enum route_result route_find(const struct route_table *t, const char *path,
			     enum http_method method, struct route_match *m, struct arena *a);

/* "GET, HEAD", "POST" or "GET, HEAD, POST": the Allow header of a route. */
const char *route_allow(const struct route *r);

#endif
