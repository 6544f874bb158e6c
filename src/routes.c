/* The route table: method and path pattern to page handler, with per-route flags. */
#include "routes.h"

#include <string.h>

#include "pages.h"

static const struct route routes[] = {
	{ "/", ALLOW_GET, CACHEABLE, page_home, "home" },
	{ "/news/:section", ALLOW_GET, CACHEABLE, page_section, "section" },
	{ "/news/:section/:slug", ALLOW_GET, CACHEABLE, page_article, "article" },
	{ "/news/:section/:slug/print", ALLOW_GET, CACHEABLE, page_article_print, "print" },
	{ "/search", ALLOW_GET, CACHEABLE, page_search, "search" },
	{ "/feeds/atom.xml", ALLOW_GET, CACHEABLE, page_feed_atom, "feed_atom" },
	{ "/feeds/rss.xml", ALLOW_GET, CACHEABLE, page_feed_rss, "feed_rss" },
	{ "/feeds/:section/atom.xml", ALLOW_GET, CACHEABLE, page_section_atom, "section_atom" },
	{ "/feeds/:section/rss.xml", ALLOW_GET, CACHEABLE, page_section_rss, "section_rss" },
	{ "/sitemap.xml", ALLOW_GET, CACHEABLE, page_sitemap, "sitemap" },
	{ "/sitemap-news.xml", ALLOW_GET, CACHEABLE, page_news_sitemap, "news_sitemap" },
	{ "/robots.txt", ALLOW_GET, CACHEABLE, page_robots, "robots" },
	{ "/healthz", ALLOW_GET, 0, page_healthz, "healthz" },
	{ "/metrics", ALLOW_GET, 0, page_metrics, "metrics" },
	{ "/admin/login", ALLOW_GET | ALLOW_POST, 0, admin_login, "admin_login" },
	{ "/admin/logout", ALLOW_POST, NEEDS_LOGIN | NEEDS_CSRF, admin_logout, "admin_logout" },
	{ "/admin", ALLOW_GET, NEEDS_LOGIN, admin_articles, "admin_articles" },
	{ "/admin/articles/new", ALLOW_GET | ALLOW_POST, NEEDS_LOGIN | NEEDS_CSRF,
	  admin_article_new, "admin_article_new" },
	{ "/admin/articles/#", ALLOW_GET | ALLOW_POST, NEEDS_LOGIN | NEEDS_CSRF,
	  admin_article_edit, "admin_article_edit" },
	{ "/admin/articles/#/revisions", ALLOW_GET, NEEDS_LOGIN, admin_revisions,
	  "admin_revisions" },
	{ "/admin/articles/#/revisions/#/restore", ALLOW_POST, NEEDS_LOGIN | NEEDS_CSRF,
	  admin_restore, "admin_restore" },
	{ "/admin/sections", ALLOW_GET | ALLOW_POST, NEEDS_LOGIN | NEEDS_ADMIN | NEEDS_CSRF,
	  admin_sections, "admin_sections" },
	{ "/admin/promos", ALLOW_GET | ALLOW_POST, NEEDS_LOGIN | NEEDS_ADMIN | NEEDS_CSRF,
	  admin_promos, "admin_promos" },
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

/* Matches path against one pattern, capturing ':' segments into m. */
static bool match(const char *pattern, const char *path, struct route_match *m, struct arena *a)
{
	m->nargs = 0;
	while (*pattern && *path) {
		if (*pattern++ != '/' || *path++ != '/')
			return false;
		size_t plen = strcspn(pattern, "/"), slen = strcspn(path, "/");
		if (pattern[0] == ':' || pattern[0] == '#') {
			if (!capture(pattern[0], path, slen, m, a))
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

const char *route_name(int i)
{
	return i >= 0 && i < (int)(sizeof routes / sizeof routes[0]) ? routes[i].name : NULL;
}

enum route_result route_find(const char *path, enum http_method method,
			     struct route_match *m, struct arena *a)
{
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		if (match(routes[i].pattern, path, m, a)) {
			m->route = &routes[i];
			m->index = (int)i;
			return method_allowed(routes[i].methods, method) ? ROUTE_FOUND : ROUTE_BAD_METHOD;
		}
	}
	m->route = NULL;
	return ROUTE_NOT_FOUND;
}
