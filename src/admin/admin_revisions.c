/* An article's revisions: the list, a diff of any two, and restoring one as a new revision. */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "admin_desk.h"
#include "editor.h"
#include "session.h"
#include "site.h"
#include "textdiff.h"
#include "timefmt.h"

/* PAGE_DONE, or the status of the error page: 404 when either revision is not this article's. */
static int fill_diff(struct ctx *c, struct db *w, tpl_dict *d, long long id, long long from,
		     long long to)
{
	struct edit_article a, b;
	const char **la, **lb;
	struct diff_line *diff;
	int na, nb, nd;
	enum store_result r;
	if ((r = editor_load_revision(w, &c->arena, id, from, &a)) != STORE_OK ||
	    (r = editor_load_revision(w, &c->arena, id, to, &b)) != STORE_OK)
		return ctx_status_of(r);
	if ((na = article_lines(&c->arena, &a, &la)) < 0 || (nb = article_lines(&c->arena, &b, &lb)) < 0 ||
	    (nd = diff_lines(&c->arena, la, na, lb, nb, &diff)) < 0)
		return 500;
	tpl_dict *dd = tpl_section(d, "DIFF");
	tpl_set_int(dd, "FROM", from);
	tpl_set_int(dd, "TO", to);
	int changes = 0;
	for (int i = 0; i < nd; i++) {
		tpl_dict *row = tpl_section(dd, "LINE");
		tpl_set(row, "CLASS", diff[i].op == DIFF_SAME ? "same" : diff[i].op == DIFF_ADDED ? "added" : "removed");
		tpl_set(row, "MARK", diff[i].op == DIFF_SAME ? " " : diff[i].op == DIFF_ADDED ? "+" : "-");
		tpl_set(row, "TEXT", diff[i].text);
		changes += diff[i].op != DIFF_SAME;
	}
	if (!changes)
		tpl_show(dd, "NO_CHANGES");
	return PAGE_DONE;
}

int admin_revisions(struct ctx *c)
{
	struct edit_article e;
	struct revision_row *revs;
	int n;
	long long id = c->match.ids[0];
	const struct field_value *from = &c->req.field[Q_FROM], *to = &c->req.field[Q_TO];
	struct db *w = ctx_writer(c);
	enum store_result r = w ? editor_load(w, &c->arena, id, &e) : STORE_ERROR;
	tpl_dict *d;
	struct desk desk;
	int status;
	if (r == STORE_OK)
		r = editor_revisions(w, &c->arena, id, &revs, &n);
	if (r != STORE_OK)
		return ctx_status_of(r);
	if ((status = desk_gate(c, id, e.status, &desk)) != PAGE_DONE)
		return status;
	if (!(d = admin_page(c, arena_printf(&c->arena, "Revisions: %s", e.a.s.headline))))
		return 500;
	tpl_set_int(d, "ID", id);
	tpl_set(d, "HEADLINE", e.a.s.headline);
	tpl_set(d, "CSRF", c->csrf);
	if (n == 0)
		tpl_show(d, "EMPTY");
	for (int i = 0; i < n; i++) {
		char when[TIMEFMT_MAX];
		tpl_dict *row = tpl_section(d, "REVISION");
		timefmt_local_datetime((time_t)revs[i].created_at, when);
		tpl_set_int(row, "REV", revs[i].id);
		tpl_set_int(row, "ID", id);
		tpl_set(row, "ACTION", revs[i].action);
		tpl_set(row, "EDITOR", revs[i].editor);
		tpl_set(row, "WHEN", when);
		tpl_set(row, "CSRF", c->csrf);
		if (revs[i].id == e.revision_id)
			tpl_show(row, "CURRENT");
		else
			tpl_show(row, "RESTORABLE");
		if ((from->present ? from->num : (n > 1 ? revs[1].id : 0)) == revs[i].id)
			tpl_show(row, "FROM_CHECKED");
		if ((to->present ? to->num : revs[0].id) == revs[i].id)
			tpl_show(row, "TO_CHECKED");
	}
	if (from->present && to->present && from->valid && to->valid &&
	    (status = fill_diff(c, w, d, id, from->num, to->num)) != PAGE_DONE)
		return status;
	return site_render(c, "admin_revisions.tpl");
}

int admin_restore(struct ctx *c)
{
	struct edit_article current, old;
	long long id = c->match.ids[0], rev = c->match.ids[1];
	struct db *w = ctx_writer(c);
	enum store_result r = w ? editor_load(w, &c->arena, id, &current) : STORE_ERROR;
	struct desk desk;
	int gate;
	if (r == STORE_OK)
		r = editor_load_revision(w, &c->arena, id, rev, &old);
	if (r != STORE_OK)
		return ctx_status_of(r);
	if ((gate = desk_gate(c, id, current.status, &desk)) != PAGE_DONE)
		return gate;
	/* The content comes back; whether it is live stays as it is now. A section renamed or
	 * removed since is not a reason to lose the text: it stays in the current section. */
	struct section sec;
	r = model_section(c->db, &c->arena, old.section_slug, &sec);
	if (r == STORE_NOT_FOUND)
		old.section_slug = current.section_slug;
	else if (r != STORE_OK)
		return ctx_status_of(r);
	old.status = current.status;
	old.published_at = current.published_at;
	old.a.s.updated_at = strcmp(current.status, "published") == 0 && current.published_at <= c->now
		? c->now : current.a.s.updated_at;
	const char *label = arena_printf(&c->arena, "restored revision %lld", rev);
	if (!label)
		return 500;
	if ((r = editor_save(w, &old, current.revision_id, c->user.id, c->now, label)) != STORE_OK)
		return ctx_status_of(r);  /* a conflict, a taken slug or a missing section: 409 */
	admin_log(c, "article %lld %s", id, label);
	admin_purge_article(c, w, id, current.section_slug, old.section_slug);
	return admin_see_other(c, arena_printf(&c->arena, "/admin/articles/%lld?done=restored", id));
}
