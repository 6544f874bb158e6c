/* Topics, for editors: each with its number of articles, renamed or merged into another (the
 * old slug then redirects with a 301). */
#include <string.h>

#include "admin.h"
#include "newsroom.h"
#include "validate.h"

#define TOPICS_PER_PAGE 50

static void fill_pager(struct ctx *c, tpl_dict *d, long long page, long long pages)
{
	tpl_dict *p = tpl_section(d, "PAGER");
	tpl_set_int(p, "PAGE", page);
	tpl_set_int(p, "PAGES", pages);
	if (page > 1)
		tpl_set(tpl_section(p, "PREV"), "URL", arena_printf(&c->arena, "/admin/topics?page=%lld", page - 1));
	if (page < pages)
		tpl_set(tpl_section(p, "NEXT"), "URL", arena_printf(&c->arena, "/admin/topics?page=%lld", page + 1));
}

static int render(struct ctx *c, int status, const char *message, bool is_error)
{
	struct topic *topics;
	int n;
	const struct field_value *pf = &c->req.field[Q_PAGE];
	long long page = pf->present ? (pf->valid ? pf->num : 0) : 1, total;
	if (page < 1 || page > (1LL << 20))
		return 404;
	enum store_result r = newsroom_topics(c->db, &c->arena, TOPICS_PER_PAGE,
					      (int)((page - 1) * TOPICS_PER_PAGE), &topics, &n, &total);
	if (r != STORE_OK)
		return ctx_status_of(r);
	long long pages = total ? (total + TOPICS_PER_PAGE - 1) / TOPICS_PER_PAGE : 1;
	if (page > pages)
		return 404;
	tpl_dict *d = admin_page(c, "Topics");
	if (!d)
		return 500;
	tpl_set_int(d, "TOTAL", total);
	fill_pager(c, d, page, pages);
	c->res->status = status;
	if (message)
		tpl_set(tpl_section(d, is_error ? "ERROR" : "NOTICE"), "MESSAGE", message);
	if (n == 0)
		tpl_show(d, "EMPTY");
	for (int i = 0; i < n; i++) {
		tpl_dict *row = tpl_section(d, "TOPIC");
		tpl_set_int(row, "ID", topics[i].id);
		tpl_set(row, "NAME", topics[i].name);
		tpl_set(row, "SLUG", topics[i].slug);
		tpl_set_int(row, "ARTICLES", topics[i].articles);
		tpl_set(row, "CSRF", c->csrf);
	}
	return site_render(c, "admin_topics.tpl");
}

static const char *typed(const struct ctx *c, enum field f)
{
	const struct field_value *v = &c->req.field[f];
	return v->present && v->valid ? v->text : "";
}

static int rename_topic(struct ctx *c, struct db *w, long long id)
{
	const char *name = typed(c, F_TOPIC_NAME), *slug = typed(c, F_TOPIC_SLUG);
	if (!*name)
		return render(c, 422, "Give the topic a name (up to 100 characters).", true);
	if (strchr(name, ','))  /* the article form separates topics with commas */
		return render(c, 422, "Leave commas out of a topic's name: they separate topics on the article form.", true);
	if (!*slug)
		slug = slug_from_headline(&c->arena, name);
	if (!slug || !slug_valid(slug, strlen(slug)))
		return render(c, 422, "Give a slug: 1 to " LIMIT_TEXT(SLUG_MAX) " of a-z, 0-9 and hyphens.", true);
	switch (newsroom_topic_rename(w, id, slug, name)) {
	case STORE_OK:
		admin_log(c, "topic %lld renamed", id);
		admin_purge(c, w, arena_printf(&c->arena, "t%lld", id));
		return admin_see_other(c, "/admin/topics?done=renamed");
	case STORE_TAKEN:
		return render(c, 422, "Another topic has this name or slug: merge into it instead.", true);
	case STORE_NOT_FOUND:
		return 404;
	default:
		return 503;
	}
}

static int merge_topic(struct ctx *c, struct db *w, long long id)
{
	struct topic into;
	const char *slug = typed(c, F_TOPIC_INTO);
	enum store_result r = slug_valid(slug, strlen(slug))
		? newsroom_topic(w, &c->arena, slug, &into) : STORE_NOT_FOUND;
	if (r == STORE_NOT_FOUND || (r == STORE_OK && into.id == id))
		return render(c, 422, "Give the slug of another topic to merge into.", true);
	if (r != STORE_OK)
		return ctx_status_of(r);
	switch (newsroom_topic_merge(w, id, into.id)) {
	case STORE_OK:
		admin_log(c, "topic %lld merged into %lld", id, into.id);
		admin_purge(c, w, arena_printf(&c->arena, "t%lld t%lld", id, into.id));
		return admin_see_other(c, "/admin/topics?done=merged");
	case STORE_NOT_FOUND:
		return 404;
	default:
		return 503;
	}
}

int admin_topics(struct ctx *c)
{
	long long id;
	const char *action = typed(c, F_ACTION);
	struct db *w;
	if (c->req.method != METHOD_POST) {
		const char *q = c->req.query ? c->req.query : "";
		return render(c, 200, strstr(q, "done=renamed") ? "Renamed." : strstr(q, "done=merged")
				      ? "Merged." : NULL, false);
	}
	if (!(w = ctx_writer(c)))
		return 503;
	if (strncmp(action, "rename:", 7) == 0 && parse_uint(action + 7, 1LL << 53, &id))
		return rename_topic(c, w, id);
	if (strncmp(action, "merge:", 6) == 0 && parse_uint(action + 6, 1LL << 53, &id))
		return merge_topic(c, w, id);
	return render(c, 400, "Choose Rename or Merge.", true);
}
