/* Logging in and out: throttled atomically, a few password checks at a time, logged in the
 * sessions file, and silent about which names exist. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "auth.h"
#include "session.h"
#include "site.h"

#define NAME_WAIT_CAP 30      /* seconds: slows guessing at one name, never locks its editor out */
#define ADDRESS_WAIT_CAP 900  /* seconds: one address guessing at many names waits much longer */
#define LOGIN_LOG_DAYS 90     /* at least three months, or audit_keep_days: the audit log shows it */

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

/* Password checks under way in this process: argon2id takes 64 MiB and most of a core, so only
 * a few run at once and the worker threads stay free for readers. */
static atomic_int checks_under_way;
static atomic_llong last_prune;

static bool take_check(const struct ctx *c)
{
	int n = atomic_fetch_add(&checks_under_way, 1);
	if (n < (c->site->password_checks > 0 ? c->site->password_checks : 1))
		return true;
	atomic_fetch_sub(&checks_under_way, 1);
	return false;
}

static void give_check(void)
{
	atomic_fetch_sub(&checks_under_way, 1);
}

/* Old sessions, throttle rows and log lines go, at most once a minute per process. */
static void prune(struct ctx *c, struct db *s)
{
	long long last = atomic_load(&last_prune);
	const struct config *cfg = &c->site->cfg;
	if (c->now - last < 60 || !atomic_compare_exchange_strong(&last_prune, &last, c->now))
		return;
	long long log_days = cfg->audit_keep_days > LOGIN_LOG_DAYS ? cfg->audit_keep_days : LOGIN_LOG_DAYS;
	if (sessions_prune(s, c->now, cfg->session_idle_seconds, cfg->session_max_seconds,
			   log_days) != STORE_OK)
		fprintf(stderr, "newsdesk: could not prune the sessions file; trying again later\n");
}

static void log_line(struct ctx *c, const char *name, const char *outcome)
{
	fprintf(stderr, "newsdesk: login name=%s address=%s outcome=%s\n", name,
		c->req.remote_addr ? c->req.remote_addr : "unknown", outcome);
}

/* 429 with Retry-After: the form again, saying how long to wait. */
static int come_back_later(struct ctx *c, const char *name, long long wait, const char *why)
{
	char msg[160], retry[32];
	snprintf(msg, sizeof msg, "%s Try again in %lld second%s.", why, wait, wait == 1 ? "" : "s");
	snprintf(retry, sizeof retry, "%lld", wait);
	int status = render_form(c, 429, msg, name);
	response_header(c->res, "Retry-After", retry);
	return status;
}

/* The active user name and password belong to (STORE_OK), or STORE_NOT_FOUND. The password is
 * checked, or time spent as if it were, either way: an unknown name answers as slowly. */
static enum store_result check_password(struct ctx *c, const char *name, const char *password,
					struct user *u)
{
	enum store_result r = user_by_name(c->db, &c->arena, name, u);
	if (r == STORE_OK && !u->disabled)
		return password_verify(u->password_hash, password) ? STORE_OK : STORE_NOT_FOUND;
	password_burn_time(password);
	return r == STORE_OK ? STORE_NOT_FOUND : r;
}

/* "name:editor" (a name is matched without case, as the database does) and "addr:...". */
static bool throttle_keys(struct ctx *c, const char *name, struct login_outcome *o)
{
	char *name_key = arena_printf(&c->arena, "name:%s", name);
	o->address = c->req.remote_addr ? c->req.remote_addr : "unknown";
	o->addr_key = arena_printf(&c->arena, "addr:%s", o->address);
	if (!name_key || !o->addr_key)
		return false;
	for (char *p = name_key; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	o->name_key = name_key;
	o->name = name;
	o->name_cap = NAME_WAIT_CAP;
	o->addr_cap = ADDRESS_WAIT_CAP;
	return true;
}

/* The check itself, once the throttle has let the attempt through. */
static int check_and_start(struct ctx *c, struct db *s, struct login_outcome *o,
			   const char *password)
{
	struct user u;
	enum store_result checked = check_password(c, o->name, password, &u);
	give_check();
	o->success = checked == STORE_OK;
	bool decided = checked == STORE_OK || checked == STORE_NOT_FOUND;
	enum store_result ended = decided ? login_end(s, o, c->now) : checked;
	log_line(c, o->name, ended != STORE_OK ? "not checked" : o->success ? "success" : "failure");
	if (!decided)
		login_release(s, o);  /* the next attempt need not wait for this one */
	if (ended != STORE_OK)
		return ctx_status_of(ended);  /* unsure is never yes */
	if (!o->success)
		return render_form(c, 200, "Wrong name or password.", o->name);
	if (!session_start(c, &u))
		return 500;
	return admin_see_other(c, "/admin");
}

static int try_login(struct ctx *c, const char *name, const char *password)
{
	struct login_outcome o;
	struct db *s = ctx_sessions(c);
	long long wait = 0;
	enum store_result r;
	if (!throttle_keys(c, name, &o))
		return 500;
	if (!s)
		return 503;
	if (!take_check(c)) {
		log_line(c, name, "busy");
		return come_back_later(c, name, 1, "Many people are logging in at this moment.");
	}
	prune(c, s);
	if ((r = login_begin(s, o.name_key, o.addr_key, c->now, &wait)) != STORE_OK || wait > 0) {
		give_check();
		if (r != STORE_OK)
			return ctx_status_of(r);  /* a throttle that cannot be read lets nobody in */
		login_record(s, c->now, name, o.address, "throttled");
		log_line(c, name, "throttled");
		return come_back_later(c, name, wait, "Too many failed attempts.");
	}
	return check_and_start(c, s, &o, password);
}

int admin_login(struct ctx *c)
{
	const struct field_value *name = &c->req.field[F_NAME], *pw = &c->req.field[F_PASSWORD];
	if (c->req.method != METHOD_POST)
		return render_form(c, 200, NULL, NULL);
	if (!name->present || !pw->present || !name->len || !pw->len || !name->valid || !pw->valid)
		return render_form(c, 200, "Enter your name and password.", name->present ? name->text : NULL);
	return try_login(c, name->text, pw->text);
}

int admin_logout(struct ctx *c)
{
	admin_log(c, "logged out");
	session_end(c);
	return admin_see_other(c, "/admin/login");
}
