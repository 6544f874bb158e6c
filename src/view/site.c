/* The parts every page shares: head, masthead, section navigation, footer, URLs and dates. */
#include "site.h"
#include "picture.h"

#include <stdio.h>
#include <string.h>

#include "timefmt.h"
#include "utf8.h"

const char *site_article_url(struct ctx *c, const char *section_slug, const char *slug)
{
	return arena_cat(&c->arena, "/news/", section_slug, "/", slug);
}

const char *site_section_url(struct ctx *c, const char *section_slug, long long page)
{
	if (page <= 1)
		return arena_cat(&c->arena, "/news/", section_slug);
	return arena_printf(&c->arena, "/news/%s?page=%lld", section_slug, page);
}

/* Fills one section-navigation include; sections come from the store on every page. */
static bool fill_nav(struct ctx *c, tpl_dict *nav, const struct section *secs, int n,
		     const char *current)
{
	for (int i = 0; i < n; i++) {
		tpl_dict *item = tpl_section(nav, "NAV_ITEM");
		const char *url = site_section_url(c, secs[i].slug, 1);
		if (!url)
			return false;
		tpl_set(item, "URL", url);
		tpl_set(item, "NAME", secs[i].name);
		if (current && strcmp(current, secs[i].slug) == 0)
			tpl_show(item, "CURRENT");
	}
	return true;
}

tpl_dict *site_page(struct ctx *c, const char *title, const char *canonical_path,
		    enum page_kind kind, const char *current_section)
{
	const struct config *cfg = &c->site->cfg;
	struct section *secs;
	int nsecs;
	if (!(c->dict = tpl_dict_new()))
		return NULL;
	tpl_set(c->dict, "SITE_NAME", cfg->site_name);
	tpl_dict *head = c->head = tpl_include(c->dict, "HEAD", "head.tpl");
	tpl_set(head, "TITLE", title);
	tpl_set(head, "SITE_NAME", cfg->site_name);
	tpl_set(head, "LANGUAGE", cfg->language);
	if (canonical_path)
		tpl_set(tpl_section(head, "CANONICAL"), "URL",
			arena_cat(&c->arena, site_base(c), canonical_path));
	if (current_section)
		tpl_set(tpl_section(head, "SECTION_FEED"), "URL",
			arena_cat(&c->arena, "/feeds/", current_section, "/atom.xml"));
	if (kind != PAGE_NORMAL)  /* print views, error and admin pages stay out of search engines */
		tpl_show(head, "NOINDEX");
	if (kind == PAGE_ADMIN)
		tpl_show(head, "ADMIN");
	tpl_dict *mast = tpl_include(c->dict, "MASTHEAD", "masthead.tpl");
	tpl_set(mast, "SITE_NAME", cfg->site_name);
	tpl_dict *foot = tpl_include(c->dict, "FOOTER", "footer.tpl");
	tpl_set(foot, "SITE_NAME", cfg->site_name);
	if (kind != PAGE_NORMAL && kind != PAGE_PREVIEW)
		return c->dict;
	tpl_show(mast, "SEARCH");
	tpl_set_int(mast, "MAX_Q", (long long)request_field_max(Q_QUERY));
	if (model_sections(c->db, &c->arena, &secs, &nsecs) != STORE_OK ||
	    !fill_nav(c, tpl_include(mast, "NAV", "nav.tpl"), secs, nsecs, current_section) ||
	    !fill_nav(c, tpl_include(foot, "NAV", "nav.tpl"), secs, nsecs, current_section))
		return NULL;
	return c->dict;
}

void site_form_limits(tpl_dict *d)
{
	for (int f = 0; f < FIELD__MAX; f++) {
		char key[64] = "MAX_";
		const char *name = request_field_name((enum field)f);
		size_t n = 4;
		if (!request_field_in_form((enum field)f))
			continue;
		for (; *name && n < sizeof key - 1; name++)
			key[n++] = (char)(*name >= 'a' && *name <= 'z' ? *name - 'a' + 'A' : *name);
		key[n] = '\0';
		tpl_set_int(d, key, (long long)request_field_max((enum field)f));
	}
}

/* application/xml, text/xml, application/atom+xml, application/rss+xml, ... */
static bool is_xml(const char *content_type)
{
	size_t n = strcspn(content_type, ";");
	return n >= 4 && (strncmp(content_type + n - 4, "/xml", 4) == 0 ||
			  strncmp(content_type + n - 4, "+xml", 4) == 0);
}

int site_render(struct ctx *c, const char *template_name)
{
	size_t from = c->res->body.len;
	if (!tpl_expand(template_name, c->dict, &c->res->body)) {
		fprintf(stderr, "newsdesk: cannot expand %s for %s\n", template_name, c->req.path);
		return 500;
	}
	/* The database may hold anything (imports, older data); one character XML forbids would
	 * make the whole document unreadable, so none leaves here whatever the field. */
	if (is_xml(c->res->content_type) && !utf8_scrub_xml(&c->res->body, from))
		return 500;
	return PAGE_DONE;
}

void site_shows(struct ctx *c, time_t changed)
{
	if (changed > c->modified)
		c->modified = changed;
}

void site_set_age(struct ctx *c, tpl_dict *d, long long when)
{
	char iso[TIMEFMT_MAX], age[TIMEFMT_MAX];
	time_t since, until;
	timefmt_iso((time_t)when, iso);
	timefmt_age((time_t)when, c->now, age);
	timefmt_age_window((time_t)when, c->now, &since, &until);
	site_shows(c, since);  /* the text changed then, though the story did not */
	if (until && (!c->expires || until < c->expires))
		c->expires = until;
	tpl_set(d, "TIME_ISO", iso);
	tpl_set(d, "AGE", age);
}

const char *site_base(struct ctx *c)
{
	return *c->site->cfg.base_url ? c->site->cfg.base_url : "http://localhost";
}

void site_fill_summary(struct ctx *c, tpl_dict *d, const struct summary *s)
{
	tpl_set(d, "URL", site_article_url(c, s->section_slug, s->slug));
	tpl_set(d, "HEADLINE", s->headline);
	tpl_set(d, "INTRO", s->intro);
	tpl_set(d, "SECTION_NAME", s->section_name);
	tpl_set(d, "SECTION_URL", site_section_url(c, s->section_slug, 1));
	if (*s->image_url) {
		tpl_dict *img = tpl_section(d, "IMAGE");
		tpl_set(img, "IMAGE_URL", s->image_url);
		tpl_set(img, "IMAGE_ALT", s->image_alt);
		if (!picture_fill_summary(c, img, s->image_url))
			tpl_show(img, "PLAIN_IMAGE");
	}
	site_set_age(c, d, s->published_at);
	site_shows(c, (time_t)s->updated_at);
	surrogate_article(&c->keys, s->id);
}
