/* What every admin page shares: the page frame with the editor's bar, and small helpers. */
#define _GNU_SOURCE  /* memmem */
#include "admin.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "editor.h"
#include "purge.h"
#include "site.h"

enum role admin_role(const struct ctx *c)
{
	return c->logged_in ? role_from_name(c->user.role) : ROLE_PUBLIC;
}

tpl_dict *admin_page(struct ctx *c, const char *title)
{
	const char *full = arena_printf(&c->arena, "%s - %s admin", title, c->site->cfg.site_name);
	tpl_dict *d = full ? site_page(c, full, NULL, PAGE_ADMIN, NULL) : NULL;
	if (!d)
		return NULL;
	site_form_limits(d);
	tpl_dict *bar = tpl_include(d, "ADMIN_BAR", "admin_bar.tpl");
	tpl_set(bar, "SITE_NAME", c->site->cfg.site_name);
	if (c->logged_in) {
		tpl_dict *who = tpl_section(bar, "EDITOR");
		tpl_set(who, "USER_NAME", c->user.name);
		tpl_set(who, "USER_ROLE", c->user.role);
		tpl_set(who, "CSRF", c->csrf);
		if (admin_role(c) >= ROLE_EDITOR)
			tpl_show(who, "IS_EDITOR");
		if (admin_role(c) >= ROLE_ADMIN)
			tpl_show(who, "IS_ADMIN");
	}
	return d;
}

bool admin_section_options(struct ctx *c, tpl_dict *d, const char *selected)
{
	struct section *secs;
	int n;
	if (model_sections(c->db, &c->arena, &secs, &n) != STORE_OK)
		return false;
	for (int i = 0; i < n; i++) {
		tpl_dict *o = tpl_section(d, "SECTION_OPTION");
		tpl_set(o, "SLUG", secs[i].slug);
		tpl_set(o, "NAME", secs[i].name);
		if (strcmp(selected, secs[i].slug) == 0)
			tpl_show(o, "SELECTED");
	}
	return true;
}

int admin_see_other(struct ctx *c, const char *url)
{
	return response_redirect(c->res, 303, url) ? PAGE_DONE : 500;
}

void admin_purge(struct ctx *c, struct db *w, const char *keys)
{
	long long version;
	if (!purge_enabled())
		return;
	if (model_content_version(w, &version) != STORE_OK) {
		fprintf(stderr, "newsdesk: purge: cannot read the content version: purging without it\n");
		version = 0;  /* the caches' gate stays where it is */
	}
	if (!purge_keys(keys, version, true))
		admin_log(c, "purge of %s not confirmed by every cache: retried in the background", keys);
}

/* " s<id>" for a section's slug; "all" when it cannot be found (the purge must not fall short). */
static const char *section_key(struct ctx *c, const char *slug)
{
	struct section sec;
	if (!slug || model_section(c->db, &c->arena, slug, &sec) != STORE_OK)
		return slug ? " all" : "";
	return arena_printf(&c->arena, " s%lld", sec.id);
}

void admin_purge_article(struct ctx *c, struct db *w, long long id, const char *old_section,
			 const char *new_section)
{
	if (!purge_enabled())
		return;
	const char *keys = arena_printf(&c->arena, "a%lld home feeds sitemap search%s%s", id,
					section_key(c, old_section), section_key(c, new_section));
	admin_purge(c, w, keys ? keys : "all");
}

void admin_log(struct ctx *c, const char *fmt, ...)
{
	char what[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	fprintf(stderr, "newsdesk: admin %s %s: %s by %s\n", c->req.method_name, c->req.path, what,
		c->logged_in ? c->user.name : "-");
}

#define PATHS_MAX 20

/* "/news/europe/a-story", "europe/a-story" or this site's full URL, as "europe/a-story". */
static const char *article_path(struct arena *a, const char *line, size_t n)
{
	const char *news = memmem(line, n, "/news/", 6);
	if (news) {
		n -= (size_t)(news + 6 - line);
		line = news + 6;
	}
	while (n && line[n - 1] == '/')
		n--;
	const char *slash = memchr(line, '/', n);
	if (!slash || !slug_valid(line, (size_t)(slash - line)) ||
	    !slug_valid(slash + 1, n - (size_t)(slash - line) - 1))
		return NULL;
	return arena_strndup(a, line, n);
}

bool admin_read_paths(struct arena *a, const char *text, const char ***out, int *n)
{
	int cap = 0;
	*out = NULL;
	*n = 0;
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\r\n"), start = 0;
		while (start < len && (p[start] == ' ' || p[start] == '\t'))
			start++;
		while (len > start && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len > start) {
			const char *path = article_path(a, p + start, len - start);
			if (!path)  /* kept as typed, and refused by admin_paths_problem */
				path = arena_strndup(a, p + start, len - start);
			if (!path || !(*out = arena_grow(a, *out, *n, &cap, sizeof **out)))
				return false;
			(*out)[(*n)++] = path;
		}
		p += strcspn(p, "\r\n");
		while (*p == '\r' || *p == '\n')
			p++;
	}
	return true;
}

enum store_result admin_paths_problem(struct ctx *c, struct db *w, const char *const *paths, int n,
				     const char **problem)
{
	*problem = NULL;
	if (n > PATHS_MAX) {
		*problem = "Give at most 20 articles.";
		return STORE_OK;
	}
	for (int i = 0; i < n; i++) {
		const char *slash = strchr(paths[i], '/');
		bool well_formed = slash && slug_valid(paths[i], (size_t)(slash - paths[i])) &&
				   slug_valid(slash + 1, strlen(slash + 1));
		enum store_result r = well_formed ? editor_article_exists(w, paths[i]) : STORE_NOT_FOUND;
		if (r == STORE_NOT_FOUND) {
			*problem = arena_printf(&c->arena, "No article at %s: give addresses such as "
						"/news/europe/a-story, one a line.", paths[i]);
			return *problem ? STORE_OK : STORE_ERROR;
		}
		if (r != STORE_OK)
			return r;
	}
	return STORE_OK;
}
