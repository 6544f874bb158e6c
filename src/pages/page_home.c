/* The home page: the lead and top stories editors chose (the newest stories filling the slots
 * left), then each section's latest. */
#include <string.h>

#include "ctx.h"
#include "model.h"
#include "newsroom.h"
#include "pages.h"
#include "site.h"

#define TOP_STORIES 7
#define PER_SECTION 4

static void fill_top(struct ctx *c, tpl_dict *d, const struct summary *top, int n)
{
	if (n == 0) {
		tpl_show(d, "EMPTY");
		return;
	}
	site_fill_summary(c, tpl_section(d, "LEAD"), &top[0]);
	if (n == 1)
		return;
	tpl_dict *list = tpl_section(d, "TOP");
	for (int i = 1; i < n; i++)
		site_fill_summary(c, tpl_section(list, "STORY"), &top[i]);
}

/* Rows arrive grouped by section in navigation order; each group becomes one digest. */
static void fill_digests(struct ctx *c, tpl_dict *d, const struct summary *rows, int n)
{
	tpl_dict *digest = NULL;
	for (int i = 0; i < n; i++) {
		if (i == 0 || strcmp(rows[i].section_slug, rows[i - 1].section_slug) != 0) {
			digest = tpl_section(d, "DIGEST");
			tpl_set(digest, "SECTION_NAME", rows[i].section_name);
			tpl_set(digest, "SECTION_URL", site_section_url(c, rows[i].section_slug, 1));
		}
		site_fill_summary(c, tpl_section(digest, "STORY"), &rows[i]);
	}
}

static bool listed(const struct summary *list, int n, long long id)
{
	for (int i = 0; i < n; i++)
		if (list[i].id == id)
			return true;
	return false;
}

/* The top stories: the chosen ones that are visible, in their slots, then the newest others. */
static enum store_result top_stories(struct ctx *c, struct summary **top, int *ntop)
{
	struct summary *chosen, *newest;
	long long *ids;
	int nchosen, nids, nnewest;
	enum store_result r;
	if ((r = newsroom_front_page(c->db, &c->arena, c->now, &chosen, &nchosen, &ids,
				     &nids)) != STORE_OK ||
	    (r = model_latest(c->db, &c->arena, c->now, TOP_STORIES + nchosen, &newest,
			      &nnewest)) != STORE_OK)
		return r;
	for (int i = 0; i < nids; i++)  /* a chosen story published later changes this page */
		surrogate_article(&c->keys, ids[i]);
	if (!(*top = arena_alloc(&c->arena, (TOP_STORIES + (size_t)nchosen) * sizeof **top)))
		return STORE_ERROR;
	*ntop = 0;
	for (int i = 0; i < nchosen; i++)
		(*top)[(*ntop)++] = chosen[i];
	for (int i = 0; i < nnewest && *ntop < TOP_STORIES; i++)
		if (!listed(chosen, nchosen, newest[i].id))
			(*top)[(*ntop)++] = newest[i];
	return STORE_OK;
}

int page_home(struct ctx *c)
{
	struct summary *top, *rows;
	int ntop, nrows;
	enum store_result r;
	if ((r = top_stories(c, &top, &ntop)) != STORE_OK ||
	    (r = model_latest_by_section(c->db, &c->arena, c->now, PER_SECTION, &rows, &nrows)) != STORE_OK)
		return ctx_status_of(r);
	const char *title = arena_printf(&c->arena, "%s - Top stories", c->site->cfg.site_name);
	tpl_dict *d = title ? site_page(c, title, "/", PAGE_NORMAL, NULL) : NULL;
	if (!d)
		return 500;
	surrogate_add(&c->keys, "home");
	fill_top(c, d, top, ntop);
	fill_digests(c, d, rows, nrows);
	return site_render(c, "home.tpl");
}
