/* An imported site's old addresses ("/2010/04/15/slug/", "/?p=123") answer with a 301 to the
 * article's newsdesk address. */
#ifndef NEWSDESK_LEGACY_H
#define NEWSDESK_LEGACY_H

#include <stdbool.h>

#include "ctx.h"

/* True when the request's path (routed: only the home page's "?p=N" or "?page_id=N"; else not
 * routed at all) is the old address of a visible article, and the redirect was made. */
bool legacy_redirect(struct ctx *c, bool routed);

#endif
