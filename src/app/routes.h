/* The route table: every URL newsdesk answers, declared once with its methods, flags, inputs,
 * templates and page. */
#ifndef NEWSDESK_ROUTES_H
#define NEWSDESK_ROUTES_H

#include <stdio.h>

#include "route.h"

extern const struct route_table app_routes;

/* Every template a page may expand: the routes' own and the parts every page shares, each
 * once, NULL-terminated, into out (room for max names). False when max is too small. */
bool routes_templates(const char **out, int max);

/* The table as JSON lines (name, pattern, methods, CSRF, role, input names): the hidden command
 * `newsdesk routes`, which tests/e2e/roles-routes.test.js walks so that every route, including
 * ones added later, is tried with every role. Patterns and names are the program's constants. */
void routes_print(FILE *out);
/* Only what a request for route r may expand (r NULL: an error page or a redirect): the shared
 * parts and r's own. For plain CGI, whose one request needs no other. */
bool routes_templates_of(const struct route *r, const char **out, int max);

#endif
