/* Sitemaps for search engines and robots.txt: an index of small files (the sections, then the
 * articles by id range, every visible one exactly once), and Google News' (the last two days). */
#include <string.h>

#include "ctx.h"
#include "model.h"
#include "pages.h"
#include "site.h"
#include "timefmt.h"

#define NEWS_MAX 1000       /* Google News' limit */
#define NEWS_WINDOW (2 * 24 * 3600)

static bool start_xml(struct ctx *c)
{
	if (!(c->dict = tpl_dict_new()))
		return false;
	surrogate_add(&c->keys, "sitemap");
	c->res->content_type = "application/xml; charset=utf-8";
	return true;
}

/* One article's <url>: where it is and when it last changed. */
static void fill_article_url(struct ctx *c, tpl_dict *u, const char *base, long long id,
			     const char *section_slug, const char *slug, long long published_at,
			     long long updated_at)
{
	char lastmod[TIMEFMT_MAX];
	time_t changed = (time_t)(updated_at > published_at ? updated_at : published_at);
	timefmt_rfc3339(changed, lastmod);
	tpl_set(u, "LOC", arena_cat(&c->arena, base, "/news/", section_slug, "/", slug));
	tpl_set(u, "LASTMOD", lastmod);
	site_shows(c, changed);
	surrogate_article(&c->keys, id);
}

/* The same with what Google News adds: the publication time and the headline. */
static void fill_news_url(struct ctx *c, tpl_dict *u, const char *base, const struct summary *s)
{
	char published[TIMEFMT_MAX];
	fill_article_url(c, u, base, s->id, s->section_slug, s->slug, s->published_at, s->updated_at);
	timefmt_rfc3339((time_t)s->published_at, published);
	tpl_set(u, "PUBLISHED", published);
	tpl_set(u, "HEADLINE", s->headline);
}

/* The sitemap index: the sections' file, then each file of articles that has one to show. */
int page_sitemap(struct ctx *c)
{
	struct sitemap_file *files;
	int n;
	const char *base = site_base(c);
	enum store_result r;
	if (!base)
		return 500;
	if ((r = model_sitemap_files(c->db, &c->arena, c->now, &files, &n)) != STORE_OK)
		return ctx_status_of(r);
	if (!start_xml(c))
		return 500;
	tpl_set(tpl_section(c->dict, "SITEMAP"), "LOC",
		arena_printf(&c->arena, "%s/sitemaps/sections.xml", base));
	for (int i = 0; i < n; i++) {
		tpl_set(tpl_section(c->dict, "SITEMAP"), "LOC", arena_printf(&c->arena,
			"%s/sitemaps/articles/%lld.xml", base, files[i].number));
		site_shows(c, (time_t)files[i].listed_since);  /* a removal: the site's change time */
	}
	return site_render(c, "sitemap_index.tpl");
}

static void fill_page(struct ctx *c, const char *loc, time_t newest)
{
	tpl_dict *u = tpl_section(c->dict, "PAGE");
	tpl_set(u, "LOC", loc);
	if (newest) {
		char when[TIMEFMT_MAX];
		timefmt_rfc3339(newest, when);
		tpl_set(tpl_section(u, "LASTMOD"), "WHEN", when);
		site_shows(c, newest);
	}
}

/* The home page and every section's first page, each last modified when its newest story
 * appeared. */
int page_sitemap_sections(struct ctx *c)
{
	struct section_newest *secs;
	int n;
	time_t newest = 0;
	const char *base = site_base(c);
	enum store_result r;
	if (!base)
		return 500;
	if ((r = model_sections_newest(c->db, &c->arena, c->now, &secs, &n)) != STORE_OK)
		return ctx_status_of(r);
	if (!start_xml(c))
		return 500;
	for (int i = 0; i < n; i++)
		if (secs[i].newest > newest)
			newest = (time_t)secs[i].newest;
	fill_page(c, arena_printf(&c->arena, "%s/", base), newest);
	for (int i = 0; i < n; i++)
		fill_page(c, arena_printf(&c->arena, "%s/news/%s", base, secs[i].section.slug),
			  (time_t)secs[i].newest);
	return site_render(c, "sitemap.tpl");
}

/* One file of articles: those with an id in its range that readers can see, by id. */
int page_sitemap_articles(struct ctx *c)
{
	struct sitemap_entry *items;
	int n;
	const char *base = site_base(c);
	enum store_result r;
	if (!base)
		return 500;
	if ((r = model_sitemap_file(c->db, &c->arena, c->now, c->match.ids[0], &items, &n)) != STORE_OK)
		return ctx_status_of(r);
	if (!start_xml(c))
		return 500;
	for (int i = 0; i < n; i++) {
		const struct sitemap_entry *e = &items[i];
		fill_article_url(c, tpl_section(c->dict, "URL"), base, e->id, e->section_slug, e->slug,
				 e->published_at, e->updated_at);
	}
	return site_render(c, "sitemap.tpl");
}

int page_news_sitemap(struct ctx *c)
{
	struct summary *items;
	int n;
	const char *base = site_base(c);
	enum store_result r;
	if (!base)
		return 500;
	if ((r = model_newest(c->db, &c->arena, 0, c->now, c->now - NEWS_WINDOW, NEWS_MAX, &items,
			      &n)) != STORE_OK)
		return ctx_status_of(r);
	if (!start_xml(c))
		return 500;
	tpl_set(c->dict, "PUBLICATION", c->site->cfg.site_name);
	tpl_set(c->dict, "LANGUAGE", c->site->cfg.language);
	for (int i = 0; i < n; i++)
		fill_news_url(c, tpl_section(c->dict, "URL"), base, &items[i]);
	/* An article leaves this sitemap two days after it was published: the page changed then. */
	time_t left;
	if ((r = model_last_before(c->db, c->now, c->now - NEWS_WINDOW, &left)) != STORE_OK)
		return ctx_status_of(r);
	if (left)
		site_shows(c, left + NEWS_WINDOW);
	for (int i = 0; i < n; i++)
		if (!c->expires || items[i].published_at + NEWS_WINDOW < c->expires)
			c->expires = (time_t)items[i].published_at + NEWS_WINDOW;
	return site_render(c, "sitemap_news.tpl");
}

int page_robots(struct ctx *c)
{
	const char *base = site_base(c);
	c->res->content_type = "text/plain; charset=utf-8";
	if (!base || !buf_printf(&c->res->body, "User-agent: *\nDisallow: /admin\nDisallow: /search\n\n"
				 "Sitemap: %s/sitemap.xml\nSitemap: %s/sitemap-news.xml\n", base, base))
		return 500;
	return PAGE_DONE;
}
