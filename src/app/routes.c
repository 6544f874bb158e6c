/* The route table: every URL newsdesk answers, declared once with its methods, flags, inputs,
 * templates and page. */
#include "routes.h"

#include <string.h>

#include "admin.h"
#include "pages.h"

/* The fields first .. last of enum field, as a route's inputs. */
#define IN_RANGE(first, last) ((IN((last) - (first) + 1) - 1) << (first))
#define ARTICLE_FORM IN_RANGE(F_ACTION, F_LINK_REGISTRATION)
#define SECTION_FORM (IN(F_ACTION) | IN_RANGE(F_SECTION_NAME, F_SECTION_POSITION))
#define MEDIA_FORM IN_RANGE(F_MEDIA_ALT, F_MEDIA_CREDIT)
#define ADMIN_FORM (NEEDS_LOGIN | NEEDS_ADMIN | NEEDS_CSRF)

static const struct route routes[] = {
	{ "/", ALLOW_GET, CACHEABLE, 0, { "home.tpl" }, page_home, "home" },
	{ "/news/:section", ALLOW_GET, CACHEABLE, IN(Q_PAGE), { "section.tpl" }, page_section,
	  "section" },
	{ "/news/:section/:slug", ALLOW_GET, CACHEABLE, 0, { "article.tpl" }, page_article,
	  "article" },
	{ "/news/:section/:slug/print", ALLOW_GET, CACHEABLE, 0, { "article.tpl" },
	  page_article_print, "print" },
	{ "/search", ALLOW_GET, CACHEABLE, IN(Q_QUERY) | IN(Q_PAGE), { "search.tpl" }, page_search,
	  "search" },
	{ "/feeds/atom.xml", ALLOW_GET, CACHEABLE, 0, { "feed_atom.tpl" }, page_feed_atom,
	  "feed_atom" },
	{ "/feeds/rss.xml", ALLOW_GET, CACHEABLE, 0, { "feed_rss.tpl" }, page_feed_rss, "feed_rss" },
	{ "/feeds/:section/atom.xml", ALLOW_GET, CACHEABLE, 0, { "feed_atom.tpl" },
	  page_section_atom, "section_atom" },
	{ "/feeds/:section/rss.xml", ALLOW_GET, CACHEABLE, 0, { "feed_rss.tpl" }, page_section_rss,
	  "section_rss" },
	{ "/sitemap.xml", ALLOW_GET, CACHEABLE, 0, { "sitemap_index.tpl" }, page_sitemap, "sitemap" },
	{ "/sitemaps/sections.xml", ALLOW_GET, CACHEABLE, 0, { "sitemap.tpl" }, page_sitemap_sections,
	  "sitemap_sections" },
	{ "/sitemaps/articles/#.xml", ALLOW_GET, CACHEABLE, 0, { "sitemap.tpl" },
	  page_sitemap_articles, "sitemap_articles" },
	{ "/sitemap-news.xml", ALLOW_GET, CACHEABLE, 0, { "sitemap_news.tpl" }, page_news_sitemap,
	  "news_sitemap" },
	{ "/robots.txt", ALLOW_GET, CACHEABLE, 0, { NULL }, page_robots, "robots" },
	{ "/healthz", ALLOW_GET, 0, 0, { NULL }, page_healthz, "healthz" },
	{ "/metrics", ALLOW_GET, 0, 0, { NULL }, page_metrics, "metrics" },
	{ "/admin/login", ALLOW_GET | ALLOW_POST, 0, IN(F_NAME) | IN(F_PASSWORD),
	  { "admin_login.tpl" }, admin_login, "admin_login" },
	{ "/admin/logout", ALLOW_POST, NEEDS_LOGIN | NEEDS_CSRF, 0, { NULL }, admin_logout,
	  "admin_logout" },
	{ "/admin", ALLOW_GET, NEEDS_LOGIN, IN(Q_SECTION) | IN(Q_STATUS) | IN(Q_PAGE),
	  { "admin_articles.tpl" }, admin_articles, "admin_articles" },
	{ "/admin/articles/new", ALLOW_GET | ALLOW_POST, NEEDS_LOGIN | NEEDS_CSRF, ARTICLE_FORM,
	  { "admin_edit.tpl", "article.tpl" }, admin_article_new, "admin_article_new" },
	{ "/admin/articles/#", ALLOW_GET | ALLOW_POST, NEEDS_LOGIN | NEEDS_CSRF,
	  ARTICLE_FORM | IN(Q_DONE), { "admin_edit.tpl", "article.tpl" }, admin_article_edit,
	  "admin_article_edit" },
	{ "/admin/articles/#/revisions", ALLOW_GET, NEEDS_LOGIN, IN(Q_FROM) | IN(Q_TO),
	  { "admin_revisions.tpl" }, admin_revisions, "admin_revisions" },
	{ "/admin/articles/#/revisions/#/restore", ALLOW_POST, NEEDS_LOGIN | NEEDS_CSRF, 0, { NULL },
	  admin_restore, "admin_restore" },
	{ "/admin/sections", ALLOW_GET | ALLOW_POST, ADMIN_FORM, SECTION_FORM,
	  { "admin_sections.tpl" }, admin_sections, "admin_sections" },
	{ "/admin/promos", ALLOW_GET | ALLOW_POST, ADMIN_FORM, IN(F_PROMOS), { "admin_promos.tpl" },
	  admin_promos, "admin_promos" },
	{ "/admin/media", ALLOW_GET | ALLOW_POST, NEEDS_LOGIN | NEEDS_CSRF,
	  IN(Q_QUERY) | IN(Q_PAGE) | MEDIA_FORM, { "admin_media.tpl" }, admin_media, "admin_media" },
	{ "/admin/media/#", ALLOW_GET | ALLOW_POST, NEEDS_LOGIN | NEEDS_CSRF,
	  IN(Q_DONE) | IN(F_ACTION) | MEDIA_FORM, { "admin_media_edit.tpl" }, admin_media_image,
	  "admin_media_image" },
};

const struct route_table app_routes = { routes, (int)(sizeof routes / sizeof routes[0]) };

/* What every page may include, whatever its route: the frame, the admin bar, the error page. */
static const char *const shared_templates[] = {
	"head.tpl", "masthead.tpl", "nav.tpl", "footer.tpl", "admin_bar.tpl", "error.tpl",
	"media_picker.tpl",
};

static bool add_once(const char **out, int *n, int max, const char *name)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(out[i], name) == 0)
			return true;
	if (*n + 1 >= max)
		return false;
	out[(*n)++] = name;
	return true;
}

bool routes_templates(const char **out, int max)
{
	int n = 0;
	for (size_t i = 0; i < sizeof shared_templates / sizeof shared_templates[0]; i++)
		if (!add_once(out, &n, max, shared_templates[i]))
			return false;
	for (int r = 0; r < app_routes.n; r++)
		for (int t = 0; t < ROUTE_MAX_TEMPLATES && routes[r].templates[t]; t++)
			if (!add_once(out, &n, max, routes[r].templates[t]))
				return false;
	out[n] = NULL;
	return true;
}
