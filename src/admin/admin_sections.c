/* Sections and the site-wide promo list, for admins: names, slugs and order. */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "editor.h"
#include "newsroom.h"
#include "session.h"
#include "site.h"

/* Words the site uses itself: a section called "static" would hide nothing, but confuse. */
static bool reserved(const char *slug)
{
	static const char *const words[] = { "admin", "static", "search", "feeds", "print", NULL };
	for (int i = 0; words[i]; i++)
		if (strcmp(slug, words[i]) == 0)
			return true;
	return false;
}

static int render_sections(struct ctx *c, int status, const char *message, bool is_error)
{
	struct section *secs;
	int n;
	tpl_dict *d;
	enum store_result r = model_sections(c->db, &c->arena, &secs, &n);
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (!(d = admin_page(c, "Sections")))
		return 500;
	c->res->status = status;
	tpl_set(d, "CSRF", c->csrf);
	if (message)
		tpl_set(tpl_section(d, is_error ? "ERROR" : "NOTICE"), "MESSAGE", message);
	for (int i = 0; i < n; i++) {
		tpl_dict *row = tpl_section(d, "SECTION");
		tpl_set_int(row, "ID", secs[i].id);
		tpl_set(row, "SLUG", secs[i].slug);
		tpl_set(row, "NAME", secs[i].name);
		tpl_set_int(row, "POSITION", i + 1);
		tpl_set(row, "CSRF", c->csrf);
	}
	tpl_set_int(d, "NEXT_POSITION", n + 1);
	return site_render(c, "admin_sections.tpl");
}

static const char *section_problem(const struct ctx *c, long long *position)
{
	const struct field_value *name = &c->req.field[F_SECTION_NAME];
	const struct field_value *slug = &c->req.field[F_SECTION_SLUG];
	const struct field_value *pos = &c->req.field[F_SECTION_POSITION];
	if (!name->present || !name->valid || !name->len)
		return "Give the section a name (up to " LIMIT_TEXT(SECTION_NAME_MAX) " characters, plain text).";
	if (!slug->present || !slug->valid || !slug_valid(slug->text, slug->len))
		return "Give the section a slug: 1 to " LIMIT_TEXT(SECTION_SLUG_MAX) " of a-z, 0-9 and hyphens.";
	if (reserved(slug->text))
		return "That slug is a word the site uses itself; choose another.";
	if (!pos->present || !parse_uint(pos->text, 1000, position))
		return "Give the position as a whole number from 0 to 1000.";
	return NULL;
}

#define BUSY_MESSAGE "The database did not answer; try again."

/* The message for an editor's change the store refused; NULL for one it could not judge. */
static const char *refusal(enum store_result r)
{
	switch (r) {
	case STORE_TAKEN:
		return "Another section has that slug.";
	case STORE_NO_SECTION:
		return "That section no longer exists.";
	default:
		return NULL;
	}
}

/* Deleting an empty section ("delete:ID") or merging one into another ("merge:ID", the other's
 * slug in section_into); false when the action is neither. */
static bool delete_or_merge(struct ctx *c, struct db *w, const char *action, int *status)
{
	long long id;
	bool merge = strncmp(action, "merge:", 6) == 0 && parse_uint(action + 6, 1LL << 53, &id);
	if (!merge && !(strncmp(action, "delete:", 7) == 0 && parse_uint(action + 7, 1LL << 53, &id)))
		return false;
	const struct field_value *into = &c->req.field[F_SECTION_INTO];
	if (!w) {
		*status = render_sections(c, 503, BUSY_MESSAGE, true);
		return true;
	}
	if (merge && (!into->present || !into->valid || !slug_valid(into->text, into->len))) {
		*status = render_sections(c, 422, "Give the slug of the section to merge into.", true);
		return true;
	}
	enum store_result r = merge ? newsroom_section_merge(w, id, into->text)
				    : newsroom_section_delete(w, id);
	if (r == STORE_OK) {
		admin_log(c, "section %lld %s", id, merge ? "merged" : "deleted");
		admin_purge(c, w, "all");
		*status = admin_see_other(c, "/admin/sections");
		return true;
	}
	const char *why = r == STORE_CONFLICT ? "Only an empty section can be deleted: merge it into another instead."
		: r == STORE_TAKEN ? "An article in each section has the same slug: change one of them first."
		: r == STORE_NO_SECTION ? "Choose another section that exists." : NULL;
	*status = render_sections(c, why ? 422 : 503, why ? why : BUSY_MESSAGE, true);
	return true;
}

