/* An author's page and a topic's: who or what it is, their published stories newest first,
 * twenty a page at the same cost at any depth, and an Atom feed of each. */
#include "ctx.h"
#include "newsroom.h"
#include "pages.h"
#include "picture.h"
#include "site.h"

#define STORIES_PER_PAGE 20

/* What a list page is about: a person or a topic. */
struct owner {
	enum owner_kind kind;
	long long id;
	const char *slug, *name;
	struct person person;
};

static const char *owner_url(struct ctx *c, enum owner_kind kind, const char *slug, long long page)
{
	const char *base = kind == OWNER_PERSON ? "/people/" : "/topics/";
	return page > 1 ? arena_printf(&c->arena, "%s%s?page=%lld", base, slug, page)
			: arena_cat(&c->arena, base, slug);
}

static void owner_key(struct ctx *c, const struct owner *o)
{
	surrogate_add(&c->keys, arena_printf(&c->arena, "%c%lld",
					     o->kind == OWNER_PERSON ? 'p' : 't', o->id));
}

#define FOUND (-1)

/* The owner the route names: FOUND; else a status, or PAGE_DONE with a redirect for a topic's
 * old slug. */
static int find_owner(struct ctx *c, enum owner_kind kind, long long page, const char *suffix,
		      struct owner *o)
{
	enum store_result r;
	const char *slug = c->match.args[0];
	o->kind = kind;
	if (kind == OWNER_PERSON) {
		if ((r = newsroom_person(c->db, &c->arena, slug, &o->person)) != STORE_OK)
			return ctx_status_of(r);
		o->id = o->person.id;
		o->slug = o->person.slug;
		o->name = o->person.name;
		return FOUND;
	}
	struct topic t;
	r = newsroom_topic(c->db, &c->arena, slug, &t);
	if (r == STORE_NOT_FOUND) {  /* a renamed or merged topic's old page sends readers on */
		const char *moved;
		if ((r = newsroom_topic_moved(c->db, &c->arena, slug, &moved)) != STORE_OK)
			return ctx_status_of(r);
		const char *to = suffix ? arena_printf(&c->arena, "/topics/%s%s", moved, suffix)
					: owner_url(c, kind, moved, page);
		return response_redirect(c->res, 301, to) ? PAGE_DONE : 500;
	}
	if (r != STORE_OK)
		return ctx_status_of(r);
	o->id = t.id;
	o->slug = t.slug;
	o->name = t.name;
	return FOUND;
}

static long long requested_page(struct ctx *c)
{
	const struct field_value *f = &c->req.field[Q_PAGE];
	if (!f->present)
		return 1;
	return f->valid ? f->num : 0;
}

static void fill_pager(struct ctx *c, tpl_dict *d, const struct owner *o, long long page,
		       long long pages)
{
	if (pages <= 1)
		return;
	tpl_dict *pager = tpl_section(d, "PAGER");
	tpl_set_int(pager, "PAGE", page);
	tpl_set_int(pager, "PAGES", pages);
	if (page > 1)
		tpl_set(tpl_section(pager, "PREV"), "URL", owner_url(c, o->kind, o->slug, page - 1));
	if (page < pages)
		tpl_set(tpl_section(pager, "NEXT"), "URL", owner_url(c, o->kind, o->slug, page + 1));
}

static void fill_person(struct ctx *c, tpl_dict *d, const struct person *p)
{
	tpl_dict *pd = tpl_section(d, "PERSON");
	if (*p->portrait_url) {  /* a library image as <picture>, an address typed by hand as is */
		tpl_dict *img = tpl_section(pd, "PORTRAIT");
		tpl_set(img, "NAME", p->name);
		picture_fill(c, img, p->portrait_url, PICTURE_SIZES_OWNER, true);
	}
	if (*p->role_title)
		tpl_set(tpl_section(pd, "ROLE"), "ROLE_TITLE", p->role_title);
	if (*p->bio)
		tpl_set(tpl_section(pd, "BIO"), "BIO", p->bio);
}

