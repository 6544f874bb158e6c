/* Per-request state: the writer connection opened on first use, store answers as statuses. */
#include "ctx.h"

#include <stdio.h>

struct db *ctx_writer(struct ctx *c)
{
	char err[512];
	if (!c->writer)
		return NULL;
	if (!c->writer->conn && !db_open(c->writer, c->site->db_path, false, err, sizeof err)) {
		fprintf(stderr, "newsdesk: %s\n", err);
		return NULL;
	}
	return c->writer;
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
