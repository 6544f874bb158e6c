/* The error pages (400, 403, 404, 405, 409, 413, 414, 429, 500, 503): a real page with the
 * right status, made only by the handler. */
#include "error_page.h"

#include <stdio.h>
#include <string.h>

#include "site.h"

static const char *message_for(int status)
{
	switch (status) {
	case 400: return "The request could not be understood.";
	case 404: return "We could not find the page you asked for. It may have moved, or the address may be mistyped.";
	case 403: return "You are not allowed to do that. If you were editing, go back, reload the page and try again.";
	case 405: return "That method is not allowed here.";
	case 409: return "That change conflicts with the article as it is now (its section or address is taken by another). Nothing was changed.";
	case 429: return "Too many attempts. Please wait a little and try again.";
	case 413: return "What was sent is too large, or was cut short.";
	case 414: return "The address is too long.";
	case 503: return "The site is busy. Please try again in a moment.";
	default:  return "Something went wrong on our side. Please try again in a moment.";
	}
}

/* Last resort when even the error template cannot be expanded. */
static void plain_error(struct ctx *c, int status)
{
	response_reset(c->res);
	c->res->status = status;
	c->res->content_type = "text/plain; charset=utf-8";
	buf_printf(&c->res->body, "%d %s\n", status, status_text(status));
}

void error_page(struct ctx *c, int status)
{
	tpl_dict_free(c->dict);
	c->dict = NULL;
	response_reset(c->res);
	c->res->status = status;
	if (status == 405 && c->match.route)
		response_header(c->res, "Allow", route_allow(c->match.route));
	if (status == 503)
		response_header(c->res, "Retry-After", "2");
	const char *title = arena_printf(&c->arena, "%s - %s", status_text(status),
					 c->site->cfg.site_name);
	/* A 500 or 503 may come from the store itself: that page must not read it again. */
	tpl_dict *d = title ? site_page(c, title, NULL, status >= 500 ? PAGE_BARE : PAGE_NORMAL, NULL)
			    : NULL;
	if (!d && title) {
		tpl_dict_free(c->dict);
		d = site_page(c, title, NULL, PAGE_BARE, NULL);
	}
	if (!d) {
		plain_error(c, status);
		return;
	}
	tpl_set(d, "SITE_NAME", c->site->cfg.site_name);
	tpl_set(d, "STATUS_TEXT", status_text(status));
	const char *message = message_for(status);
	if (status == 413 && c->req.path && (strncmp(c->req.path, "/admin/media", 12) == 0 ||
					     strncmp(c->req.path, "/admin/articles/", 16) == 0))
		message = arena_printf(&c->arena, "The file is too large: an upload may be at most %lld MB. "
				       "Nothing was stored.", c->site->cfg.upload_max_mb);
	tpl_set(d, "MESSAGE", message ? message : message_for(status));
	if (!tpl_expand("error.tpl", d, &c->res->body))
		plain_error(c, status);
}
