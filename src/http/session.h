/* Editors' sessions on the request path: the gate each route's flags ask for, login, logout. */
#ifndef NEWSDESK_SESSION_H
#define NEWSDESK_SESSION_H

#include <stdbool.h>

#include "ctx.h"

/* Loads the session and applies the route's flags. False when the request goes no further:
 * *status is then PAGE_DONE (it redirected to the login page) or 403. */
bool session_gate(struct ctx *c, int *status);

/* Starts a session for u (in u's session epoch): a new token in the cookie, only its hash
 * stored. */
bool session_start(struct ctx *c, const struct user *u);

/* Deletes the session server-side and expires the cookie. */
void session_end(struct ctx *c);

#endif
