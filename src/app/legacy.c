/* Old WordPress addresses to their articles' new ones: a 301, looked up in legacy_paths. */
#include "legacy.h"

#include <string.h>

#include "importer.h"
#include "response.h"
#include "site.h"
#include "validate.h"

/* "/?p=123" or "/?page_id=7" when the query names a post or page by a strict number. */
static const char *query_key(struct ctx *c)
{
	const char *q = c->req.query;
	while (q && *q) {
		size_t n = strcspn(q, "&;");
		const char *eq = memchr(q, '=', n);
		if (eq) {
			size_t klen = (size_t)(eq - q);
			char *value = arena_strndup(&c->arena, eq + 1, n - klen - 1);
			long long id;
			bool post = klen == 1 && q[0] == 'p', page = klen == 7 && !strncmp(q, "page_id", 7);
			if (value && (post || page) && parse_uint(value, 1LL << 53, &id))
				return arena_printf(&c->arena, "/?%s=%lld", post ? "p" : "page_id", id);
		}
		q += n + (q[n] != '\0');
	}
	return NULL;
}

static const char *path_key(struct ctx *c)
{
	size_t n = strlen(c->req.path);
	while (n > 1 && c->req.path[n - 1] == '/')
		n--;
	return n > 1 ? arena_strndup(&c->arena, c->req.path, n) : NULL;
}

bool legacy_redirect(struct ctx *c, bool routed)
{
	if (c->req.method != METHOD_GET && c->req.method != METHOD_HEAD)
		return false;
	if (routed && strcmp(c->req.path, "/") != 0)
		return false;
	const char *key = routed ? query_key(c) : path_key(c);
	const char *section, *slug;
	if (!key || import_legacy_target(c->db, &c->arena, key, c->now, &section, &slug) != STORE_OK)
		return false;
	const char *to = site_article_url(c, section, slug);
	return to && response_redirect(c->res, 301, to);
}
