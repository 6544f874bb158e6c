/* The sessions file beside the database (FILE-sessions): editors' sessions, login throttling and
 * the login log, kept apart so their writes never wake the page cache or wait on an editor's
 * save (all its SQL). */
#ifndef NEWSDESK_SESSIONS_H
#define NEWSDESK_SESSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "auth.h"
#include "db.h"

/* FILE-sessions for the database at db_path; false when the name would not fit. */
bool sessions_path(const char *db_path, char *out, size_t n);

/* Creates the sessions file if missing and brings its schema up; a file left by another database
 * (its identity differs) is emptied of sessions and throttling. At start-up, after db_migrate. */
bool sessions_prepare(const char *db_path, char *err, size_t errlen);

/* Opens the prepared sessions file of the database at db_path, read-write. */
/* True when the sessions file of db_path exists, has every table and index sessions_prepare
 * makes, and belongs to the database open as main: then sessions_prepare would change nothing.
 * Only reads. */
bool sessions_ready(struct db *main, const char *db_path);

bool sessions_open(struct db *s, const char *db_path, char *err, size_t errlen);

struct session {
	long long user_id, epoch;
};

enum store_result session_create(struct db *s, long long user_id, long long epoch,
				 const unsigned char *hash, time_t now);
/* The session of hash if it is live (not idle past idle_secs, not older than max_secs), its
 * last use refreshed at most once a minute; STORE_NOT_FOUND when there is none. */
enum store_result session_find(struct db *s, const unsigned char *hash, time_t now,
			       long long idle_secs, long long max_secs, struct session *out);
enum store_result session_delete(struct db *s, const unsigned char *hash);
/* Sessions used within idle_secs. */
enum store_result sessions_live(struct db *s, time_t now, long long idle_secs, long long *n);

/* A login attempt for a name and an address, decided in one transaction: *wait > 0 when either
 * key must wait (a past failure, or a check of the same key under way), and nothing is taken;
 * else both keys are marked as being checked until the attempt ends (login_end). */
enum store_result login_begin(struct db *s, const char *name_key, const char *addr_key,
			      time_t now, long long *wait);

struct login_outcome {
	const char *name_key, *addr_key;
	long long name_cap, addr_cap;   /* longest waits after repeated failures, in seconds */
	const char *name, *address;     /* for the log, as typed and as seen */
	bool success;
};

/* Ends an attempt login_begin let through, in one transaction: a success clears the name's
 * failures, a failure doubles both waits; both keys stop being checked; the log gets a line. */
enum store_result login_end(struct db *s, const struct login_outcome *o, time_t now);

/* Ends an attempt login_begin let through that could not be decided (the account could not be
 * read): both keys stop being checked, nothing is counted. */
enum store_result login_release(struct db *s, const struct login_outcome *o);

/* Logs an attempt that went no further (outcome "throttled", "busy"). */
enum store_result login_record(struct db *s, time_t now, const char *name, const char *address,
			       const char *outcome);

/* Deletes sessions past their lifetimes, throttle rows idle for an hour and log lines older
 * than log_days. */
enum store_result sessions_prune(struct db *s, time_t now, long long idle_secs,
				 long long max_secs, long long log_days);

#endif
