/* The newsroom's roles, ranked: what a route requires and what an account holds. */
#include "role.h"

#include <string.h>

static const char *const names[] = {
	[ROLE_UNDECLARED] = "undeclared", [ROLE_PUBLIC] = "public", [ROLE_REPORTER] = "reporter",
	[ROLE_EDITOR] = "editor", [ROLE_ADMIN] = "admin",
};

enum role role_from_name(const char *name)
{
	for (int r = ROLE_REPORTER; name && r <= ROLE_ADMIN; r++)
		if (strcmp(name, names[r]) == 0)
			return (enum role)r;
	return ROLE_UNDECLARED;
}

const char *role_name(enum role r)
{
	return r >= ROLE_UNDECLARED && r <= ROLE_ADMIN ? names[r] : names[ROLE_UNDECLARED];
}

bool role_account_name(const char *name)
{
	return role_from_name(name) != ROLE_UNDECLARED;
}