/* A topic with no article readers can see has no page: any draft's save makes a topic, and it
 * is not public until one of its articles is. A person keeps theirs: editors add people
 * deliberately, with a name, role and bio worth showing before their first story. */
static bool unseen_topic(struct ctx *c, const struct owner *o, long long total)
{
	if (o->kind != OWNER_TOPIC || total > 0)
		return false;
	owner_key(c, o);  /* the page appears when its first article does */
	return true;
}

static int owner_page(struct ctx *c, enum owner_kind kind)
{
	struct owner o = { .kind = kind };
	struct summary *stories;
	int n, status;
	long long total, page = requested_page(c);
	if (page == 0)
		return 404;
	if ((status = find_owner(c, kind, page, NULL, &o)) != FOUND)
		return status;
	if (c->req.field[Q_PAGE].present && page == 1)  /* one URL per page */
		return response_redirect(c->res, 301, owner_url(c, kind, o.slug, 1)) ? PAGE_DONE : 500;
	enum store_result r = newsroom_owner_stories(c->db, &c->arena, kind, o.id, c->now,
						     STORIES_PER_PAGE, (int)((page - 1) * STORIES_PER_PAGE),
						     &stories, &n, &total);
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (unseen_topic(c, &o, total))
		return 404;
	long long pages = total ? (total + STORIES_PER_PAGE - 1) / STORIES_PER_PAGE : 1;
	if (page > pages)
		return 404;
	const char *title = page > 1
		? arena_printf(&c->arena, "%s - page %lld - %s", o.name, page, c->site->cfg.site_name)
		: arena_printf(&c->arena, "%s - %s", o.name, c->site->cfg.site_name);
	const char *url = owner_url(c, kind, o.slug, page);
	tpl_dict *d = title && url ? site_page(c, title, url, PAGE_NORMAL, NULL) : NULL;
	if (!d)
		return 500;
	tpl_set(d, "NAME", o.name);
	tpl_set(d, "KIND", kind == OWNER_PERSON ? "person" : "topic");
	tpl_set(d, "FEED_URL", arena_printf(&c->arena, "%s%s/atom.xml",
					    kind == OWNER_PERSON ? "/people/" : "/topics/", o.slug));
	if (kind == OWNER_PERSON) {
		fill_person(c, d, &o.person);
		site_shows(c, (time_t)o.person.updated_at);
	}
	owner_key(c, &o);
	if (n == 0) {
		tpl_show(d, "EMPTY");
	} else {
		tpl_dict *list = tpl_section(d, "STORIES");
		for (int i = 0; i < n; i++)
			site_fill_summary(c, tpl_section(list, "STORY"), &stories[i]);
	}
	fill_pager(c, d, &o, page, pages);
	return site_render(c, "owner.tpl");
}

static int owner_feed(struct ctx *c, enum owner_kind kind)
{
	struct owner o = { .kind = kind };
	struct summary *items;
	long long total;
	int n, status;
	if ((status = find_owner(c, kind, 1, "/atom.xml", &o)) != FOUND)
		return status;
	enum store_result r = newsroom_owner_stories(c->db, &c->arena, kind, o.id, c->now,
						     FEED_ITEMS, 0, &items, &n, &total);
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (unseen_topic(c, &o, total))
		return 404;
	owner_key(c, &o);
	const char *home = owner_url(c, kind, o.slug, 1);
	struct feed_about about = { o.name, home, arena_cat(&c->arena, home, "/atom.xml") };
	return home && about.self_path ? page_feed_of(c, true, &about, items, n) : 500;
}

int page_person(struct ctx *c)
{
	return owner_page(c, OWNER_PERSON);
}

int page_person_atom(struct ctx *c)
{
	return owner_feed(c, OWNER_PERSON);
}

int page_topic(struct ctx *c)
{
	return owner_page(c, OWNER_TOPIC);
}

int page_topic_atom(struct ctx *c)
{
	return owner_feed(c, OWNER_TOPIC);
}
