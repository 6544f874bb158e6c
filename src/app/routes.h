/* The route table: every URL newsdesk answers, declared once with its methods, flags, inputs,
 * templates and page. */
#ifndef NEWSDESK_ROUTES_H
#define NEWSDESK_ROUTES_H

#include "route.h"

extern const struct route_table app_routes;

/* Every template a page may expand: the routes' own and the parts every page shares, each
 * once, NULL-terminated, into out (room for max names). False when max is too small. */
bool routes_templates(const char **out, int max);

#endif
