/* Editors' sessions on the request path: the gate each route's flags ask for, login, logout. */
#include "session.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"

/* Fills c->user from the session cookie when it names a live session of an active editor.
 * STORE_OK whether or not it did; anything else: the stores could not say. */
static enum store_result load_session(struct ctx *c)
{
	unsigned char hash[TOKEN_HASH_BYTES];
	const struct config *cfg = &c->site->cfg;
	struct session found;
	struct db *s;
	enum store_result r;
	if (!c->req.session_cookie || !token_hash(c->req.session_cookie, hash))
		return STORE_OK;
	if (!(s = ctx_sessions(c)))
		return STORE_ERROR;
	r = session_find(s, hash, c->now, cfg->session_idle_seconds, cfg->session_max_seconds, &found);
	if (r == STORE_OK)
		r = user_for_session(c->db, &c->arena, found.user_id, found.epoch, &c->user);
	if (r == STORE_NOT_FOUND)
		return STORE_OK;
	c->logged_in = r == STORE_OK && csrf_for(c->req.session_cookie, c->csrf);
	return r;
}

static void log_refusal(struct ctx *c, const char *why)
{
	if (!why)
		why = "refused";
	fprintf(stderr, "newsdesk: 403 %s %s: %s (user %s, address %s)\n", c->req.method_name,
		c->req.path, why, c->logged_in ? c->user.name : "-",
		c->req.remote_addr ? c->req.remote_addr : "-");
}

static bool refuse(struct ctx *c, const char *why, int *status)
{
	log_refusal(c, why);
	*status = 403;
	return false;
}

bool session_gate(struct ctx *c, int *status)
{
	const struct route *route = c->match.route;
	unsigned flags = route->flags;
	bool post = c->req.method == METHOD_POST;
	bool needs_login = route->role > ROLE_PUBLIC;
	enum store_result r = STORE_OK;
	if (route->role == ROLE_UNDECLARED)  /* fail closed: the route test names the row */
		return refuse(c, "the route declares no role", status);
	if (needs_login || (flags & ~CACHEABLE) || post)  /* public pages never touch the sessions */
		r = load_session(c);
	if (r != STORE_OK && needs_login) {
		*status = ctx_status_of(r);
		return false;
	}
	if (needs_login && !c->logged_in) {
		if (post)
			return refuse(c, "no session", status);
		response_redirect(c->res, 303, "/admin/login");
		*status = PAGE_DONE;
		return false;
	}
	if (needs_login && role_from_name(c->user.role) < route->role)
		return refuse(c, arena_printf(&c->arena, "needs the %s role", role_name(route->role)),
			      status);
	if (post && !request_same_origin(&c->req, c->site->cfg.base_url))
		return refuse(c, "cross-origin request", status);
	if (post && (flags & NEEDS_CSRF) &&
	    !csrf_equal(c->csrf, c->req.field[F_CSRF].present ? c->req.field[F_CSRF].text : NULL))
		return refuse(c, "missing or wrong CSRF token", status);
	return true;
}

static void set_cookie(struct ctx *c, const char *value, long long max_age)
{
	char cookie[256];
	snprintf(cookie, sizeof cookie, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Strict%s",
		 session_cookie_name(c->req.https), value, max_age, c->req.https ? "; Secure" : "");
	response_header(c->res, "Set-Cookie", cookie);
}

bool session_start(struct ctx *c, const struct user *u)
{
	char token[TOKEN_TEXT_MAX];
	unsigned char hash[TOKEN_HASH_BYTES];
	struct db *s = ctx_sessions(c);
	if (!s || !token_new(token) || !token_hash(token, hash) ||
	    session_create(s, u->id, u->session_epoch, hash, c->now) != STORE_OK)
		return false;
	set_cookie(c, token, c->site->cfg.session_max_seconds);
	return true;
}

void session_end(struct ctx *c)
{
	unsigned char hash[TOKEN_HASH_BYTES];
	struct db *s = ctx_sessions(c);
	if (s && c->req.session_cookie && token_hash(c->req.session_cookie, hash))
		session_delete(s, hash);
	set_cookie(c, "", 0);
}
