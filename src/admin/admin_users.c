/* Accounts, for admins: add one (the password rules of `newsdesk user add`), change a role,
 * disable and enable; every change in the audit log. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "admin.h"
#include "admin_audit.h"
#include "site.h"
#include "timefmt.h"

static const char *const roles[] = { "reporter", "editor", "admin", NULL };

static void fill_roles(tpl_dict *row, const char *selected)
{
	for (int i = 0; roles[i]; i++) {
		tpl_dict *o = tpl_section(row, "ROLE_OPTION");
		tpl_set(o, "ROLE", roles[i]);
		if (strcmp(roles[i], selected) == 0)
			tpl_show(o, "SELECTED");
	}
}

static int render_users(struct ctx *c, int status, const char *message, bool is_error)
{
	struct user *users;
	int n;
	tpl_dict *d;
	enum store_result r = user_list(c->db, &c->arena, &users, &n);
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (!(d = admin_page(c, "Users")))
		return 500;
	c->res->status = status;
	tpl_set(d, "CSRF", c->csrf);
	if (message)
		tpl_set(tpl_section(d, is_error ? "ERROR" : "NOTICE"), "MESSAGE", message);
	for (int i = 0; i < n; i++) {
		char when[TIMEFMT_MAX];
		tpl_dict *row = tpl_section(d, "USER");
		timefmt_local_datetime((time_t)users[i].created_at, when);
		tpl_set_int(row, "ID", users[i].id);
		tpl_set(row, "NAME", users[i].name);
		tpl_set(row, "STATE", users[i].disabled ? "disabled" : "active");
		tpl_set(row, "CREATED", when);
		tpl_set(row, "CSRF", c->csrf);
		tpl_show(row, users[i].disabled ? "CAN_ENABLE" : "CAN_DISABLE");
		fill_roles(row, users[i].role);
	}
	fill_roles(d, "reporter");
	return site_render(c, "admin_users.tpl");
}

static const char *text_of(const struct ctx *c, enum field f)
{
	const struct field_value *v = &c->req.field[f];
	return v->present && v->valid ? v->text : "";
}

/* 422 with the message, or PAGE_DONE after the store answered; *done is what to audit. */
static int add_user(struct ctx *c, struct db *w, const char *name, const char *role)
{
	char hash[PASSWORD_HASH_MAX];
	const struct field_value *pw = &c->req.field[F_PASSWORD];
	const char *problem = !pw->present || !pw->valid ? "is missing or not plain text"
							 : password_problem(pw->text);
	if (problem)
		return render_users(c, 422, arena_printf(&c->arena, "The password %s.", problem), true);
	if (!password_hash(pw->text, hash))
		return 500;
	enum store_result r = user_add(w, name, role, hash, c->now);
	sodium_memzero(hash, sizeof hash);
	if (r == STORE_TAKEN)
		return render_users(c, 422, "A user of that name already exists.", true);
	if (r != STORE_OK)
		return ctx_status_of(r);
	audit_record(c, "user added", "%s as %s", name, role);
	return admin_see_other(c, "/admin/users?done=added");
}

/* Disabling or demoting yourself could leave the newsroom with no admin at all. */
static bool is_self(const struct ctx *c, const char *name)
{
	return strcasecmp(name, c->user.name) == 0;
}

static int change_user(struct ctx *c, struct db *w, const char *action, const char *name,
		       const char *role)
{
	enum store_result r;
	if (is_self(c, name))
		return render_users(c, 422, "You cannot disable yourself or change your own role.", true);
	if (strcmp(action, "role") == 0)
		r = user_set_role(w, name, role);
	else if (strcmp(action, "disable") == 0)
		r = user_disable(w, name);
	else
		r = user_enable(w, name);
	if (r == STORE_NOT_FOUND)
		return render_users(c, 422, "No user of that name.", true);
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (strcmp(action, "role") == 0)
		audit_record(c, "role changed", "%s to %s", name, role);
	else
		audit_record(c, strcmp(action, "disable") == 0 ? "user disabled" : "user enabled", "%s", name);
	return admin_see_other(c, "/admin/users?done=changed");
}

static int post_users(struct ctx *c)
{
	const char *action = text_of(c, F_ACTION), *name = text_of(c, F_NAME),
		   *role = text_of(c, F_ROLE);
	bool add = strcmp(action, "add") == 0, set_role = strcmp(action, "role") == 0;
	struct db *w;
	if (!add && !set_role && strcmp(action, "disable") && strcmp(action, "enable"))
		return render_users(c, 400, "Choose Add, Change role, Disable or Enable.", true);
	if (!user_name_valid(name))
		return render_users(c, 422, "A name is 1 to " LIMIT_TEXT(USER_NAME_MAX)
				    " characters, no spaces or control characters.", true);
	if ((add || set_role) && !role_account_name(role))
		return render_users(c, 422, "Choose reporter, editor or admin.", true);
	if (!(w = ctx_writer(c)))
		return 503;
	return add ? add_user(c, w, name, role) : change_user(c, w, action, name, role);
}

int admin_users(struct ctx *c)
{
	const struct field_value *done = &c->req.field[Q_DONE];
	if (c->req.method == METHOD_POST)
		return post_users(c);
	return render_users(c, 200, done->present ? "Done." : NULL, false);
}
