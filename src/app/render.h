/* Renders one page in-process, without FastCGI: for measuring and for looking. */
#ifndef NEWSDESK_RENDER_H
#define NEWSDESK_RENDER_H

#include "ctx.h"

/* Prints the response for GET path; with repeat > 0, renders that often and prints timings. */
int render_path(const struct site *site, const char *db_path, const char *path, long long repeat);

#endif
