/* The admin's article list: newest change first, filtered by section and status, paginated. */
#include <string.h>

#include "admin.h"
#include "desk.h"
#include "editor.h"
#include "pages.h"
#include "site.h"
#include "timefmt.h"

#define ROWS_PER_PAGE 50
#define QUEUE_MAX 500   /* articles waiting for an editor: more is a newsroom problem */

/* "review" is not a stored status: the articles in the editors' queue, oldest submission first. */
static const char *const statuses[] = { "draft", "scheduled", "published", "unpublished", "review",
					NULL };

/* The filter value if it is one we know, else "" (no filter). */
static const char *known_status(const struct field_value *f)
{
	for (int i = 0; f->present && f->valid && statuses[i]; i++)
		if (strcmp(f->text, statuses[i]) == 0)
			return statuses[i];
	return "";
}

static bool fill_filters(struct ctx *c, tpl_dict *d, const char *section, const char *status,
			 long long in_review)
{
	if (!admin_section_options(c, d, section))
		return false;
	tpl_set_int(d, "IN_REVIEW", in_review);
	for (int i = 0; statuses[i]; i++) {
		tpl_dict *o = tpl_section(d, "STATUS_OPTION");
		tpl_set(o, "STATUS", statuses[i]);
		tpl_set(o, "LABEL", strcmp(statuses[i], "review") == 0
			? arena_printf(&c->arena, "in review (%lld)", in_review) : statuses[i]);
		if (strcmp(status, statuses[i]) == 0)
			tpl_show(o, "SELECTED");
	}
	return true;
}

static void fill_row(struct ctx *c, tpl_dict *d, const struct admin_row *r)
{
	char when[TIMEFMT_MAX], iso[TIMEFMT_MAX];
	timefmt_iso((time_t)r->changed_at, iso);
	timefmt_local_datetime((time_t)r->changed_at, when);
	tpl_set_int(d, "ID", r->id);
	tpl_set(d, "HEADLINE", r->headline);
	tpl_set(d, "SECTION_NAME", r->section_name);
	tpl_set(d, "STATUS", r->status);
	tpl_set(d, "EDITOR", *r->editor ? r->editor : "-");
	tpl_set(d, "CHANGED_ISO", iso);
	tpl_set(d, "CHANGED", when);
	if (strcmp(r->status, "published") == 0)
		tpl_set(tpl_section(d, "LIVE"), "URL", site_article_url(c, r->section_slug, r->slug));
}

static const char *list_url(struct ctx *c, const char *section, const char *status, long long page)
{
	return arena_printf(&c->arena, "/admin?section=%s&status=%s&page=%lld", section, status, page);
}

int admin_articles(struct ctx *c)
{
	const struct field_value *sf = &c->req.field[Q_SECTION];
	const char *section = sf->present && sf->valid && slug_valid(sf->text, sf->len) ? sf->text : "";
	const char *status = known_status(&c->req.field[Q_STATUS]);
	const struct field_value *pf = &c->req.field[Q_PAGE];
	long long page = pf->present ? (pf->valid ? pf->num : 0) : 1, total;
	struct admin_row *rows;
	int n;
	tpl_dict *d;
	bool queue = strcmp(status, "review") == 0;
	long long in_review;
	if (page < 1)
		return 404;
	/* A reporter sees only the articles they own, in the list, the queue and the counts. */
	long long owner = admin_role(c) < ROLE_EDITOR ? c->user.id : 0;
	enum store_result r = desk_queue_count(c->db, owner, &in_review);
	if (r == STORE_OK && queue) {  /* the queue is short: one page, all sections */
		r = page == 1 ? desk_queue(c->db, &c->arena, owner, c->now, QUEUE_MAX, &rows, &n)
			      : STORE_NOT_FOUND;
		total = n;
	} else if (r == STORE_OK) {
		r = editor_list(c->db, &c->arena, section, status, owner, c->now, ROWS_PER_PAGE,
				(int)((page - 1) * ROWS_PER_PAGE), &rows, &n, &total);
	}
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (!(d = admin_page(c, queue ? "Review queue" : "Articles")))
		return 500;
	long long pages = total ? (total + ROWS_PER_PAGE - 1) / ROWS_PER_PAGE : 1;
	if (page > pages)
		return 404;
	if (queue)
		tpl_show(d, "QUEUE");
	tpl_set(d, "HEADING", queue ? "Review queue" : "Articles");
	tpl_set(d, "EDITOR_HEADING", queue ? "Reporter" : "Last editor");
	tpl_set(d, "CHANGED_HEADING", queue ? "Submitted" : "Changed");
	if (!fill_filters(c, d, section, status, in_review))
		return 500;
	tpl_set_int(d, "TOTAL", total);
	if (n == 0)
		tpl_show(d, "EMPTY");
	else
		for (int i = 0; i < n; i++)
			fill_row(c, tpl_section(d, "ROW"), &rows[i]);
	if (page > 1)
		tpl_set(tpl_section(d, "PREV"), "URL", list_url(c, section, status, page - 1));
	if (page < pages)
		tpl_set(tpl_section(d, "NEXT"), "URL", list_url(c, section, status, page + 1));
	tpl_set_int(d, "PAGE", page);
	tpl_set_int(d, "PAGES", pages);
	return site_render(c, "admin_articles.tpl");
}
