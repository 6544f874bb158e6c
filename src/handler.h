/* One request, start to finish: parse, route, run the page, always leave a whole response. */
#ifndef NEWSDESK_HANDLER_H
#define NEWSDESK_HANDLER_H

#include "ctx.h"

/* Fills res (reset first) for the CGI parameters in envp. Never fails: errors become pages. */
void handle_request(const struct site *site, struct db *db, char **envp, struct response *res);

#endif
