/* One request, start to finish: parse, route, run the page, always leave a whole response. */
#ifndef NEWSDESK_HANDLER_H
#define NEWSDESK_HANDLER_H

#include "ctx.h"

/* Fills res (reset first) for the CGI parameters in envp and the request body. Never fails:
 * errors become pages. db is read-only; writer is opened on first use by pages that write. */
void handle_request(const struct site *site, struct db *db, struct db *writer, char **envp,
		    const char *body, size_t body_len, struct response *res);

#endif
