/* The store for editors: accounts, sessions, login throttling and the login log (all its SQL). */
#ifndef NEWSDESK_USERS_H
#define NEWSDESK_USERS_H

#include <stdbool.h>
#include <time.h>

#include "arena.h"
#include "auth.h"
#include "db.h"

struct user {
	long long id;
	const char *name, *role, *password_hash;   /* password_hash: from user_by_name only */
	bool disabled;
	long long created_at;
};

enum store_result user_by_name(struct db *db, struct arena *a, const char *name, struct user *out);
/* STORE_TAKEN when the name is in use. */
enum store_result user_add(struct db *db, const char *name, const char *role, const char *hash,
			   time_t now);
/* Each ends the user's sessions in the same transaction; STORE_NOT_FOUND when no such user. */
enum store_result user_set_password(struct db *db, const char *name, const char *hash);
enum store_result user_disable(struct db *db, const char *name);
/* Every account by name (no password hashes). */
enum store_result user_list(struct db *db, struct arena *a, struct user **out, int *n);

enum store_result session_create(struct db *db, long long user_id, const unsigned char *hash,
				 time_t now);
/* The live session's user: not idle past idle_secs, not older than max_secs, not disabled;
 * STORE_NOT_FOUND when there is none. */
enum store_result session_user(struct db *db, struct arena *a, const unsigned char *hash,
			       time_t now, long long idle_secs, long long max_secs, struct user *out);
enum store_result session_delete(struct db *db, const unsigned char *hash);

/* Seconds until key may try again (0: now). */
enum store_result throttle_wait(struct db *db, const char *key, time_t now, long long *wait);
/* Records a failure: the wait doubles from 1 second up to cap_secs. */
enum store_result throttle_fail(struct db *db, const char *key, time_t now, long long cap_secs);
enum store_result throttle_clear(struct db *db, const char *key);
enum store_result login_record(struct db *db, time_t now, const char *name, const char *address,
			       const char *outcome);

#endif
