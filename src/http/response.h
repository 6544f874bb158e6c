/* The response, buffered whole: status and headers are settled before the first byte is sent. */
#ifndef NEWSDESK_RESPONSE_H
#define NEWSDESK_RESPONSE_H

#include <stdbool.h>

#include "buf.h"

struct response {
	int status;
	const char *content_type;
	struct buf headers;   /* extra "Name: value\r\n" lines */
	struct buf body;
};

void response_init(struct response *res);
void response_free(struct response *res);

/* Drops headers and body so an error page can replace a half-built one. */
void response_reset(struct response *res);

/* Adds a header; refuses names or values that could split the header block, and a NULL value
 * (an allocation that failed). */
bool response_header(struct response *res, const char *name, const char *value);
bool response_redirect(struct response *res, int status, const char *location);

/* The whole CGI response (status line, headers, blank line, body unless head_only) into out. */
bool response_serialize(const struct response *res, bool head_only, struct buf *out);

const char *status_text(int status);

#endif
