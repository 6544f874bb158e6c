/* Feeds: Atom and RSS 2.0 of the newest 50 articles, for the whole site and for each section. */
#include <string.h>

#include "ctx.h"
#include "model.h"
#include "pages.h"
#include "site.h"
#include "timefmt.h"


enum feed_kind { ATOM, RSS };

/* "tag:news.example,2010:article-1": an id that survives a change of slug or section. */
static const char *entry_id(struct ctx *c, const char *base, long long id)
{
	const char *host = strstr(base, "://");
	host = host ? host + 3 : base;
	return arena_printf(&c->arena, "tag:%.*s,2010:article-%lld", (int)strcspn(host, ":/"), host, id);
}

static void fill_entry(struct ctx *c, tpl_dict *e, const char *base, const struct summary *s)
{
	char published[TIMEFMT_MAX], updated[TIMEFMT_MAX], rfc822[TIMEFMT_MAX];
	timefmt_rfc3339((time_t)s->published_at, published);
	timefmt_rfc3339((time_t)(s->updated_at > s->published_at ? s->updated_at : s->published_at), updated);
	timefmt_rfc822((time_t)s->published_at, rfc822);
	tpl_set(e, "ID", entry_id(c, base, s->id));
	tpl_set(e, "URL", arena_cat(&c->arena, base, "/news/", s->section_slug, "/", s->slug));
	tpl_set(e, "HEADLINE", s->headline);
	tpl_set(e, "INTRO", s->intro);
	tpl_set(e, "SECTION_SLUG", s->section_slug);
	tpl_set(e, "SECTION_NAME", s->section_name);
	tpl_set(e, "PUBLISHED", published);
	tpl_set(e, "UPDATED", updated);
	tpl_set(e, "PUBDATE", rfc822);
	surrogate_article(&c->keys, s->id);
	site_shows(c, (time_t)(s->updated_at > s->published_at ? s->updated_at : s->published_at));
}

int page_feed_of(struct ctx *c, bool atom, const struct feed_about *about,
		 const struct summary *items, int n)
{
	const char *base = site_base(c);
	if (!base || !(c->dict = tpl_dict_new()))
		return 500;
	surrogate_add(&c->keys, "feeds");
	tpl_dict *d = c->dict;
	const char *home = arena_cat(&c->arena, base, about->home_path);
	tpl_set(d, "TITLE", about->title ? arena_printf(&c->arena, "%s - %s", c->site->cfg.site_name, about->title)
				  : c->site->cfg.site_name);
	tpl_set(d, "HOME", home);
	tpl_set(d, "SELF", arena_cat(&c->arena, base, about->self_path));
	tpl_set(d, "FEED_ID", about->title ? arena_printf(&c->arena, "%s#%s", home, "feed") : home);
	tpl_set(d, "PUBLISHER", c->site->cfg.publisher);
	tpl_set(d, "LANGUAGE", c->site->cfg.language);
	for (int i = 0; i < n; i++)
		fill_entry(c, tpl_section(d, "ENTRY"), base, &items[i]);
	char updated[TIMEFMT_MAX], rfc822[TIMEFMT_MAX];
	time_t newest = c->modified ? c->modified : c->now;  /* an empty feed is as new as now */
	timefmt_rfc3339(newest, updated);
	timefmt_rfc822(newest, rfc822);
	tpl_set(d, "UPDATED", updated);
	tpl_set(d, "BUILD_DATE", rfc822);
	c->res->content_type = atom ? "application/atom+xml; charset=utf-8"
				    : "application/rss+xml; charset=utf-8";
	return site_render(c, atom ? "feed_atom.tpl" : "feed_rss.tpl");
}

static int render_feed(struct ctx *c, enum feed_kind kind, const struct section *sec)
{
	struct summary *items;
	int n;
	const char *file = kind == ATOM ? "atom.xml" : "rss.xml";
	enum store_result r;
	if ((r = model_newest(c->db, &c->arena, sec ? sec->id : 0, c->now, 0, FEED_ITEMS, &items,
			      &n)) != STORE_OK)
		return ctx_status_of(r);
	if (sec)
		surrogate_section(&c->keys, sec->id);
	struct feed_about about = {
		sec ? sec->name : NULL,
		sec ? arena_printf(&c->arena, "/news/%s", sec->slug) : "/",
		sec ? arena_printf(&c->arena, "/feeds/%s/%s", sec->slug, file)
		    : arena_printf(&c->arena, "/feeds/%s", file),
	};
	if (!about.home_path || !about.self_path)
		return 500;
	return page_feed_of(c, kind == ATOM, &about, items, n);
}

/* The feed of the section the route names. */
static int section_feed(struct ctx *c, enum feed_kind kind)
{
	struct section sec;
	enum store_result r = model_section(c->db, &c->arena, c->match.args[0], &sec);
	return r == STORE_OK ? render_feed(c, kind, &sec) : ctx_status_of(r);
}

int page_feed_atom(struct ctx *c)
{
	return render_feed(c, ATOM, NULL);
}

int page_feed_rss(struct ctx *c)
{
	return render_feed(c, RSS, NULL);
}

int page_section_atom(struct ctx *c)
{
	return section_feed(c, ATOM);
}

int page_section_rss(struct ctx *c)
{
	return section_feed(c, RSS);
}
