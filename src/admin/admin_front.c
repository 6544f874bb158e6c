/* The front page, for editors: the lead and the top stories in order, as article addresses one
 * a line; each save a new version (who, when), the last ones listed. */
#include <string.h>

#include "admin.h"
#include "admin_audit.h"
#include "newsroom.h"
#include "timefmt.h"

#define VERSIONS_SHOWN 10

static int render(struct ctx *c, const char *text, int status, const char *message, bool error)
{
	struct front_version *v;
	int n;
	enum store_result r = newsroom_front_versions(c->db, &c->arena, VERSIONS_SHOWN, &v, &n);
	if (r != STORE_OK)
		return ctx_status_of(r);
	tpl_dict *d = admin_page(c, "Front page");
	if (!d)
		return 500;
	c->res->status = status;
	tpl_set(d, "CSRF", c->csrf);
	tpl_set(d, "FRONT", text);
	if (message)
		tpl_set(tpl_section(d, error ? "ERROR" : "NOTICE"), "MESSAGE", message);
	for (int i = 0; i < n; i++) {
		char when[TIMEFMT_MAX];
		timefmt_local_datetime((time_t)v[i].created_at, when);
		tpl_dict *row = tpl_section(d, "VERSION");
		tpl_set_int(row, "ID", v[i].id);
		tpl_set(row, "EDITOR", *v[i].editor ? v[i].editor : "(unknown)");
		tpl_set(row, "WHEN", when);
		tpl_set_int(row, "SLOTS", v[i].slots);
	}
	return site_render(c, "admin_front.tpl");
}

/* The current choice as the form shows it: one address a line, the lead first. */
static const char *current_text(struct ctx *c)
{
	const char **paths;
	int n;
	struct buf b;
	if (newsroom_front_paths(c->db, &c->arena, &paths, &n) != STORE_OK)
		return NULL;
	buf_init(&b);
	for (int i = 0; i < n; i++)
		buf_printf(&b, "/news/%s\n", paths[i]);
	const char *text = arena_strdup(&c->arena, b.data ? b.data : "");
	buf_free(&b);
	return text;
}

static const char *duplicate(const char *const *paths, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			if (strcmp(paths[i], paths[j]) == 0)
				return paths[i];
	return NULL;
}

static int save(struct ctx *c)
{
	const struct field_value *f = &c->req.field[F_FRONT];
	const char *text = f->present ? f->text : "", *problem = NULL, **paths;
	struct db *w = ctx_writer(c);
	int n;
	if (f->present && !f->valid)
		return render(c, text, 422, arena_printf(&c->arena, "The list %s.", f->problem), true);
	if (!w)
		return 503;
	if (!admin_read_paths(&c->arena, text, &paths, &n))
		return 500;
	enum store_result r = admin_paths_problem(c, w, paths, n, &problem);
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (!problem && duplicate(paths, n))
		problem = arena_printf(&c->arena, "%s is listed twice.", duplicate(paths, n));
	if (problem)
		return render(c, text, 422, problem, true);
	switch ((r = newsroom_front_save(w, paths, n, c->user.id, c->now))) {
	case STORE_OK:
		admin_log(c, "front page saved (%d stories)", n);
		audit_record(c, "front page", "stories: %d", n);
		admin_purge(c, w, "home");
		return admin_see_other(c, "/admin/front?done=saved");
	case STORE_NOT_FOUND:
		return render(c, text, 422, "Choose published articles only (scheduled ones appear when due).",
			      true);
	default:
		return ctx_status_of(r);
	}
}

int admin_front(struct ctx *c)
{
	if (c->req.method == METHOD_POST)
		return save(c);
	const char *text = current_text(c);
	if (!text)
		return 503;
	return render(c, text, 200, c->req.query && strstr(c->req.query, "done=saved")
		      ? "Saved: the front page shows it now." : NULL, false);
}
