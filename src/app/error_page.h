/* The error pages (400, 403, 404, 405, 409, 413, 414, 429, 500, 503): a real page with the
 * right status, made only by the handler. */
#ifndef NEWSDESK_ERROR_PAGE_H
#define NEWSDESK_ERROR_PAGE_H

#include "ctx.h"

/* Replaces whatever c->res and c->dict hold with the error page for status. */
void error_page(struct ctx *c, int status);

#endif
