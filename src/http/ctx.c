/* Per-request state: the writer and sessions connections opened on first use, store answers as
 * statuses. */
#include "ctx.h"

#include <stdio.h>

struct db *ctx_writer(struct ctx *c)
{
	char err[512];
	struct db *w = &c->conns->writer;
	if (!w->conn && !db_open(w, c->site->db_path, false, err, sizeof err)) {
		fprintf(stderr, "newsdesk: %s\n", err);
		return NULL;
	}
	return w;
}

struct db *ctx_sessions(struct ctx *c)
{
	char err[512];
	struct db *s = &c->conns->sessions;
	if (!s->conn && !sessions_open(s, c->site->db_path, err, sizeof err)) {
		fprintf(stderr, "newsdesk: %s\n", err);
		return NULL;
	}
	return s;
}

int ctx_status_of(enum store_result r)
{
	switch (r) {
	case STORE_NOT_FOUND:
		return 404;
	case STORE_BUSY:
		return 503;
	case STORE_TAKEN:
	case STORE_NO_SECTION:
	case STORE_CONFLICT:
		return 409;
	default:
		return 500;
	}
}
