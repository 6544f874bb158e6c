/* Logging in and out: throttled, logged, and silent about which names exist. */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "auth.h"
#include "session.h"
#include "site.h"

#define NAME_WAIT_CAP 30      /* seconds: slows guessing at one name, never locks its editor out */
#define ADDRESS_WAIT_CAP 900  /* seconds: one address guessing at many names waits much longer */

static int render_form(struct ctx *c, int status, const char *message, const char *name)
{
	tpl_dict *d = admin_page(c, "Log in");
	if (!d)
		return 500;
	c->res->status = status;
	tpl_set(d, "NAME", name ? name : "");
	if (message)
		tpl_set(tpl_section(d, "MESSAGE"), "MESSAGE", message);
	return site_render(c, "admin_login.tpl");
}

static void record(struct ctx *c, struct db *w, const char *name, const char *outcome)
{
	const char *addr = c->req.remote_addr ? c->req.remote_addr : "unknown";
	login_record(w, c->now, name, addr, outcome);
	fprintf(stderr, "newsdesk: login name=%s address=%s outcome=%s\n", name, addr, outcome);
}

/* STORE_OK when the name and password belong to an active editor, STORE_NOT_FOUND when they do
 * not; anything else: the store could not say. */
static enum store_result check_credentials(struct ctx *c, struct db *w, const char *name,
					   const char *password, long long *user_id)
{
	struct user u;
	enum store_result r = user_by_name(w, &c->arena, name, &u);
	if (r == STORE_OK && !u.disabled) {
		*user_id = u.id;
		return password_verify(u.password_hash, password) ? STORE_OK : STORE_NOT_FOUND;
	}
	password_burn_time(password);
	return r == STORE_OK ? STORE_NOT_FOUND : r;
}

/* The longer of the waits for the name and for the address; a throttle that cannot be read
 * lets nobody in. */
static enum store_result longest_wait(struct ctx *c, struct db *w, const char *name_key,
				      const char *addr_key, long long *wait)
{
	long long wait_addr;
	enum store_result r = throttle_wait(w, name_key, c->now, wait);
	if (r == STORE_OK && (r = throttle_wait(w, addr_key, c->now, &wait_addr)) == STORE_OK &&
	    wait_addr > *wait)
		*wait = wait_addr;
	return r;
}

static int throttled(struct ctx *c, struct db *w, const char *name, long long wait)
{
	char msg[128], retry[32];
	record(c, w, name, "throttled");
	snprintf(msg, sizeof msg, "Too many failed attempts. Try again in %lld second%s.", wait,
		 wait == 1 ? "" : "s");
	snprintf(retry, sizeof retry, "%lld", wait);
	int status = render_form(c, 429, msg, name);
	response_header(c->res, "Retry-After", retry);
	return status;
}

static int try_login(struct ctx *c, struct db *w, const char *name, const char *password)
{
	const char *addr = c->req.remote_addr ? c->req.remote_addr : "unknown";
	char *name_key = arena_printf(&c->arena, "name:%s", name);
	const char *addr_key = arena_printf(&c->arena, "addr:%s", addr);
	long long user_id = 0, wait = 0;
	enum store_result r;
	if (!name_key || !addr_key)
		return 500;
	for (char *p = name_key; *p; p++)  /* "Editor" is "editor" to login (COLLATE NOCASE): to us too */
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if ((r = longest_wait(c, w, name_key, addr_key, &wait)) != STORE_OK)
		return ctx_status_of(r);
	if (wait > 0)
		return throttled(c, w, name, wait);
	if ((r = check_credentials(c, w, name, password, &user_id)) == STORE_NOT_FOUND) {
		throttle_fail(w, name_key, c->now, NAME_WAIT_CAP);
		throttle_fail(w, addr_key, c->now, ADDRESS_WAIT_CAP);
		record(c, w, name, "failure");
		return render_form(c, 200, "Wrong name or password.", name);
	}
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (!session_start(c, user_id))
		return 500;
	throttle_clear(w, name_key);
	record(c, w, name, "success");
	admin_see_other(c, "/admin");
	return PAGE_DONE;
}

int admin_login(struct ctx *c)
{
	const struct field_value *name = &c->req.field[F_NAME], *pw = &c->req.field[F_PASSWORD];
	struct db *w;
	if (c->req.method != METHOD_POST)
		return render_form(c, 200, NULL, NULL);
	if (!name->present || !pw->present || !name->len || !pw->len || !name->valid || !pw->valid)
		return render_form(c, 200, "Enter your name and password.", name->present ? name->text : NULL);
	if (!(w = ctx_writer(c)))
		return 500;
	return try_login(c, w, name->text, pw->text);
}

int admin_logout(struct ctx *c)
{
	admin_log(c, "logged out");
	session_end(c);
	admin_see_other(c, "/admin/login");
	return PAGE_DONE;
}
