/* Sitemaps for search engines (every article; Google News: the last two days) and robots.txt. */
#include <string.h>

#include "ctx.h"
#include "model.h"
#include "pages.h"
#include "site.h"
#include "timefmt.h"

#define SITEMAP_MAX 50000   /* the sitemap protocol's limit for one file */
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

static void fill_url(struct ctx *c, tpl_dict *u, const char *base, const struct summary *s)
{
	char lastmod[TIMEFMT_MAX], published[TIMEFMT_MAX];
	time_t changed = (time_t)(s->updated_at > s->published_at ? s->updated_at : s->published_at);
	timefmt_rfc3339(changed, lastmod);
	timefmt_rfc3339((time_t)s->published_at, published);
	tpl_set(u, "LOC", arena_printf(&c->arena, "%s/news/%s/%s", base, s->section_slug, s->slug));
	tpl_set(u, "LASTMOD", lastmod);
	tpl_set(u, "PUBLISHED", published);
	tpl_set(u, "HEADLINE", s->headline);
	site_shows(c, changed);
	surrogate_article(&c->keys, s->id);
}

int page_sitemap(struct ctx *c)
{
	struct section *secs;
	struct summary *items;
	int nsecs, n;
	const char *base = site_base(c);
	enum store_result r;
	if (!base)
		return 500;
	if ((r = model_sections(c->db, &c->arena, &secs, &nsecs)) != STORE_OK ||
	    (r = model_newest(c->db, &c->arena, 0, c->now, 0, SITEMAP_MAX, &items, &n)) != STORE_OK)
		return ctx_status_of(r);
	if (!start_xml(c))
		return 500;
	tpl_set(c->dict, "HOME", arena_printf(&c->arena, "%s/", base));
	for (int i = 0; i < nsecs; i++)
		tpl_set(tpl_section(c->dict, "SECTION"), "LOC",
			arena_printf(&c->arena, "%s/news/%s", base, secs[i].slug));
	for (int i = 0; i < n; i++)
		fill_url(c, tpl_section(c->dict, "URL"), base, &items[i]);
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
		fill_url(c, tpl_section(c->dict, "URL"), base, &items[i]);
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
