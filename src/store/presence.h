/* Who else has an article open (all its SQL, in the sessions file): "Rayhan is editing this
 * (since 10:02)". Advice only; the 409 on a stale save stays the safety net. */
#ifndef NEWSDESK_PRESENCE_H
#define NEWSDESK_PRESENCE_H

#include <time.h>

#include "arena.h"
#include "db.h"

#define PRESENCE_SECONDS 300   /* an opened form counts this long */

struct presence {
	const char *user_name;
	long long since;
};

/* Notes that user_id has the article open now, then lists the others who opened it in the last
 * PRESENCE_SECONDS, longest first. Rows unseen for an hour go. */
enum store_result presence_visit(struct db *s, struct arena *a, long long article_id,
				 long long user_id, const char *user_name, time_t now,
				 struct presence **others, int *n);

#endif
