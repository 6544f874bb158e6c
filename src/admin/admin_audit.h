/* The audit log as the admin writes and shows it: audit_record for any page that changes
 * something the newsroom must be able to account for; /admin/audit for admins. */
#ifndef NEWSDESK_ADMIN_AUDIT_H
#define NEWSDESK_ADMIN_AUDIT_H

#include "ctx.h"

/* Logins and failed logins need no call: /admin/audit reads them from the login log in the
 * sessions file, where every attempt is recorded without waiting on the database.
 *
 * Records action ("publish", "role changed", "front page" ...) with a detail made from fmt, as
 * the logged-in account, from the request's address, now; entries older than audit_keep_days
 * go. After the change it records has committed. A failure is logged to stderr and never fails
 * the request: the change is done. */
void audit_record(struct ctx *c, const char *action, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int admin_audit(struct ctx *c);

#endif
