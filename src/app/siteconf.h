/* Loading what the site runs with (configuration, display zone, templates): at start-up and
 * again on SIGHUP, all or nothing. */
#ifndef NEWSDESK_SITECONF_H
#define NEWSDESK_SITECONF_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"

struct site_source {
	const char *config_path;     /* NULL: defaults and the environment only */
	const char *templates_dir;
};

/* The template directory when none is given: installed beside the binary
 * (BIN/../share/newsdesk/templates), else the source tree's. */
const char *site_default_templates(void);

/* Loads config and templates; on any error site is left as it was and err says why. */
bool site_load(struct site *site, const struct site_source *src, char *err, size_t errlen);

#endif
