/* A section page: its published stories, newest first, twenty a page. */
#include "ctx.h"
#include "model.h"
#include "pages.h"
#include "site.h"

#define STORIES_PER_PAGE 20

/* The requested page number, or 0 when the request is not for a page that can exist. */
static long long requested_page(struct ctx *c)
{
	const struct field_value *f = &c->req.field[Q_PAGE];
	if (!f->present)
		return 1;
	return f->valid ? f->num : 0;
}

static void fill_pager(struct ctx *c, tpl_dict *d, const char *slug, long long page,
		       long long pages)
{
	if (pages <= 1)
		return;
	tpl_dict *pager = tpl_section(d, "PAGER");
	tpl_set_int(pager, "PAGE", page);
	tpl_set_int(pager, "PAGES", pages);
	if (page > 1)
		tpl_set(tpl_section(pager, "PREV"), "URL", site_section_url(c, slug, page - 1));
	if (page < pages)
		tpl_set(tpl_section(pager, "NEXT"), "URL", site_section_url(c, slug, page + 1));
}

int page_section(struct ctx *c)
{
	struct section sec;
	struct summary *stories;
	int n;
	long long total, page = requested_page(c);
	const char *moved;
	if (page == 0)  /* no such page, here or where a renamed section has gone */
		return 404;
	enum store_result r = model_section(c->db, &c->arena, c->match.args[0], &sec);
	if (r == STORE_NOT_FOUND) {  /* a renamed section's old page sends readers on */
		r = model_section_moved(c->db, &c->arena, c->match.args[0], &moved);
		if (r != STORE_OK)
			return ctx_status_of(r);
		return response_redirect(c->res, 301, site_section_url(c, moved, page)) ? PAGE_DONE : 500;
	}
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (c->req.field[Q_PAGE].present && page == 1) {  /* one URL per page */
		return response_redirect(c->res, 301, site_section_url(c, sec.slug, 1)) ? PAGE_DONE : 500;
	}
	if ((r = model_section_stories(c->db, &c->arena, sec.id, c->now, STORIES_PER_PAGE,
				       (int)((page - 1) * STORIES_PER_PAGE), &stories, &n, &total)) != STORE_OK)
		return ctx_status_of(r);
	long long pages = total ? (total + STORIES_PER_PAGE - 1) / STORIES_PER_PAGE : 1;
	if (page > pages)
		return 404;
	const char *title = page > 1
		? arena_printf(&c->arena, "%s - page %lld - %s", sec.name, page, c->site->cfg.site_name)
		: arena_printf(&c->arena, "%s - %s", sec.name, c->site->cfg.site_name);
	const char *url = site_section_url(c, sec.slug, page);
	tpl_dict *d = title && url ? site_page(c, title, url, PAGE_NORMAL, sec.slug) : NULL;
	if (!d)
		return 500;
	tpl_set(d, "SECTION_NAME", sec.name);
	surrogate_section(&c->keys, sec.id);
	if (n == 0) {
		tpl_show(d, "EMPTY");
	} else {
		tpl_dict *list = tpl_section(d, "STORIES");
		for (int i = 0; i < n; i++)
			site_fill_summary(c, tpl_section(list, "STORY"), &stories[i]);
	}
	fill_pager(c, d, sec.slug, page, pages);
	return site_render(c, "section.tpl");
}
