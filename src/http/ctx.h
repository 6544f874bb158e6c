/* Per-request state: created and freed once per request by the handler, never shared; and the
 * site every thread shares read-only. */
#ifndef NEWSDESK_CTX_H
#define NEWSDESK_CTX_H

#include <time.h>

#include "arena.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "sessions.h"
#include "request.h"
#include "response.h"
#include "route.h"
#include "surrogate.h"
#include "users.h"

struct media_client;

/* The view's template dictionary: opaque here, filled by the view layer, freed by the handler. */
typedef struct tpl_dict tpl_dict;

/* What every thread shares, read-only once serving starts. */
struct site {
	struct config cfg;
	const char *db_path;
	struct route_table routes;
	int password_checks;  /* at most this many logins check a password at once */
	bool page_cache;    /* keep rendered public pages in memory (serve: yes; render: no) */
	time_t reloaded_at; /* the last SIGHUP reload (0: none): pages may differ since */
	struct media_client *media;  /* the upload worker's socket (NULL: uploads refused) */
};

/* A worker thread's connections: the reader is open from the start; the writer and the
 * sessions file are opened on first use (ctx_writer, ctx_sessions). */
struct conns {
	struct db reader, writer, sessions;
};

struct ctx {
	const struct site *site;
	struct conns *conns;
	struct db *db;      /* &conns->reader: read-only */
	struct request req;
	struct route_match match;
	struct response *res;
	struct arena arena;
	tpl_dict *dict;     /* the page's template dictionary, if it made one */
	time_t now;         /* one instant for the whole request */
	tpl_dict *head;     /* the page's <head> include, for pages that add to it */
	time_t modified;    /* Last-Modified: the newest change the page shows (0: unknown) */
	time_t expires;     /* the page changes by itself then: an age ticks over (0: never) */
	bool cache_control_set;
	struct surrogate_keys keys;  /* what the page shows, for the cache tier's purges */
	long long content_version;   /* site_state's version as the page's snapshot reads it (-1: unknown) */
	bool logged_in;     /* an editor's live session came with the request: */
	struct user user;
	char csrf[TOKEN_TEXT_MAX];  /* ...and this is its CSRF token */
};

/* The read-write connection and the sessions file, each opened on first use; NULL (and logged)
 * when it cannot be. */
struct db *ctx_writer(struct ctx *c);
struct db *ctx_sessions(struct ctx *c);

/* The status of the error page for a store answer that is not STORE_OK: 404 for a row that is
 * not there, 503 for a busy database, 500 for anything else. */
int ctx_status_of(enum store_result r);

#endif
