/* The audit log's store (all its SQL): who did what, when, from which address; pruned by age.
 * Changes are in the database (audit_log); logins and failed logins are the sessions file's login
 * log, so that a login never waits on the database's lock. */
#ifndef NEWSDESK_AUDIT_H
#define NEWSDESK_AUDIT_H

#include <time.h>

#include "arena.h"
#include "db.h"

#define AUDIT_DETAIL_MAX 500   /* characters: longer details are cut (at a character) */

struct audit_entry {
	long long id, at, user_id;
	const char *user_name, *address, *action, *detail;
};

/* Writes one entry (in its own statement, outside any transaction), then deletes the entries
 * older than keep_before. */
enum store_result audit_add(struct db *db, const struct audit_entry *e, time_t keep_before);

/* The newest limit entries of the database's audit log, newest first, and how many in all. */
enum store_result audit_list(struct db *db, struct arena *a, int limit, struct audit_entry **out,
			     int *n, long long *total);

/* The same of the sessions file's login log, as entries: "login", "login failed", "login
 * throttled" (user_id 0; the name as typed). */
enum store_result audit_logins(struct db *sessions, struct arena *a, int limit,
			       struct audit_entry **out, int *n, long long *total);

#endif
