/* The route table: method and path pattern to page handler, with per-route flags. */
#include "routes.h"

#include <string.h>

#include "pages.h"

static const struct route routes[] = {
	{ "/",                          ALLOW_GET, page_home,          "home" },
	{ "/news/:section",             ALLOW_GET, page_section,       "section" },
	{ "/news/:section/:slug",       ALLOW_GET, page_article,       "article" },
	{ "/news/:section/:slug/print", ALLOW_GET, page_article_print, "print" },
};

bool slug_valid(const char *s, size_t n)
{
	if (n == 0 || n > SLUG_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/* Matches path against one pattern, capturing ':' segments into m. */
static bool match(const char *pattern, const char *path, struct route_match *m, struct arena *a)
{
	m->nargs = 0;
	while (*pattern && *path) {
		if (*pattern++ != '/' || *path++ != '/')
			return false;
		size_t plen = strcspn(pattern, "/"), slen = strcspn(path, "/");
		if (pattern[0] == ':') {
			if (!slug_valid(path, slen) || m->nargs == ROUTE_MAX_ARGS)
				return false;
			if (!(m->args[m->nargs++] = arena_strndup(a, path, slen)))
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

enum route_result route_find(const char *path, enum http_method method,
			     struct route_match *m, struct arena *a)
{
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		if (match(routes[i].pattern, path, m, a)) {
			m->route = &routes[i];
			return method_allowed(routes[i].methods, method) ? ROUTE_FOUND : ROUTE_BAD_METHOD;
		}
	}
	m->route = NULL;
	return ROUTE_NOT_FOUND;
}
