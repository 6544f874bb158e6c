/* The newsroom's roles, ranked: what a route requires and what an account holds. */
#ifndef NEWSDESK_ROLE_H
#define NEWSDESK_ROLE_H

#include <stdbool.h>

/* Each role may do all that the ones below it may. ROLE_UNDECLARED is a route table row that
 * names no role: refused to everyone, and the route test fails on it. */
enum role {
	ROLE_UNDECLARED = 0,
	ROLE_PUBLIC,     /* anyone, no session needed */
	ROLE_REPORTER,   /* writes and edits own drafts, submits them for review */
	ROLE_EDITOR,     /* everything about articles, sections, promos, the front page */
	ROLE_ADMIN,      /* also users and the audit log */
};

/* "reporter", "editor" or "admin" as a role; ROLE_UNDECLARED for anything else. */
enum role role_from_name(const char *name);

/* The name of a role ("public", "reporter", ...; "undeclared" for ROLE_UNDECLARED). */
const char *role_name(enum role r);

/* An account's role name is one an account may hold. */
bool role_account_name(const char *name);

#endif
