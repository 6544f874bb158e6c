/* The store for editors: accounts, sessions, login throttling and the login log (all its SQL). */
#ifndef NEWSDESK_USERS_H
#define NEWSDESK_USERS_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "arena.h"
#include "auth.h"
#include "db.h"
#include "model.h"

struct user {
	long long id;
	const char *name, *role, *password_hash;
	bool disabled;
};

enum model_result user_by_name(struct db *db, struct arena *a, const char *name, struct user *out);
/* Each returns false with a message in err. */
bool user_add(struct db *db, const char *name, const char *role, const char *hash, time_t now,
	      char *err, size_t errlen);
bool user_set_password(struct db *db, const char *name, const char *hash, char *err, size_t errlen);
bool user_disable(struct db *db, const char *name, char *err, size_t errlen);
bool user_list(struct db *db, FILE *out);

bool session_create(struct db *db, long long user_id, const unsigned char *hash, time_t now);
/* The live session's user: not idle past idle_secs, not older than max_secs, not disabled. */
enum model_result session_user(struct db *db, struct arena *a, const unsigned char *hash,
			       time_t now, long long idle_secs, long long max_secs, struct user *out);
bool session_delete(struct db *db, const unsigned char *hash);

/* Seconds until key may try again (0: now). */
long long throttle_wait(struct db *db, const char *key, time_t now);
/* Records a failure: the wait doubles from 1 second up to cap_secs. */
bool throttle_fail(struct db *db, const char *key, time_t now, long long cap_secs);
bool throttle_clear(struct db *db, const char *key);
bool login_record(struct db *db, time_t now, const char *name, const char *address,
		  const char *outcome);

#endif