int admin_sections(struct ctx *c)
{
	long long position = 0, id = 0;
	const char *action = c->req.field[F_ACTION].present ? c->req.field[F_ACTION].text : "";
	struct db *w = ctx_writer(c);
	int status;
	if (c->req.method != METHOD_POST)
		return render_sections(c, 200, NULL, false);
	if (delete_or_merge(c, w, action, &status))
		return status;
	const char *bad = section_problem(c, &position);
	bool update = strncmp(action, "update:", 7) == 0 && parse_uint(action + 7, 1LL << 53, &id);
	if (!bad && !update && strcmp(action, "add") != 0)
		bad = "Choose Add or Save.";
	if (bad || !w)
		return render_sections(c, bad ? 422 : 503, bad ? bad : BUSY_MESSAGE, true);
	const char *slug = c->req.field[F_SECTION_SLUG].text, *name = c->req.field[F_SECTION_NAME].text;
	enum store_result r = update ? editor_section_update(w, id, slug, name, position)
				     : editor_section_add(w, slug, name, position);
	if (r == STORE_OK) {
		admin_log(c, "section %s %s", slug, update ? "updated" : "added");
		admin_purge(c, w, "all");  /* names and addresses of sections are on every page */
		return admin_see_other(c, "/admin/sections");
	}
	return render_sections(c, refusal(r) ? 422 : 503, refusal(r) ? refusal(r) : BUSY_MESSAGE, true);
}

static int render_promos(struct ctx *c, int status, const char *text, const char *error)
{
	tpl_dict *d = admin_page(c, "Promos");
	if (!d)
		return 500;
	c->res->status = status;
	tpl_set(d, "CSRF", c->csrf);
	tpl_set(d, "PROMOS", text);
	if (error)
		tpl_set(tpl_section(d, "ERROR"), "MESSAGE", error);
	return site_render(c, "admin_promos.tpl");
}

/* The promo list as the form shows it: one address a line. */
static int show_promos(struct ctx *c, struct db *w)
{
	const char **paths;
	int n;
	struct buf text;
	enum store_result r = editor_site_promos(w, &c->arena, &paths, &n);
	if (r != STORE_OK)
		return ctx_status_of(r);
	buf_init(&text);
	for (int i = 0; i < n; i++)
		buf_printf(&text, "/news/%s\n", paths[i]);
	const char *shown = text.failed ? NULL : arena_strdup(&c->arena, text.data);
	buf_free(&text);
	return shown ? render_promos(c, 200, shown, NULL) : 500;
}

int admin_promos(struct ctx *c)
{
	const char **paths;
	const char *bad = NULL;
	int n;
	struct db *w = ctx_writer(c);
	enum store_result r = STORE_OK;
	if (!w)
		return 500;
	if (c->req.method != METHOD_POST)
		return show_promos(c, w);
	const struct field_value *f = &c->req.field[F_PROMOS];
	const char *text = f->present ? f->text : "";
	if (!admin_read_paths(&c->arena, text, &paths, &n))
		return 500;
	if (f->present && !f->valid)
		bad = f->problem;
	else
		r = admin_paths_problem(c, w, paths, n, &bad);
	if (r == STORE_OK && bad)
		return render_promos(c, 422, text, bad);
	if (r == STORE_OK)
		r = editor_set_site_promos(w, paths, n);
	if (r != STORE_OK)
		return render_promos(c, 503, text, BUSY_MESSAGE);
	admin_log(c, "site promos set (%d)", n);
	admin_purge(c, w, "promos");
	return admin_see_other(c, "/admin/promos");
}
