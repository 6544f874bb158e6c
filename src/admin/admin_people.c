/* People, for editors: the list, and a form to add or edit one (name, slug, role title, bio,
 * portrait from the media library or an address, the user account it belongs to). A change
 * purges their page and bylines. */
#include <string.h>

#include "admin.h"
#include "newsroom.h"
#include "validate.h"

struct person_form {
	struct person p;
	const char *user_name;   /* as typed */
	const char *problem;
};

static const char *typed(const struct ctx *c, enum field f)
{
	const struct field_value *v = &c->req.field[f];
	return v->present ? v->text : "";
}

static int render(struct ctx *c, const struct person_form *f, int status, const char *notice)
{
	struct person *people;
	int n;
	enum store_result r = newsroom_people(c->db, &c->arena, &people, &n);
	if (r != STORE_OK)
		return ctx_status_of(r);
	tpl_dict *d = admin_page(c, f->p.id ? "Edit person" : "People");
	if (!d)
		return 500;
	c->res->status = status;
	tpl_set(d, "CSRF", c->csrf);
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	if (f->problem)
		tpl_set(tpl_section(d, "ERROR"), "MESSAGE", f->problem);
	for (int i = 0; i < n; i++) {
		tpl_dict *row = tpl_section(d, "PERSON");
		tpl_set(row, "NAME", people[i].name);
		tpl_set(row, "ROLE_TITLE", people[i].role_title);
		tpl_set(row, "EDIT_URL", arena_printf(&c->arena, "/admin/people/%lld", people[i].id));
		tpl_set(row, "PAGE_URL", arena_cat(&c->arena, "/people/", people[i].slug));
	}
	tpl_set(d, "FORM_ACTION", f->p.id ? arena_printf(&c->arena, "/admin/people/%lld", f->p.id)
					  : "/admin/people");
	tpl_set(d, "FORM_TITLE", f->p.id ? "Edit person" : "Add a person");
	tpl_set(d, "PERSON_NAME", f->p.name);
	tpl_set(d, "PERSON_SLUG", f->p.slug);
	tpl_set(d, "PERSON_ROLE", f->p.role_title);
	tpl_set(d, "PERSON_BIO", f->p.bio);
	tpl_set(d, "PERSON_PORTRAIT", f->p.portrait_url);
	tpl_set(d, "PERSON_USER", f->user_name);
	if (!admin_media_picker(c, d))
		return 500;
	return site_render(c, "admin_people.tpl");
}

/* What is wrong with the form, or NULL. */
static const char *form_problem(struct ctx *c, struct person_form *f)
{
	for (int i = F_PERSON_NAME; i <= F_PERSON_USER; i++)
		if (c->req.field[i].present && !c->req.field[i].valid)
			return arena_printf(&c->arena, "A field %s.", c->req.field[i].problem);
	if (!*f->p.name)
		return "Give the person's name.";
	if (!*f->p.slug && !(f->p.slug = slug_from_headline(&c->arena, f->p.name)))
		return "Give a slug.";
	if (!slug_valid(f->p.slug, strlen(f->p.slug)))
		return "Give a slug: 1 to " LIMIT_TEXT(SLUG_MAX) " of a-z, 0-9 and hyphens.";
	const char *bad = url_problem(f->p.portrait_url, true);
	if (bad)
		return arena_printf(&c->arena, "The portrait address %s.", bad);
	if ((bad = admin_media_problem(c, f->p.portrait_url, NULL)))  /* the article form's rule */
		return bad;
	enum store_result r = newsroom_user_id(c->db, f->user_name, &f->p.user_id);
	if (r == STORE_NOT_FOUND)
		return "No user account has that name: leave it empty, or give an editor's user name.";
	return r == STORE_OK ? NULL : "The accounts could not be read; try again.";
}

static int save(struct ctx *c, struct person_form *f)
{
	struct db *w = ctx_writer(c);
	f->p.name = typed(c, F_PERSON_NAME);
	f->p.slug = typed(c, F_PERSON_SLUG);
	f->p.role_title = typed(c, F_PERSON_ROLE);
	f->p.bio = typed(c, F_PERSON_BIO);
	f->p.portrait_url = typed(c, F_PERSON_PORTRAIT);
	f->user_name = typed(c, F_PERSON_USER);
	if ((f->problem = form_problem(c, f)))
		return render(c, f, 422, NULL);
	if (!w)
		return 503;
	switch (newsroom_person_save(w, &f->p, c->now)) {
	case STORE_OK:
		admin_log(c, "person %lld saved", f->p.id);
		admin_purge(c, w, arena_printf(&c->arena, "p%lld", f->p.id));
		return admin_see_other(c, arena_printf(&c->arena, "/admin/people/%lld?done=saved", f->p.id));
	case STORE_TAKEN:
		f->problem = "Another person has this slug.";
		return render(c, f, 422, NULL);
	case STORE_CONFLICT:
		f->problem = "That user account belongs to another person.";
		return render(c, f, 422, NULL);
	case STORE_NOT_FOUND:
		return 404;
	default:
		return 503;
	}
}

int admin_people(struct ctx *c)
{
	struct person_form f = { { 0, "", "", "", "", "", 0, 0 }, "", NULL };
	return c->req.method == METHOD_POST ? save(c, &f) : render(c, &f, 200, NULL);
}

int admin_person_edit(struct ctx *c)
{
	struct person_form f = { { 0 }, "", NULL };
	enum store_result r = newsroom_person_by_id(c->db, &c->arena, c->match.ids[0], &f.p);
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (c->req.method == METHOD_POST)
		return save(c, &f);
	if ((r = newsroom_user_name(c->db, &c->arena, f.p.user_id, &f.user_name)) != STORE_OK)
		return ctx_status_of(r);
	return render(c, &f, 200, c->req.query && strstr(c->req.query, "done=saved") ? "Saved." : NULL);
}
