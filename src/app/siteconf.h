/* Loading what the site runs with (configuration, display zone, templates): at start-up and
 * again on SIGHUP, all or nothing. */
#ifndef NEWSDESK_SITECONF_H
#define NEWSDESK_SITECONF_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "ctx.h"

struct site_source {
	const char *config_path;     /* NULL: defaults and the environment only */
	const char *templates_dir;
	bool require_base_url;       /* serve: absolute URLs need the site's address */
	bool one_request;            /* plain CGI: only route's templates and the shared ones */
	const struct route *route;   /* ...for this route (NULL: an error page or a redirect) */
};

/* path names a directory. */
bool site_is_dir(const char *path);

/* BIN/../share/newsdesk/NAME, where an installed newsdesk keeps its data, into out (outlen
 * bytes), when that is a directory; false otherwise (a build tree, or out too small). */
bool site_installed_dir(const char *name, char *out, size_t outlen);

/* The template directory when none is given: installed beside the binary
 * (BIN/../share/newsdesk/templates), else the source tree's. */
const char *site_default_templates(void);

/* Refuses a configuration without base_url: err says so in one line naming the key, the file
 * (config_path, NULL for none) and the variable. The only source of absolute URLs is
 * base_url; the Host header is the client's to write. */
bool site_config_has_base_url(const struct config *cfg, const char *config_path, char *err,
			      size_t errlen);

/* Loads config and templates; on any error site is left as it was and err says why. */
bool site_load(struct site *site, const struct site_source *src, char *err, size_t errlen);

#endif
