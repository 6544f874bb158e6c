/* Renders one page in-process, without FastCGI: for measuring and for looking. */
#ifndef NEWSDESK_RENDER_H
#define NEWSDESK_RENDER_H

#include "ctx.h"

/* Prints the response for GET path; with repeat > 0, renders that often and prints timings.
 * With as (an editor's name), each request carries a session of that editor, made in the
 * sessions file as a login makes one and ended afterwards. */
int render_path(const struct site *site, const char *db_path, const char *path, long long repeat,
		const char *as);

#endif
