/* Per-request state: created and freed once per request by handler.c, never shared. */
#ifndef NEWSDESK_CTX_H
#define NEWSDESK_CTX_H

#include <time.h>

#include "arena.h"
#include "config.h"
#include "db.h"
#include "request.h"
#include "response.h"
#include "routes.h"
#include "tpl.h"

/* What every thread shares, read-only once serving starts. */
struct site {
	struct config cfg;
};

struct ctx {
	const struct site *site;
	struct db *db;
	struct request req;
	struct route_match match;
	struct response *res;
	struct arena arena;
	tpl_dict *dict;     /* the page's template dictionary, if it made one */
	time_t now;         /* one instant for the whole request */
};

#endif
