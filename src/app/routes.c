/* The route table: every URL newsdesk answers, declared once with its methods, flags, inputs,
 * templates and page. */
#include "routes.h"

#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "admin_audit.h"
#include "pages.h"

/* The fields first .. last of enum field, as a route's inputs. */
#define IN_RANGE(first, last) ((IN((last) - (first) + 1) - 1) << (first))
#define ARTICLE_FORM (IN_RANGE(F_ACTION, F_LINK_REGISTRATION) | IN(F_BYLINES) | IN(F_TOPICS))
#define SECTION_FORM (IN(F_ACTION) | IN_RANGE(F_SECTION_NAME, F_SECTION_POSITION) | IN(F_SECTION_INTO))
#define PERSON_FORM (IN(F_ACTION) | IN_RANGE(F_PERSON_NAME, F_PERSON_USER))
#define TOPIC_FORM (IN(F_ACTION) | IN(F_TOPIC_NAME) | IN(F_TOPIC_SLUG) | IN(F_TOPIC_INTO))
#define MEDIA_FORM IN_RANGE(F_MEDIA_ALT, F_MEDIA_CREDIT)

static const struct route routes[] = {
	{ "/", ALLOW_GET, CACHEABLE, 0, { "home.tpl" }, page_home, "home", ROLE_PUBLIC },
	{ "/news/:section", ALLOW_GET, CACHEABLE, IN(Q_PAGE), { "section.tpl" }, page_section,
	  "section", ROLE_PUBLIC },
	{ "/news/:section/:slug", ALLOW_GET, CACHEABLE, 0, { "article.tpl" }, page_article,
	  "article", ROLE_PUBLIC },
	{ "/news/:section/:slug/print", ALLOW_GET, CACHEABLE, 0, { "article.tpl" },
	  page_article_print, "print", ROLE_PUBLIC },
	{ "/people/:person", ALLOW_GET, CACHEABLE, IN(Q_PAGE), { "owner.tpl" }, page_person, "person",
	  ROLE_PUBLIC },
	{ "/people/:person/atom.xml", ALLOW_GET, CACHEABLE, 0, { "feed_atom.tpl" }, page_person_atom,
	  "person_atom", ROLE_PUBLIC },
	{ "/topics/:topic", ALLOW_GET, CACHEABLE, IN(Q_PAGE), { "owner.tpl" }, page_topic, "topic",
	  ROLE_PUBLIC },
	{ "/topics/:topic/atom.xml", ALLOW_GET, CACHEABLE, 0, { "feed_atom.tpl" }, page_topic_atom,
	  "topic_atom", ROLE_PUBLIC },
	{ "/search", ALLOW_GET, CACHEABLE, IN(Q_QUERY) | IN(Q_PAGE), { "search.tpl" }, page_search,
	  "search", ROLE_PUBLIC },
	{ "/feeds/atom.xml", ALLOW_GET, CACHEABLE, 0, { "feed_atom.tpl" }, page_feed_atom,
	  "feed_atom", ROLE_PUBLIC },
	{ "/feeds/rss.xml", ALLOW_GET, CACHEABLE, 0, { "feed_rss.tpl" }, page_feed_rss, "feed_rss", ROLE_PUBLIC },
	{ "/feeds/:section/atom.xml", ALLOW_GET, CACHEABLE, 0, { "feed_atom.tpl" },
	  page_section_atom, "section_atom", ROLE_PUBLIC },
	{ "/feeds/:section/rss.xml", ALLOW_GET, CACHEABLE, 0, { "feed_rss.tpl" }, page_section_rss,
	  "section_rss", ROLE_PUBLIC },
	{ "/sitemap.xml", ALLOW_GET, CACHEABLE, 0, { "sitemap_index.tpl" }, page_sitemap, "sitemap", ROLE_PUBLIC },
	{ "/sitemaps/sections.xml", ALLOW_GET, CACHEABLE, 0, { "sitemap.tpl" }, page_sitemap_sections,
	  "sitemap_sections", ROLE_PUBLIC },
	{ "/sitemaps/articles/#.xml", ALLOW_GET, CACHEABLE, 0, { "sitemap.tpl" },
	  page_sitemap_articles, "sitemap_articles", ROLE_PUBLIC },
	{ "/sitemap-news.xml", ALLOW_GET, CACHEABLE, 0, { "sitemap_news.tpl" }, page_news_sitemap,
	  "news_sitemap", ROLE_PUBLIC },
	{ "/robots.txt", ALLOW_GET, CACHEABLE, 0, { NULL }, page_robots, "robots", ROLE_PUBLIC },
	{ "/healthz", ALLOW_GET, 0, 0, { NULL }, page_healthz, "healthz", ROLE_PUBLIC },
	{ "/metrics", ALLOW_GET, 0, 0, { NULL }, page_metrics, "metrics", ROLE_PUBLIC },
	{ "/admin/login", ALLOW_GET | ALLOW_POST, 0, IN(F_NAME) | IN(F_PASSWORD),
	  { "admin_login.tpl" }, admin_login, "admin_login", ROLE_PUBLIC },
	{ "/admin/logout", ALLOW_POST, NEEDS_CSRF, 0, { NULL }, admin_logout,
	  "admin_logout", ROLE_REPORTER },
	{ "/admin", ALLOW_GET, 0, IN(Q_SECTION) | IN(Q_STATUS) | IN(Q_PAGE),
	  { "admin_articles.tpl" }, admin_articles, "admin_articles", ROLE_REPORTER },
	{ "/admin/articles/new", ALLOW_GET | ALLOW_POST, NEEDS_CSRF, ARTICLE_FORM,
	  { "admin_edit.tpl", "article.tpl" }, admin_article_new, "admin_article_new", ROLE_REPORTER },
	{ "/admin/articles/#", ALLOW_GET | ALLOW_POST, NEEDS_CSRF,
	  ARTICLE_FORM | IN(Q_DONE) | IN(F_NOTE), { "admin_edit.tpl", "article.tpl" }, admin_article_edit,
	  "admin_article_edit", ROLE_REPORTER },
	{ "/admin/articles/#/revisions", ALLOW_GET, 0, IN(Q_FROM) | IN(Q_TO),
	  { "admin_revisions.tpl" }, admin_revisions, "admin_revisions", ROLE_REPORTER },
	{ "/admin/articles/#/revisions/#/restore", ALLOW_POST, NEEDS_CSRF, 0, { NULL },
	  admin_restore, "admin_restore", ROLE_REPORTER },
	{ "/admin/sections", ALLOW_GET | ALLOW_POST, NEEDS_CSRF, SECTION_FORM,
	  { "admin_sections.tpl" }, admin_sections, "admin_sections", ROLE_EDITOR },
	{ "/admin/promos", ALLOW_GET | ALLOW_POST, NEEDS_CSRF, IN(F_PROMOS), { "admin_promos.tpl" },
	  admin_promos, "admin_promos", ROLE_EDITOR },
	{ "/admin/users", ALLOW_GET | ALLOW_POST, NEEDS_CSRF,
	  IN(F_ACTION) | IN(F_NAME) | IN(F_PASSWORD) | IN(F_ROLE) | IN(Q_DONE), { "admin_users.tpl" },
	  admin_users, "admin_users", ROLE_ADMIN },
	{ "/admin/audit", ALLOW_GET, 0, IN(Q_PAGE), { "admin_audit.tpl" }, admin_audit, "admin_audit",
	  ROLE_ADMIN },
	{ "/admin/people", ALLOW_GET | ALLOW_POST, NEEDS_CSRF, PERSON_FORM, { "admin_people.tpl" },
	  admin_people, "admin_people", ROLE_EDITOR },
	{ "/admin/people/#", ALLOW_GET | ALLOW_POST, NEEDS_CSRF, PERSON_FORM, { "admin_people.tpl" },
	  admin_person_edit, "admin_person_edit", ROLE_EDITOR },
	{ "/admin/topics", ALLOW_GET | ALLOW_POST, NEEDS_CSRF, TOPIC_FORM | IN(Q_PAGE), { "admin_topics.tpl" },
	  admin_topics, "admin_topics", ROLE_EDITOR },
	{ "/admin/front", ALLOW_GET | ALLOW_POST, NEEDS_CSRF, IN(F_FRONT), { "admin_front.tpl" },
	  admin_front, "admin_front", ROLE_EDITOR },
	{ "/admin/articles/#/notes", ALLOW_POST, NEEDS_CSRF, IN(F_NOTE_KIND) | IN(F_NOTE_TEXT),
	  { "admin_edit.tpl" }, admin_article_note, "admin_article_note", ROLE_EDITOR },
	{ "/admin/media", ALLOW_GET | ALLOW_POST, NEEDS_CSRF, IN(Q_QUERY) | IN(Q_PAGE) | MEDIA_FORM,
	  { "admin_media.tpl" }, admin_media, "admin_media", ROLE_REPORTER },
	{ "/admin/media/#", ALLOW_GET | ALLOW_POST, NEEDS_CSRF, IN(Q_DONE) | IN(F_ACTION) | MEDIA_FORM,
	  { "admin_media_edit.tpl" }, admin_media_image, "admin_media_image", ROLE_REPORTER },
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

static bool add_shared(const char **out, int *n, int max)
{
	for (size_t i = 0; i < sizeof shared_templates / sizeof shared_templates[0]; i++)
		if (!add_once(out, n, max, shared_templates[i]))
			return false;
	return true;
}

static bool add_route(const struct route *r, const char **out, int *n, int max)
{
	for (int t = 0; t < ROUTE_MAX_TEMPLATES && r->templates[t]; t++)
		if (!add_once(out, n, max, r->templates[t]))
			return false;
	return true;
}

bool routes_templates(const char **out, int max)
{
	int n = 0;
	if (!add_shared(out, &n, max))
		return false;
	for (int r = 0; r < app_routes.n; r++)
		if (!add_route(&routes[r], out, &n, max))
			return false;
	out[n] = NULL;
	return true;
}

bool routes_templates_of(const struct route *r, const char **out, int max)
{
	int n = 0;
	if (!add_shared(out, &n, max) || (r && !add_route(r, out, &n, max)))
		return false;
	out[n] = NULL;
	return true;
}

void routes_print(FILE *out)
{
	for (int r = 0; r < app_routes.n; r++) {
		const struct route *rt = &routes[r];
		fprintf(out, "{\"name\":\"%s\",\"pattern\":\"%s\",\"get\":%s,\"post\":%s,"
			"\"csrf\":%s,\"role\":\"%s\",\"inputs\":[", rt->name, rt->pattern,
			rt->methods & ALLOW_GET ? "true" : "false", rt->methods & ALLOW_POST ? "true" : "false",
			rt->flags & NEEDS_CSRF ? "true" : "false", role_name(rt->role));
		const char *sep = "";
		for (int f = 0; f < FIELD__MAX; f++)
			if (rt->inputs & IN(f)) {
				fprintf(out, "%s\"%s\"", sep, request_field_name((enum field)f));
				sep = ",";
			}
		fputs("]}\n", out);
	}
}
