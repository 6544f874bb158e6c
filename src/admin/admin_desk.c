/* The newsroom's rules for one article: who may open and change it (a reporter: only their own
 * drafts), who may publish, and the review that follows a save (submit, send back, publish). */
#include "admin_desk.h"

#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "admin_audit.h"

static int refuse(struct ctx *c, const char *why)
{
	fprintf(stderr, "newsdesk: 403 %s %s: %s (user %s, address %s)\n", c->req.method_name,
		c->req.path, why, c->logged_in ? c->user.name : "-",
		c->req.remote_addr ? c->req.remote_addr : "-");
	return 403;
}

int desk_gate(struct ctx *c, long long id, const char *status, struct desk *d)
{
	enum store_result r = desk_get(c->db, &c->arena, id, d);
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (admin_role(c) >= ROLE_EDITOR)
		return PAGE_DONE;
	if (d->owner_id != c->user.id)
		return refuse(c, "a reporter opens only their own articles");
	if (strcmp(status, "draft") != 0)
		return refuse(c, "a reporter changes only drafts");
	return PAGE_DONE;
}

int desk_action_gate(struct ctx *c, const char *action)
{
	bool editors_only = !strcmp(action, "publish") || !strcmp(action, "unpublish") ||
			    !strcmp(action, "return");
	if (editors_only && admin_role(c) < ROLE_EDITOR)
		return refuse(c, arena_printf(&c->arena, "%s needs the editor role", action));
	return PAGE_DONE;
}

enum review_change desk_review_of(const char *action)
{
	return !strcmp(action, "submit") ? REVIEW_SUBMIT : !strcmp(action, "return") ? REVIEW_RETURN
	       : !strcmp(action, "publish") ? REVIEW_CLEAR : REVIEW_KEEP;
}

void desk_after_save(struct ctx *c, long long id, const char *action, const char *label)
{
	if (strcmp(action, "return") == 0)
		audit_record(c, "send back", "article %lld", id);
	else if (strcmp(action, "publish") == 0)
		audit_record(c, strcmp(label, "scheduled") == 0 ? "schedule" : "publish", "article %lld", id);
	else if (strcmp(action, "unpublish") == 0)
		audit_record(c, "unpublish", "article %lld", id);
}
