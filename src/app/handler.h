/* One request, start to finish: parse, route, run the page, always leave a whole response. */
#ifndef NEWSDESK_HANDLER_H
#define NEWSDESK_HANDLER_H

#include "ctx.h"

/* Fills res (reset first) for the CGI parameters in envp and the request body. Never fails:
 * errors become pages. conns->reader is open; the others are opened on first use. */
void handle_request(const struct site *site, struct conns *conns, char **envp, const char *body,
		    size_t body_len, struct response *res);

/* The answer to a request whose body could not be read (larger than REQUEST_BODY_MAX, or cut
 * short): the 413 page, with the headers, the metrics and the log of any other answer. */
void handle_unreadable_body(const struct site *site, struct conns *conns, char **envp,
			    struct response *res);

/* What either transport (the FastCGI server, plain CGI) sends for one request: the whole CGI
 * response in out (reset first), without the body for a HEAD. body_read false: the body could
 * not be read (the 413 page). A response that cannot be serialized becomes a plain 500. */
void handle_to_output(const struct site *site, struct conns *conns, char **envp, bool body_read,
		      const char *body, size_t body_len, struct response *res, struct buf *out);

#endif
