/* The route table: method and path pattern to page handler, with per-route flags. */
#ifndef NEWSDESK_ROUTES_H
#define NEWSDESK_ROUTES_H

#include <stdbool.h>

#include "arena.h"
#include "request.h"

#define ROUTE_MAX_ARGS 4
#define SLUG_MAX 100

struct ctx;
typedef void (*route_handler)(struct ctx *c);

enum route_methods { ALLOW_GET = 1 << 0, ALLOW_POST = 1 << 1 };  /* GET also allows HEAD */

enum route_flags {
	NEEDS_LOGIN = 1 << 0,   /* an editor's session; else the login page */
	NEEDS_ADMIN = 1 << 1,   /* ...with the admin role */
	NEEDS_CSRF  = 1 << 2,   /* a POST carries the session's CSRF token; any other method: 403 */
	CACHEABLE   = 1 << 3,   /* the same for every reader: ETag, Last-Modified, Cache-Control */
};

struct route {
	const char *pattern;   /* ':' segments capture a slug, '#' segments a positive integer */
	unsigned methods;
	unsigned flags;
	route_handler handler;
	const char *name;      /* for logs and metrics */
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
const char *route_name(int i);

enum route_result route_find(const char *path, enum http_method method,
			     struct route_match *m, struct arena *a);

/* A slug: 1 to SLUG_MAX of a-z, 0-9 and '-'. */
bool slug_valid(const char *s, size_t n);

#endif
