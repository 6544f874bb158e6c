/* The store for editors' accounts (all its SQL); their sessions live in the sessions file. */
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
	long long session_epoch;   /* sessions made in another epoch are over */
};

enum store_result user_by_name(struct db *db, struct arena *a, const char *name, struct user *out);
/* The active user a session names, while the session's epoch is still the user's;
 * STORE_NOT_FOUND once the password changed or the account was disabled. */
enum store_result user_for_session(struct db *db, struct arena *a, long long id, long long epoch,
				   struct user *out);
/* STORE_TAKEN when the name is in use. */
enum store_result user_add(struct db *db, const char *name, const char *role, const char *hash,
			   time_t now);
/* Each ends every session of the user, in the same statement; STORE_NOT_FOUND when no such
 * user. */
enum store_result user_set_password(struct db *db, const char *name, const char *hash);
enum store_result user_disable(struct db *db, const char *name);
/* Lets a disabled account log in again (with its password as it was). */
enum store_result user_enable(struct db *db, const char *name);
/* A new role: the account's sessions go on, and each request reads the role afresh. */
enum store_result user_set_role(struct db *db, const char *name, const char *role);
/* Every account by name (no password hashes). */
enum store_result user_list(struct db *db, struct arena *a, struct user **out, int *n);

#endif
