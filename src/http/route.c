/* Routes: how a path finds one in a table, with its captures checked. */
#include "route.h"

#include <string.h>

/* Takes one path segment as a slug (':') or a positive integer ('#'). */
static bool capture(char kind, const char *seg, size_t n, struct route_match *m, struct arena *a)
{
	long long id = 0;
	if (m->nargs == ROUTE_MAX_ARGS || !(m->args[m->nargs] = arena_strndup(a, seg, n)))
		return false;
	if (kind == ':' ? !slug_valid(seg, n)
			: !parse_uint(m->args[m->nargs], 1LL << 53, &id) || id < 1)
		return false;
	m->ids[m->nargs++] = id;
	return true;
}

/* Matches path against one pattern, capturing ':' (":name") and '#' segments into m; a '#' may
 * be followed by a literal suffix the path's segment must end with ("#.xml"). */
static bool match(const char *pattern, const char *path, struct route_match *m, struct arena *a)
{
	m->nargs = 0;
	while (*pattern && *path) {
		if (*pattern++ != '/' || *path++ != '/')
			return false;
		size_t plen = strcspn(pattern, "/"), slen = strcspn(path, "/");
		if (pattern[0] == ':' || pattern[0] == '#') {
			size_t suffix = pattern[0] == '#' ? plen - 1 : 0;
			if (slen <= suffix || memcmp(path + slen - suffix, pattern + 1, suffix) != 0 ||
			    !capture(pattern[0], path, slen - suffix, m, a))
				return false;
		} else if (plen != slen || memcmp(pattern, path, plen) != 0) {
			return false;
		}
		pattern += plen;
		path += slen;
	}
	return *pattern == '\0' && *path == '\0';
}

static bool method_allowed(unsigned methods, enum http_method m)
{
	switch (m) {
	case METHOD_GET:
	case METHOD_HEAD:
		return methods & ALLOW_GET;
	case METHOD_POST:
		return methods & ALLOW_POST;
	default:
		return false;
	}
}

const char *route_name(const struct route_table *t, int i)
{
	return i >= 0 && i < t->n ? t->routes[i].name : NULL;
}

enum route_result route_find(const struct route_table *t, const char *path,
			     enum http_method method, struct route_match *m, struct arena *a)
{
	for (int i = 0; i < t->n; i++) {
		if (match(t->routes[i].pattern, path, m, a)) {
			m->route = &t->routes[i];
			m->index = i;
			return method_allowed(t->routes[i].methods, method) ? ROUTE_FOUND : ROUTE_BAD_METHOD;
		}
	}
	m->route = NULL;
	return ROUTE_NOT_FOUND;
}

const char *route_allow(const struct route *r)
{
	if ((r->methods & ALLOW_GET) && (r->methods & ALLOW_POST))
		return "GET, HEAD, POST";
	return r->methods & ALLOW_POST ? "POST" : "GET, HEAD";
}
